from celery import shared_task

from scheduler import adhoc_run
from scheduler.execution import execute, execute_virtual_batch, keep_queued


@shared_task(name="scheduler.run_instance", acks_late=True, ignore_result=True)
def run_instance(instance_id: int) -> str:
    return execute(instance_id, worker=run_instance.request.hostname or "worker")


@shared_task(name="scheduler.run_instances", acks_late=True, ignore_result=True)
def run_instances(instance_ids: list[int]) -> str:
    """Several instances released together, run one after the other (see dispatch.send)."""
    worker = run_instances.request.hostname or "worker"
    outcomes = []
    for number, instance_id in enumerate(instance_ids):
        keep_queued(instance_ids[number + 1 :])
        outcomes.append(execute(instance_id, worker=worker))
    return ", ".join(outcomes)


@shared_task(name="scheduler.run_virtual_instances", acks_late=True, ignore_result=True)
def run_virtual_instances(instance_ids: list[int]) -> str:
    worker = run_virtual_instances.request.hostname or "worker"
    return execute_virtual_batch(instance_ids, worker=worker)


@shared_task(name="scheduler.run_adhoc_query", acks_late=True, ignore_result=True)
def run_adhoc_query(query_id: int) -> str:
    return adhoc_run.execute(query_id)
