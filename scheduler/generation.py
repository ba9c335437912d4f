"""Instance generation: one instance per deployed node per cycle time, with materialised edges.

Idempotent by construction: instances are keyed (node, cyctime, run_key) and edges
(upstream, downstream), both inserted with ON CONFLICT DO NOTHING, so running it twice, or on
two schedulers at once, yields each instance and edge once. Bulk: a handful of statements per
10,000 instances or edges, written by `generation_sql` (arrays through `unnest` on PostgreSQL).

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
import json
import logging
import zoneinfo
from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from cycles.cron import cycle_times
from projects.models import Dependency, DependencyKind, Node, Project
from scheduler import generation_sql
from scheduler.models import GenerationFailure, GenerationMark
from scheduler.states import InstanceReason, InstanceState
from workbench import hooks

log = logging.getLogger(__name__)

# Dotted paths of `hook(project_id, day, error)`, told that a project's instances could not be
# generated; the scheduler goes on with the other projects and retries this one with back-off.
GENERATION_FAILED_HOOKS: list[str] = []

# What generation reads of a version's snapshot: not the code, which may be large.
CONFIG_KEYS = (
    "cron",
    "start_date",
    "end_date",
    "paused",
    "dry_run",
    "retries",
    "priority",
    "resource_group",
    "timeout_seconds",
    "catch_up",
    "dst_gap",
    "dst_overlap",
)
# Plain strings: they go into database arrays, where a str subclass costs a lookup per item.
PENDING, FROZEN, SKIPPED = (
    str(InstanceState.PENDING),
    str(InstanceState.FROZEN),
    str(InstanceState.SKIPPED),
)
GENERATED, CAUGHT_UP, PAST_SLOT = (
    str(InstanceReason.GENERATED),
    str(InstanceReason.CAUGHT_UP),
    str(InstanceReason.PAST_SLOT),
)


def local_day_bounds(day: dt.date, tz: str) -> tuple[dt.datetime, dt.datetime]:
    zone = zoneinfo.ZoneInfo(tz)
    start = dt.datetime.combine(day, dt.time(), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _deployed(node_ids=None, project_ids=None) -> list[tuple[int, int, str, int, str]]:
    """(node, project, time zone, deployed version, its snapshot's CONFIG_KEYS as JSON) per node.

    As JSON text, so that the nodes sharing a configuration decode it once.
    """
    nodes = Node.objects.filter(deployed_version__isnull=False)
    if node_ids is not None:
        nodes = nodes.filter(id__in=node_ids)
    if project_ids is not None:
        nodes = nodes.filter(project_id__in=project_ids)
    config = generation_sql.snapshot_subset("deployed_version__snapshot", CONFIG_KEYS)
    return list(
        nodes.values_list(
            "id",
            "project_id",
            "project__timezone",
            "deployed_version_id",
            Cast(config, TextField()),
        )
    )


class _Schedule(NamedTuple):
    """What generation makes of a node's configuration on one day in one time zone."""

    # (cyctime, status, reason, dry run) per slot, the catch-up policy applied.
    slots: list[tuple[dt.datetime, str, str, bool]]
    max_attempts: int
    priority: int
    queue: str
    timeout_seconds: int


def _schedule(config: dict, tz: str, day: dt.date, now: dt.datetime, catch_up: bool) -> _Schedule:
    """With `catch_up`, slots already past are handled by the node's catch-up policy."""
    start, end = config.get("start_date"), config.get("end_date")
    outside = (start and day < dt.date.fromisoformat(start)) or (
        end and day > dt.date.fromisoformat(end)
    )
    times = cycle_times(
        config.get("cron") or "0 0 * * *",
        day,
        tz,
        config.get("dst_gap") or "shift",
        config.get("dst_overlap") or "first",
    )
    paused = bool(config.get("paused"))
    dry_run = bool(config.get("dry_run")) or bool(outside)
    past = bisect.bisect_left(times, now) if catch_up else 0
    policy = config.get("catch_up") or "none"
    # Past slots that run all the same: none, the latest one, or all of them.
    runs_from = {"none": past, "latest": max(past - 1, 0), "all": 0}.get(policy, past)
    waiting = FROZEN if paused else PENDING
    slots = []
    for index, cyctime in enumerate(times):
        if index < runs_from:
            slots.append((cyctime, FROZEN if paused else SKIPPED, PAST_SLOT, True))
        else:
            slots.append((cyctime, waiting, CAUGHT_UP if index < past else GENERATED, dry_run))
    return _Schedule(
        slots=slots,
        max_attempts=1 + int(config.get("retries") or 0),
        priority=int(config.get("priority") or 0),
        queue=config.get("resource_group") or "default",
        timeout_seconds=int(config.get("timeout_seconds") or 0),
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

    With `past_as_dry_run`, slots already in the past follow each node's catch-up policy (by
    default they become skipped dry runs: deploy "immediately", an outage).
    Returns counts of instances and edges created.
    """
    now = now or timezone.now()
    nodes = _deployed(node_ids, project_ids)
    slots = day_slots(nodes, day, now=now, past_as_dry_run=past_as_dry_run)
    with transaction.atomic():
        generation_sql.insert_instances(slots, bizdate=day - dt.timedelta(days=1))
        edges = _materialise_edges(day, [n[0] for n in nodes])
    return {"slots": len(slots), "edges": edges}


def day_slots(nodes, day: dt.date, *, now: dt.datetime, past_as_dry_run: bool) -> list[tuple]:
    """The scheduled slots (generation_sql.SLOT_FIELDS) of `_deployed` nodes on cycle date `day`."""
    slots: list[tuple] = []
    # Most nodes share a handful of configurations: decode and schedule each one once per zone.
    schedules: dict[tuple[str, str], _Schedule] = {}
    for node_id, project_id, tz, version_id, config in nodes:
        plan = schedules.get((config, tz))
        if plan is None:
            plan = schedules[config, tz] = _schedule(
                json.loads(config), tz, day, now, past_as_dry_run
            )
        for cyctime, status, reason, dry_run in plan.slots:
            slots.append(
                (
                    project_id,
                    node_id,
                    version_id,
                    cyctime,
                    status,
                    reason,
                    dry_run,
                    plan.max_attempts,
                    plan.priority,
                    plan.queue,
                    plan.timeout_seconds,
                )
            )
    return slots


def _instances_of_day(
    node_ids: set[int], day: dt.date, zones: dict[int, str]
) -> dict[int, list[tuple[dt.datetime, int]]]:
    """The nodes' scheduled instances of local date `day`, as sorted (cyctime, id) per node.

    `zones` gives each project's time zone: the local date is the instance's project's.
    """
    if not node_ids:
        return {}
    # Widest window any time zone can need: the local day spans at most UTC day -1 .. day +2.
    start = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(), dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=2), dt.time(), dt.UTC)
    bounds = {tz: local_day_bounds(day, tz) for tz in set(zones.values())}
    found: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for node_id, project_id, cyctime, instance_id in generation_sql.scheduled_instances(
        node_ids, start, end
    ):
        lo, hi = bounds[zones[project_id]]
        if lo <= cyctime < hi:
            found[node_id].append((cyctime, instance_id))
    for values in found.values():
        values.sort()
    return found


def _materialise_edges(day: dt.date, node_ids) -> int:
    if not node_ids:
        return 0
    wanted = set(node_ids)
    deps = Dependency.objects.filter(upstream__deployed_version__isnull=False)
    if len(wanted) <= generation_sql.SMALL:
        deps = deps.filter(downstream_id__in=wanted)
    edges = [
        e
        for e in deps.values_list("upstream_id", "downstream_id", "kind").iterator(
            chunk_size=generation_sql.BATCH
        )
        if e[1] in wanted
    ]
    if not edges:
        return 0
    zones = dict(Project.objects.values_list("id", "timezone"))
    # Same-day instances of every downstream and same-cycle upstream; the previous day only
    # for the nodes a previous-cycle edge points at.
    same_day = {d for _, d, _ in edges} | {
        u for u, _, kind in edges if kind == DependencyKind.SAME_CYCLE
    }
    previous_day = {
        d if kind == DependencyKind.SELF_PREVIOUS_CYCLE else u
        for u, d, kind in edges
        if kind != DependencyKind.SAME_CYCLE
    }
    today = _instances_of_day(same_day, day, zones)
    yesterday = _instances_of_day(previous_day, day - dt.timedelta(days=1), zones)

    links: list[tuple[int, int, str]] = []  # generation_sql.EDGE_FIELDS
    for upstream, downstream, kind in edges:
        down = today.get(downstream)
        if not down:
            continue
        if kind == DependencyKind.SELF_PREVIOUS_CYCLE:
            chain = yesterday.get(downstream, [])[-1:] + down
            links += [(a[1], b[1], kind) for a, b in zip(chain, chain[1:], strict=False)]
        elif kind == DependencyKind.UPSTREAM_PREVIOUS_CYCLE:
            previous = yesterday.get(upstream)
            if previous:
                links += [(previous[-1][1], d[1], kind) for d in down]
        else:
            up = today.get(upstream, [])
            links += [(u, d, kind) for u, d in match_cycles(up, down)]
    generation_sql.insert_edges(links)
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
    """Scheduler step: after each project's generation time, create tomorrow's instances once.

    Each project is generated on its own: one whose generation fails (a schedule or a time zone
    that cannot be computed, ...) is logged, alerted and reported by /healthz, and retried with
    back-off, while the projects after it are generated as usual.
    """
    hour, minute = (int(x) for x in settings.SCHEDULER_GENERATION_TIME.split(":"))
    failing = dict(GenerationFailure.objects.values_list("project_id", "retry_at"))
    for project_id, tz in Project.objects.values_list("id", "timezone"):
        if project_id in failing and failing[project_id] > now:
            continue
        day = None
        try:
            for day in _due_days(tz, now, hour, minute):
                _generate_project_day(project_id, day, now)
        except Exception as exc:  # isolated: the next project is generated all the same
            log.exception("instance generation of project %s for %s failed", project_id, day)
            generation_failed(project_id, day or now.date(), exc, now)
        else:
            if project_id in failing:
                GenerationFailure.objects.filter(project_id=project_id).delete()
                log.info("instance generation of project %s works again", project_id)


def _due_days(tz: str, now: dt.datetime, hour: int, minute: int) -> list[dt.date]:
    local = now.astimezone(zoneinfo.ZoneInfo(tz))
    days = [local.date()]  # today must exist too (a fresh install, or an outage)
    if (local.hour, local.minute) >= (hour, minute):
        days.append(local.date() + dt.timedelta(days=1))
    return days


def _generate_project_day(project_id: int, day: dt.date, now: dt.datetime) -> None:
    if GenerationMark.objects.filter(project_id=project_id, day=day).exists():
        return
    with transaction.atomic():  # the day and its mark, or nothing
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


def generation_failed(project_id: int, day: dt.date, exc: Exception, now: dt.datetime) -> None:
    """Record a project's failed generation (retried with back-off) and tell its alert rules."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        failure = GenerationFailure.objects.select_for_update().filter(pk=project_id).first()
        if failure is None:
            failure = GenerationFailure(
                project_id=project_id, first_failed_at=now, failures=0, day=day
            )
        failure.failures += 1
        failure.day, failure.error, failure.last_failed_at = day, error, now
        delay = min(
            settings.SCHEDULER_GENERATION_RETRY_SECONDS * 2 ** (failure.failures - 1),
            settings.SCHEDULER_GENERATION_RETRY_MAX_SECONDS,
        )
        failure.retry_at = now + dt.timedelta(seconds=delay)
        failure.save()
    hooks.call(GENERATION_FAILED_HOOKS, project_id, day, error)
