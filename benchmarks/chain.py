"""A chain of 200 virtual nodes on 2 worker processes: hop latency (median <= 20 ms, p99 <= 100 ms)."""

import datetime as dt
import tempfile
import time
from pathlib import Path

from benchmarks._floor import chain_hops
from benchmarks._report import line, median, percentile

TARGET_MEDIAN_MS = 20


def run(quick: bool) -> str:
    from benchmarks.generation import seed
    from projects.models import Dependency
    from scheduler import dispatch, generation
    from scheduler.models import Instance, InstanceDependency, InstanceEvent
    from tests.stack import start_worker, wait_until

    length = 20 if quick else 200
    _, project, nodes = seed(length, cron="0 1 * * *")
    Dependency.objects.bulk_create(
        [
            Dependency(project=project, upstream=a, downstream=b)
            for a, b in zip(nodes, nodes[1:], strict=False)
        ]
    )
    generation.generate_day(dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1))
    worker = start_worker(Path(tempfile.mkdtemp(prefix="bench-chain-")), concurrency=2)
    try:
        floor = [h * 1000 for h in chain_hops(length)]
        started = time.perf_counter()
        dispatch.release()
        wait_until(
            lambda: Instance.objects.filter(status="success").count() == length,
            timeout=300,
            message="the chain to finish",
        )
        elapsed = time.perf_counter() - started
    finally:
        worker.stop()
    succeeded = dict(
        InstanceEvent.objects.filter(to_status="success").values_list("instance_id", "created_at")
    )
    running = dict(
        InstanceEvent.objects.filter(to_status="running").values_list("instance_id", "created_at")
    )
    hops = [
        (running[d] - succeeded[u]).total_seconds() * 1000
        for u, d in InstanceDependency.objects.values_list("upstream_id", "downstream_id")
    ]
    ours, base = median(hops), median(floor)
    print(
        f"chain of {length}: {elapsed:.2f} s end to end; hop median {ours:.1f} ms, p99 {percentile(hops, 99):.1f} ms",
        flush=True,
    )
    print(
        f"plain Celery chain: hop median {base:.1f} ms, p99 {percentile(floor, 99):.1f} ms; "
        f"ours / Celery = {ours / base if base else float('nan'):.1f}x",
        flush=True,
    )
    return line("chain", ours, "ms median hop", "<=", TARGET_MEDIAN_MS)
