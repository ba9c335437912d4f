"""A fan-out of 2,000 virtual nodes on 2 worker processes (target >= 300 instances/s)."""

import datetime as dt
import tempfile
from pathlib import Path

from benchmarks._floor import group_rate
from benchmarks._report import line

TARGET_RATE = 300


def run(quick: bool) -> str:
    from benchmarks.generation import seed
    from projects.models import Dependency
    from scheduler import dispatch, generation
    from scheduler.models import Instance, InstanceEvent
    from tests.stack import start_worker, wait_until

    width = 100 if quick else 2_000
    _, project, nodes = seed(width + 1, cron="0 1 * * *")
    root, children = nodes[0], nodes[1:]
    Dependency.objects.bulk_create(
        [Dependency(project=project, upstream=root, downstream=c) for c in children]
    )
    project.max_concurrent_instances = width + 1
    project.save()
    generation.generate_day(dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1))
    worker = start_worker(Path(tempfile.mkdtemp(prefix="bench-fanout-")), concurrency=2)
    try:
        floor = group_rate(width)
        dispatch.release()
        wait_until(
            lambda: Instance.objects.filter(status="success").count() == width + 1,
            timeout=600,
            interval=0.2,
            message="the fan-out to finish",
        )
    finally:
        worker.stop()
    root_done = InstanceEvent.objects.get(instance__node=root, to_status="success").created_at
    last_done = InstanceEvent.objects.filter(to_status="success").latest("created_at").created_at
    rate = width / (last_done - root_done).total_seconds()
    print(
        f"fan-out of {width}: {rate:.0f} instances/s; plain Celery group: {floor:.0f} tasks/s; "
        f"ours / Celery = {rate / floor:.2f}",
        flush=True,
    )
    return line("fanout", rate, "instances/s", ">=", TARGET_RATE)
