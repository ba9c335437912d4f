"""The plain-Celery floor: the same shapes as our workloads, with a task that does nothing."""

import time
import uuid

from celery import chain, group


def _times(key: str, expected: int, timeout: float = 120) -> dict[int, float]:
    from workbench.redis_client import get_redis

    redis = get_redis()
    deadline = time.monotonic() + timeout
    while redis.llen(key) < expected and time.monotonic() < deadline:
        time.sleep(0.02)
    found = {}
    for raw in redis.lrange(key, 0, -1):
        index, stamp = raw.decode().split(":")
        found[int(index)] = float(stamp)
    redis.delete(key)
    return found


def chain_hops(length: int) -> list[float]:
    """Seconds between one task running and the next one running, along a chain."""
    from workbench.tasks import noop

    key = f"bench:{uuid.uuid4().hex}"
    chain(*(noop.si(key, i) for i in range(length))).apply_async(queue="default")
    stamps = _times(key, length)
    return [stamps[i + 1] - stamps[i] for i in range(length - 1) if i in stamps and i + 1 in stamps]


def group_rate(size: int) -> float:
    """Tasks per second for a group of no-op tasks, from sending to the last one done."""
    from workbench.tasks import noop

    key = f"bench:{uuid.uuid4().hex}"
    started = time.time()
    group(noop.si(key, i) for i in range(size)).apply_async(queue="default")
    stamps = _times(key, size)
    return len(stamps) / (max(stamps.values()) - started)
