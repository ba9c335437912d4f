"""Backfill: preview and creation of 365 dates x 200 nodes, the dispatch query while most are held,
and 300 no-op dates run on 2 workers."""

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from benchmarks._report import line

PREVIEW_TARGET_S = 2.0
CREATE_TARGET_S = 10.0
RUN_TARGET_RATE = 200
TICK_TARGET_MS = 20.0


def _layered_graph(layers: int, width: int):
    """`layers` x `width` virtual nodes; each node below the first layer has two upstreams."""
    from benchmarks.generation import seed
    from projects.models import Dependency

    user, project, nodes = seed(layers * width, cron="0 2 * * *")
    rng = random.Random(7)
    deps = []
    for layer in range(1, layers):
        above = nodes[(layer - 1) * width : layer * width]
        for node in nodes[layer * width : (layer + 1) * width]:
            for upstream in rng.sample(above, 2):
                deps.append(Dependency(project=project, upstream=upstream, downstream=node))
    Dependency.objects.bulk_create(deps)
    return user, project, nodes[:width]


def _plan_and_create(quick: bool) -> tuple[float, float, int]:
    from scheduler import backfills
    from scheduler.models import Instance

    layers, width, n_dates = (4, 5, 30) if quick else (10, 20, 365)
    user, project, roots = _layered_graph(layers, width)
    start = dt.date(2025, 1, 1)
    spec = backfills.Spec(
        name="a year",
        root_nodes=[n.id for n in roots],
        downstream="all",
        start_date=start,
        end_date=start + dt.timedelta(days=n_dates - 1),
        parallelism=3,
    )
    began = time.perf_counter()
    plan = backfills.build_plan(project, user, spec)
    preview = time.perf_counter() - began
    began = time.perf_counter()
    backfill = backfills.create(project=project, actor=user, spec=spec)
    create = time.perf_counter() - began
    count = Instance.objects.filter(backfill=backfill).count()
    assert count == len(plan.slots) == layers * width * n_dates, (count, len(plan.slots))
    # Created only: nothing may start during the measurement of the run below.
    backfills.pause(backfill=backfill, actor=user)
    print(
        f"{count} instances, {len(plan.edges)} edges: preview {preview:.2f} s, "
        f"create {create:.2f} s",
        flush=True,
    )
    return preview, create, count


def _tick_ms() -> float:
    """The dispatch's ready query while the year's later dates are held: median of 7, in ms."""
    from django.db import connection
    from django.utils import timezone

    from scheduler import dispatch

    if connection.vendor == "postgresql":  # what autovacuum does soon after a big insert
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE scheduler_instance, scheduler_instancedependency")
    times = []
    for _ in range(7):
        began = time.perf_counter()
        dispatch.ready(timezone.now())  # the first 500, first to run first
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    print(f"ready query with the later dates held: {times[3]:.1f} ms", flush=True)
    return times[3]


def _run_rate(quick: bool) -> float:
    from benchmarks.generation import seed
    from scheduler import backfills
    from scheduler.models import Instance, InstanceEvent
    from tests.stack import start_worker, wait_until

    n_dates = 60 if quick else 300
    user, project, [node] = seed(1, cron="0 3 * * *")
    project.max_concurrent_instances = 1000
    project.save()
    spec = backfills.Spec(
        name="no-ops",
        root_nodes=[node.id],
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 1, 1) + dt.timedelta(days=n_dates - 1),
        parallelism=n_dates,
    )
    worker = start_worker(Path(tempfile.mkdtemp(prefix="bench-backfill-")), concurrency=2)
    try:
        backfill = backfills.create(project=project, actor=user, spec=spec)
        wait_until(
            lambda: Instance.objects.filter(backfill=backfill, status="success").count() == n_dates,
            timeout=600,
            interval=0.2,
            message="the backfill to finish",
        )
    finally:
        worker.stop()
    events = InstanceEvent.objects.filter(instance__backfill=backfill)
    first = events.filter(to_status="queued").earliest("created_at").created_at
    last = events.filter(to_status="success").latest("created_at").created_at
    rate = n_dates / max((last - first).total_seconds(), 1e-6)
    print(f"{n_dates} backfill dates of a no-op node: {rate:.0f} instances/s", flush=True)
    return rate


def run(quick: bool) -> str:
    preview, create, _ = _plan_and_create(quick)
    tick = _tick_ms()
    rate = _run_rate(quick)
    print(line("backfill-preview", preview, "s", "<=", PREVIEW_TARGET_S), flush=True)
    print(line("backfill-tick", tick, "ms", "<=", TICK_TARGET_MS), flush=True)
    print(line("backfill-run", rate, "instances/s", ">=", RUN_TARGET_RATE), flush=True)
    return line("backfill", create, "s", "<=", CREATE_TARGET_S)
