import time

from celery import shared_task

from scheduler import adhoc_run, follow_on
from scheduler.execution import execute, execute_virtual_batch, keep_queued


@shared_task(name="scheduler.run_instance", acks_late=True, ignore_result=True, bind=True)
def run_instance(self, instance_id: int) -> str:
    return _run(self.request, [instance_id])


@shared_task(name="scheduler.run_instances", acks_late=True, ignore_result=True, bind=True)
def run_instances(self, instance_ids: list[int]) -> str:
    """Several instances released together (see dispatch.send)."""
    return _run(self.request, instance_ids)


def _run(request, instance_ids: list[int]) -> str:
    """The instances one after the other, then the runs the last one made ready (follow_on)."""
    worker = request.hostname or "worker"
    queue_name = (request.delivery_info or {}).get("routing_key") or "default"
    outcomes = []
    for number, instance_id in enumerate(instance_ids[:-1]):
        keep_queued(instance_ids[number + 1 :])
        outcomes.append(execute(instance_id, worker=worker))
    if instance_ids:
        outcomes += _with_follow_ons(instance_ids[-1], worker, queue_name)
    return ", ".join(outcomes)


def _with_follow_ons(instance_id: int, worker: str, queue_name: str) -> list[str]:
    started = time.monotonic()
    outcomes, after = [], None
    while instance_id is not None:
        if (
            len(outcomes) >= follow_on.MAX_FOLLOW_ONS
            or time.monotonic() - started > follow_on.FOLLOW_ON_SECONDS
        ):
            outcomes.append(execute(instance_id, worker=worker, after=after))
            break
        outcomes.append(execute(instance_id, worker=worker, after=after, offer=queue_name))
        after, instance_id = instance_id, follow_on.taken()
    return outcomes


@shared_task(name="scheduler.run_virtual_instances", acks_late=True, ignore_result=True)
def run_virtual_instances(instance_ids: list[int]) -> str:
    worker = run_virtual_instances.request.hostname or "worker"
    return execute_virtual_batch(instance_ids, worker=worker)


@shared_task(name="scheduler.run_adhoc_query", acks_late=True, ignore_result=True)
def run_adhoc_query(query_id: int) -> str:
    return adhoc_run.execute(query_id)
