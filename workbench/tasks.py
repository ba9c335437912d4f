import time

from celery import shared_task


@shared_task(name="workbench.noop", ignore_result=True)
def noop(key: str, index: int) -> None:
    """Does nothing but note when it ran: the plain-Celery floor the benchmarks compare with."""
    from workbench.redis_client import get_redis

    get_redis().rpush(key, f"{index}:{time.time():.6f}")
