"""Instance generation: one instance per deployed node per cycle time, with materialised edges.

Idempotent by construction: instances are keyed (node, cyctime, run_key) and edges
(upstream, downstream), both inserted with ON CONFLICT DO NOTHING, so running it twice, or on
two schedulers at once, yields each instance and edge once. Bulk: a handful of queries per
day whatever the number of nodes.

Edges between nodes of different cycles follow DataWorks:
- upstream runs once a day: every downstream instance of the day waits for it;
- downstream runs once a day: it waits for all of the upstream's instances of the day;
- both run several times a day: one-to-one when the times match, otherwise each downstream
  instance waits for the upstream instances since the previous downstream time, up to its own
  time (the latest earlier one when there is none in that window, the day's first one when
  the upstream has not run yet by then);
- self dependency: the node's previous instance (yesterday's last for the first of the day);
- upstream previous cycle: the upstream's last instance of the previous day.
"""

import bisect
import datetime as dt
import logging
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from projects.models import Dependency, DependencyKind, Node, NodeVersion, Project
from scheduler.cron import cycle_times
from scheduler.models import GenerationMark, Instance, InstanceDependency
from scheduler.states import InstanceState, RunKind

log = logging.getLogger(__name__)
SCHEDULED = "scheduled"
BATCH = 5000


def local_day_bounds(day: dt.date, tz: str) -> tuple[dt.datetime, dt.datetime]:
    zone = zoneinfo.ZoneInfo(tz)
    start = dt.datetime.combine(day, dt.time(), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _deployed(node_ids=None, project_ids=None):
    nodes = Node.objects.filter(deployed_version__isnull=False)
    if node_ids is not None:
        nodes = nodes.filter(id__in=node_ids)
    if project_ids is not None:
        nodes = nodes.filter(project_id__in=project_ids)
    rows = list(nodes.values_list("id", "project_id", "project__timezone", "deployed_version_id"))
    snapshots = dict(
        NodeVersion.objects.filter(id__in=[r[3] for r in rows]).values_list("id", "snapshot")
    )
    return [
        (node_id, project_id, tz, version_id, snapshots[version_id])
        for node_id, project_id, tz, version_id in rows
    ]


def _in_dates(snapshot: dict, day: dt.date) -> bool:
    start, end = snapshot.get("start_date"), snapshot.get("end_date")
    return not (
        (start and day < dt.date.fromisoformat(start)) or (end and day > dt.date.fromisoformat(end))
    )


def generate_day(
    day: dt.date,
    *,
    node_ids=None,
    project_ids=None,
    now: dt.datetime | None = None,
    past_as_dry_run: bool = False,
) -> dict:
    """Create the scheduled instances (and their edges) of cycle date `day` (each project's local date).

    With `past_as_dry_run`, slots already in the past become skipped dry runs (deploy "immediately").
    Returns counts of instances and edges created.
    """
    now = now or timezone.now()
    nodes = _deployed(node_ids, project_ids)
    rows = []
    for node_id, project_id, tz, version_id, snap in nodes:
        times = cycle_times(snap.get("cron") or "0 0 * * *", day, tz)
        dry = bool(snap.get("dry_run")) or not _in_dates(snap, day)
        status = InstanceState.FROZEN if snap.get("paused") else InstanceState.PENDING
        for cyctime in times:
            past = past_as_dry_run and cyctime < now
            rows.append(
                Instance(
                    project_id=project_id,
                    node_id=node_id,
                    version_id=version_id,
                    run_kind=RunKind.SCHEDULED,
                    run_key=SCHEDULED,
                    cyctime=cyctime,
                    bizdate=day - dt.timedelta(days=1),
                    status=InstanceState.SKIPPED
                    if past and status == InstanceState.PENDING
                    else status,
                    reason="past_slot" if past else "generated",
                    dry_run=dry or past,
                    max_attempts=1 + int(snap.get("retries") or 0),
                    priority=int(snap.get("priority") or 0),
                    queue=snap.get("resource_group") or "default",
                    timeout_seconds=int(snap.get("timeout_seconds") or 0),
                    version_snapshot=snap,
                )
            )
    with transaction.atomic():
        Instance.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        edges = _materialise_edges(day, [n[0] for n in nodes])
    return {"slots": len(rows), "edges": edges}


SMALL = 2000  # below this many nodes, filter by id in SQL; above, by time window and in Python


def _instances_by_node(node_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, list]:
    found: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
    qs = Instance.objects.filter(run_key=SCHEDULED, cyctime__gte=start, cyctime__lt=end)
    if len(node_ids) <= SMALL:
        qs = qs.filter(node_id__in=node_ids)
    for node_id, cyctime, instance_id in qs.values_list("node_id", "cyctime", "id").iterator(
        chunk_size=BATCH
    ):
        if node_id in node_ids:
            found[node_id].append((cyctime, instance_id))
    for values in found.values():
        values.sort()
    return found


def _materialise_edges(day: dt.date, node_ids: list[int]) -> int:
    if not node_ids:
        return 0
    wanted = set(node_ids)
    deps = Dependency.objects.filter(upstream__deployed_version__isnull=False)
    if len(wanted) <= SMALL:
        deps = deps.filter(downstream_id__in=wanted)
    edges = [
        e
        for e in deps.values_list("upstream_id", "downstream_id", "kind").iterator(chunk_size=BATCH)
        if e[1] in wanted
    ]
    # Widest window any time zone can need: the local day spans at most UTC day -1 .. day +2.
    start = dt.datetime.combine(day - dt.timedelta(days=2), dt.time(), dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=2), dt.time(), dt.UTC)
    involved = wanted | {u for u, _, _ in edges}
    zones = Node.objects.filter(deployed_version__isnull=False)
    if len(involved) <= SMALL:
        zones = zones.filter(id__in=involved)
    tz_of = dict(zones.values_list("id", "project__timezone").iterator(chunk_size=BATCH))
    window = _instances_by_node(involved, start, end)
    bounds: dict[tuple[str, dt.date], tuple[dt.datetime, dt.datetime]] = {}

    def of_day(node_id: int, the_day: dt.date) -> list[tuple[dt.datetime, int]]:
        key = (tz_of[node_id], the_day)
        if key not in bounds:
            bounds[key] = local_day_bounds(the_day, key[0])
        lo, hi = bounds[key]
        return [item for item in window.get(node_id, []) if lo <= item[0] < hi]

    links: list[InstanceDependency] = []
    for upstream, downstream, kind in edges:
        down = of_day(downstream, day)
        if not down:
            continue
        if kind == DependencyKind.SELF_PREVIOUS_CYCLE:
            previous = of_day(downstream, day - dt.timedelta(days=1))
            chain = previous[-1:] + down
            links += [
                InstanceDependency(upstream_id=a[1], downstream_id=b[1], kind=kind)
                for a, b in zip(chain, chain[1:], strict=False)
            ]
            continue
        if kind == DependencyKind.UPSTREAM_PREVIOUS_CYCLE:
            previous = of_day(upstream, day - dt.timedelta(days=1))
            if previous:
                links += [
                    InstanceDependency(upstream_id=previous[-1][1], downstream_id=d[1], kind=kind)
                    for d in down
                ]
            continue
        up = of_day(upstream, day)
        for up_id, down_id in match_cycles(up, down):
            links.append(InstanceDependency(upstream_id=up_id, downstream_id=down_id, kind=kind))
    InstanceDependency.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    return len(links)


def match_cycles(
    up: list[tuple[dt.datetime, int]], down: list[tuple[dt.datetime, int]]
) -> list[tuple[int, int]]:
    """(upstream id, downstream id) pairs for one day by DataWorks' mixed-cycle rules."""
    if not up or not down:
        return []
    if len(up) == 1:
        return [(up[0][1], d) for _, d in down]
    if len(down) == 1:
        return [(u, down[0][1]) for _, u in up]
    up_times = [t for t, _ in up]
    if up_times == [t for t, _ in down]:
        return [(u[1], d[1]) for u, d in zip(up, down, strict=True)]
    pairs = []
    previous = None
    for time, down_id in down:
        hi = bisect.bisect_right(up_times, time)
        lo = bisect.bisect_right(up_times, previous) if previous is not None else 0
        chosen = up[lo:hi] or (up[hi - 1 : hi] if hi else up[:1])
        pairs += [(u, down_id) for _, u in chosen]
        previous = time
    return pairs


def generate_due(now: dt.datetime) -> None:
    """Scheduler step: after each project's generation time, create tomorrow's instances once."""
    hour, minute = (int(x) for x in settings.SCHEDULER_GENERATION_TIME.split(":"))
    for project_id, tz in Project.objects.values_list("id", "timezone"):
        local = now.astimezone(zoneinfo.ZoneInfo(tz))
        days = [local.date()]  # today must exist too (a fresh install, or an outage)
        if (local.hour, local.minute) >= (hour, minute):
            days.append(local.date() + dt.timedelta(days=1))
        for day in days:
            if GenerationMark.objects.filter(project_id=project_id, day=day).exists():
                continue
            # Today's slots already past (a fresh install, or the scheduler was down) become dry
            # runs: no burst of late runs after an outage; backfills rerun what is needed.
            counts = generate_day(day, project_ids=[project_id], now=now, past_as_dry_run=True)
            GenerationMark.objects.get_or_create(project_id=project_id, day=day)
            log.info(
                "generated %s instances and %s edges of project %s for %s",
                counts["slots"],
                counts["edges"],
                project_id,
                day,
            )


def on_deployed(node_ids: list[int]) -> None:
    """After a deploy: today's remaining slots of 'immediately' nodes, and any marked day's slots."""
    now = timezone.now()
    nodes = Node.objects.filter(id__in=node_ids, deployed_version__isnull=False)
    by_project: dict[int, list[int]] = defaultdict(list)
    immediate: set[int] = set()
    for node_id, project_id, generation in nodes.values_list(
        "id", "project_id", "instance_generation"
    ):
        by_project[project_id].append(node_id)
        if generation == "immediately":
            immediate.add(node_id)
    for project_id, ids in by_project.items():
        tz = Project.objects.get(pk=project_id).timezone
        today = now.astimezone(zoneinfo.ZoneInfo(tz)).date()
        marked = set(
            GenerationMark.objects.filter(project_id=project_id, day__gte=today).values_list(
                "day", flat=True
            )
        )
        now_ids = [i for i in ids if i in immediate]
        if now_ids and today not in marked:
            generate_day(today, node_ids=now_ids, now=now, past_as_dry_run=True)
        for day in sorted(marked):
            # Days already generated for the project: add the newly deployed nodes to them.
            generate_day(day, node_ids=ids, now=now, past_as_dry_run=(day == today))
