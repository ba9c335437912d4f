"""Dispatch: pending instances whose time has come and whose upstream is done go to workers.

Ready = pending, cyctime <= now, retry delay over, the node deployed, the backfill (if any) not
paused, every upstream instance success or skipped, and the project's concurrency limit leaves
room; higher priority first, then earlier cycle.
Claims are guarded transitions (pending -> queued), so two dispatchers never queue one twice;
the Celery message is sent after commit, to the node's resource-group queue.
"""

import datetime as dt
import functools
import logging
import math
import time

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from projects.models import Node, Project
from scheduler import follow_on
from scheduler.models import Backfill, BackfillStatus, Instance, InstanceDependency
from scheduler.states import (
    ACTIVE,
    FINISHED,
    RETRY_PREFIX,
    SATISFIES_DOWNSTREAM,
    InstanceReason,
    InstanceState,
    RunKind,
    backfill_status_name,
    state_name,
)
from scheduler.tasks import run_instance, run_instances, run_virtual_instances
from scheduler.transitions import transition
from workbench import heartbeats, prepared

log = logging.getLogger(__name__)
BATCH = 500
IMMEDIATE_KINDS = [RunKind.MANUAL, RunKind.TEST, RunKind.BACKFILL]
# A cancelled backfill stops what it had; an instance rerun after the cancel runs all the same.
HELD_BACKFILLS = [BackfillStatus.PAUSED]


# Ready, in one statement (the rule in the docstring above). It runs after every run that frees
# a downstream and on every scheduler tick; built through the ORM it cost the worker more than
# the run's own statements. The optional filters are added by `_ready_statement`.
_READY = """
SELECT i.id, i.project_id, i.dry_run, i.backfill_id, i.node_id, i.queue, {run_type}
FROM {instance} i
JOIN {node} n ON n.id = i.node_id
LEFT JOIN {backfill} b ON b.id = i.backfill_id
WHERE i.status = %(pending)s
  AND (i.cyctime <= %(now)s OR i.run_kind = ANY(%(immediate)s))
  AND (i.not_before IS NULL OR i.not_before <= %(now)s)
  AND (b.id IS NULL OR b.status <> ALL(%(held_backfills)s))
  AND (n.deployed_version_id IS NOT NULL OR i.run_kind = %(test)s){filters}
  AND NOT EXISTS (
      SELECT 1 FROM {dependency} d JOIN {instance} u ON u.id = d.upstream_id
      WHERE d.downstream_id = i.id AND u.status <> ALL(%(satisfied)s)
  )
ORDER BY i.priority DESC, i.cyctime, i.id
LIMIT %(limit)s
"""
_READY_FILTERS = {
    "ids": "i.id = ANY(%(ids)s)",
    "projects": "i.project_id = ANY(%(projects)s)",
    "held": "i.project_id <> ALL(%(held)s)",
}


@functools.cache
def _ready_statement(filters: tuple[str, ...], vendor: str) -> str:
    run_type = (
        "i.version_snapshot ->> 'type'"
        if vendor == "postgresql"
        else "json_extract(i.version_snapshot, '$.type')"
    )
    return _READY.format(
        run_type=run_type,
        instance=Instance._meta.db_table,
        node=Node._meta.db_table,
        backfill=Backfill._meta.db_table,
        dependency=InstanceDependency._meta.db_table,
        filters="".join(f"\n  AND {_READY_FILTERS[name]}" for name in filters),
    )


def ready_rows(now, candidate_ids=None, project_ids=None, held=(), limit=BATCH) -> list[tuple]:
    """The ready instances, first to run first, as (id, project, dry run, backfill, node,
    queue, node type); only among `candidate_ids` / `project_ids` when given, not in `held`."""
    params = {
        "pending": InstanceState.PENDING,
        "now": now,
        "immediate": [str(kind) for kind in IMMEDIATE_KINDS],
        "held_backfills": [str(status) for status in HELD_BACKFILLS],
        "test": RunKind.TEST,
        "satisfied": sorted(SATISFIES_DOWNSTREAM),
        "limit": limit,
        "ids": list(candidate_ids or ()),
        "projects": list(project_ids or ()),
        "held": sorted(held),
    }
    if (candidate_ids is not None and not params["ids"]) or (
        project_ids is not None and not params["projects"]
    ):
        return []
    filters = tuple(name for name in ("ids", "projects", "held") if params[name])
    for name in {"ids", "projects", "held"} - set(filters):
        del params[name]
    with connection.cursor() as cursor:
        prepared.execute(cursor, _ready_statement(filters, connection.vendor), params)
        return cursor.fetchall()


def ready(now: dt.datetime, candidate_ids=None, project_ids=None) -> list[int]:
    """The ids of the instances ready to run (the first BATCH), first to run first."""
    return [row[0] for row in ready_rows(now, candidate_ids, project_ids)]


def release(now: dt.datetime | None = None, candidate_ids=None, project_ids=None) -> int:
    """Queue every ready instance (in batches); dry runs finish at once as skipped."""
    now = now or timezone.now()
    total = 0
    held: set[int] = set()  # projects at a limit: the next batch looks past them
    while True:
        fetched = ready_rows(now, candidate_ids, project_ids, held)
        if not fetched:
            return total
        rows, full = _within_limits(fetched)
        if not rows and full <= held:
            return total
        held |= full
        dry = [r[0] for r in rows if r[2]]
        real = [r[0] for r in rows if not r[2]]
        if dry:
            total += len(
                transition(
                    dry,
                    InstanceState.SKIPPED,
                    expected={InstanceState.PENDING},
                    reason=InstanceReason.DRY_RUN,
                    started_at=now,
                    finished_at=now,
                )
            )
        if real:
            queues = {r[0]: (r[5], r[6] == "virtual") for r in rows if not r[2]}
            total += len(queue(real, now=now, queues=queues))
        if len(fetched) < BATCH:
            return total


def _within_limits(rows):
    """Keep what the projects' limits allow: at most `max_concurrent_instances` active in all,
    and in each resource group at most the project's share of that group's slots (so one
    project cannot fill a group's queue and starve the others)."""
    project_ids = {r[1] for r in rows}
    limits = _limits(project_ids)
    active: dict = {}
    for project_id, queue_name, n in _active_counts(project_ids):
        active[project_id] = active.get(project_id, 0) + n
        active[project_id, queue_name] = n
    busy = set() if settings.BACKFILL_ALONGSIDE_SCHEDULED else _busy_nodes(rows)
    kept, full = [], set()
    for row in rows:
        if (row[4], row[3] is not None) in busy:
            continue
        if row[2]:  # a dry run takes no capacity
            kept.append(row)
            continue
        project_id, queue_name = row[1], row[5] or "default"
        used, used_here = active.get(project_id, 0), active.get((project_id, queue_name), 0)
        limit, shares = limits.get(project_id, (0, {}))
        if used < limit and used_here < slot_share(shares, queue_name):
            active[project_id] = used + 1
            active[project_id, queue_name] = used_here + 1
            kept.append(row)
        else:
            full.add(project_id)
    if full:
        _mark_full(full)
    return kept, full


def _active_counts(project_ids) -> list[tuple[int, str, int]]:
    """(project, queue, instances queued or running) of these projects."""
    sql = (
        f"SELECT project_id, queue, COUNT(*) FROM {Instance._meta.db_table} "
        "WHERE project_id = ANY(%(projects)s) AND status = ANY(%(active)s) "
        "GROUP BY project_id, queue"
    )
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, {"projects": sorted(project_ids), "active": sorted(ACTIVE)})
        return cursor.fetchall()


_SLOTS: list = [0.0, {}]


def live_slots() -> dict[str, int]:
    """Slots of the live workers per queue, read from their heartbeats every few seconds."""
    if _SLOTS[0] < time.monotonic():
        try:
            _SLOTS[1] = heartbeats.live_slots()
        except RedisError:
            pass  # keep the last answer
        _SLOTS[0] = time.monotonic() + LIMITS_CACHE_SECONDS
    return _SLOTS[1]


def slot_share(shares: dict, queue_name: str) -> float:
    """How many of a group's slots a project may hold: its setting for the group, or
    WORKBENCH_PROJECT_SLOT_SHARE of the group's live slots (one at least, and never all of
    them when the group has several, so another project always finds one)."""
    if queue_name in shares:
        return shares[queue_name]
    slots = live_slots().get(queue_name, 0)
    if not slots:
        return math.inf  # no worker serves it yet: nothing would run anyway
    share = int(slots * settings.WORKBENCH_PROJECT_SLOT_SHARE)
    return max(1, min(share, slots - 1) if slots > 1 else 1)


# A project whose limit held instances back is marked (Project.limit_held); the next run of it
# that ends releases what waits at once instead of at the scheduler's next tick. The mark is a
# column, not a broker key: the move that ends a run reads it in its own statement (FREED_WANTS),
# so the runs of a project that waits for nothing ask nothing more.
FREED_WANTS = (
    f"EXISTS (SELECT 1 FROM {Project._meta.db_table} p WHERE p.id = i.project_id AND p.limit_held)"
)
_CLEAR_HELD = (
    f"UPDATE {Project._meta.db_table} SET limit_held = FALSE "
    "WHERE id = ANY(%(projects)s) AND limit_held RETURNING id"
)


def _mark_full(project_ids) -> None:
    Project.objects.filter(id__in=project_ids, limit_held=False).update(limit_held=True)


def release_freed(project_ids) -> int:
    """After runs ended: release what their projects' limits held back, if anything was."""
    with connection.cursor() as cursor:
        prepared.execute(cursor, _CLEAR_HELD, {"projects": sorted(set(project_ids))})
        full = [row[0] for row in cursor.fetchall()]
    return release(project_ids=full) if full else 0


_LIMITS: dict[int, tuple[float, tuple[int, dict]]] = {}
LIMITS_CACHE_SECONDS = 5.0


def _limits(project_ids) -> dict[int, tuple[int, dict]]:
    """Projects' (max concurrent instances, slots per group); kept a few seconds (a hop must
    not re-read them)."""
    now = time.monotonic()
    missing = [p for p in project_ids if _LIMITS.get(p, (0.0, None))[0] < now]
    if missing:
        for project_id, limit, shares in Project.objects.filter(id__in=missing).values_list(
            "id", "max_concurrent_instances", "group_slots"
        ):
            _LIMITS[project_id] = (now + LIMITS_CACHE_SECONDS, (limit, shares or {}))
    return {p: _LIMITS[p][1] for p in project_ids if p in _LIMITS}


def _busy_nodes(rows) -> set[tuple[int, bool]]:
    """(node, is_backfill) pairs that must wait: the node has an active run of the other kind."""
    active = Instance.objects.filter(node_id__in={r[4] for r in rows}, status__in=ACTIVE)
    return {
        (node_id, backfill_id is None)
        for node_id, backfill_id in active.values_list("node_id", "backfill_id")
    }


def queue(instance_ids, *, now: dt.datetime | None = None, queues=None) -> list[int]:
    """pending -> queued, then send each to its resource group's queue after commit.

    `queues` (instance id -> (queue name, is virtual)) saves looking them up.
    """
    now = now or timezone.now()
    lease = now + dt.timedelta(seconds=settings.QUEUED_REDISPATCH_SECONDS)
    moved = transition(
        instance_ids,
        InstanceState.QUEUED,
        expected={InstanceState.PENDING},
        reason=InstanceReason.DISPATCHED,
        queued_at=now,
        lease_expires_at=lease,
    )
    if moved:
        if queues is None:
            queues = {
                i: (q, kind == "virtual")
                for i, q, kind in Instance.objects.filter(id__in=moved).values_list(
                    "id", "queue", "version_snapshot__type"
                )
            }
        targets = [(i, *queues.get(i, ("default", False))) for i in moved]
        # The transition is committed (or commits with the caller's transaction) first.
        # A worker slot that made them ready may keep one to run next (scheduler/follow_on.py).
        transaction.on_commit(lambda: send(follow_on.take(targets)))
    return moved


# Virtual nodes finish at once: a worker takes up to this many of them in one message, so a
# wide fan-out of join points costs a few messages and transactions, not one each.
VIRTUAL_BATCH = 50


# Many instances released together (a fan-out) go to a worker several to a message: each
# Celery message costs a few milliseconds of the workers' time, as much as a short run, and a
# slot waits for its next one. So a message per live slot of the group (every slot gets some;
# twice as many messages cost a backfill's short runs a fifth of their throughput), at most
# MAX_BATCH each. A batch's instances are still claimed, run and finished one by one (a batch
# is only a way of carrying them).
MAX_BATCH = 16


def batch_size(count: int, queue_name: str) -> int:
    slots = max(1, live_slots().get(queue_name, 0))
    return max(1, min(MAX_BATCH, -(-count // slots)))


def send(targets) -> None:
    """Send (instance id, queue[, virtual]) to the workers, in batches when there are many."""
    virtual: dict[str, list[int]] = {}
    real: dict[str, list[int]] = {}
    for target in targets:
        instance_id, queue_name = target[0], target[1] or "default"
        is_virtual = len(target) > 2 and target[2]
        (virtual if is_virtual else real).setdefault(queue_name, []).append(instance_id)
    for queue_name, ids in real.items():
        size = batch_size(len(ids), queue_name)
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            if len(chunk) == 1:
                run_instance.apply_async(args=[chunk[0]], queue=queue_name)
            else:
                run_instances.apply_async(args=[chunk], queue=queue_name)
    for queue_name, ids in virtual.items():
        if len(ids) == 1:
            run_instance.apply_async(args=[ids[0]], queue=queue_name)
            continue
        for start in range(0, len(ids), VIRTUAL_BATCH):
            run_virtual_instances.apply_async(
                args=[ids[start : start + VIRTUAL_BATCH]], queue=queue_name
            )


# Downstream instances of these upstreams that are pending and have no upstream left to wait
# for: one indexed query, so an instance with nothing ready below it (the usual case in a
# fan-in) costs little; what it finds still goes through `release` and its limits. Upstreams
# are looked at newest first and the look stops at the first one still unfinished: a fan-in's
# upstreams finish roughly in the order they were made, so it is found at once instead of
# after all those already done (which made a wide fan-in quadratic).
_NEWLY_READY = """
SELECT DISTINCT d.downstream_id
FROM {dependency} d
JOIN {instance} i ON i.id = d.downstream_id AND i.status = %(pending)s
WHERE d.upstream_id = ANY(%(upstream)s)
  AND NOT EXISTS (
    SELECT 1 FROM (
        SELECT d2.upstream_id FROM {dependency} d2
        WHERE d2.downstream_id = d.downstream_id ORDER BY d2.upstream_id DESC
    ) up
    JOIN {instance} u ON u.id = up.upstream_id
    WHERE u.status <> ALL(%(satisfied)s)
  )
"""


def release_downstream(upstream_ids: list[int]) -> int:
    """Right after instances succeed: queue their downstream that became ready."""
    sql = _NEWLY_READY.format(
        dependency=InstanceDependency._meta.db_table, instance=Instance._meta.db_table
    )
    params = {
        "pending": InstanceState.PENDING,
        "upstream": list(upstream_ids),
        "satisfied": sorted(SATISFIES_DOWNSTREAM),
    }
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params)
        candidates = [row[0] for row in cursor.fetchall()]
    return release(candidate_ids=candidates) if candidates else 0


# After-transition hooks (scheduler/apps.py registers them, in this order).


def downstream_of_moves(events) -> None:
    """Instances that now satisfy their downstream: queue what became ready at once."""
    ids = [e.instance_id for e in events if e.to_status in SATISFIES_DOWNSTREAM]
    if ids:
        release_downstream(ids)


def freed_by_moves(events) -> None:
    """Runs that finished: release what their projects' limits held back."""
    projects = {e.project_id for e in events if e.to_status in FINISHED}
    if projects:
        release_freed(projects)


def retries_of_moves(events) -> None:
    """Runs sent back to wait for a retry: one without a delay goes again now, not at the next
    tick (one with a delay is not ready yet, and release leaves it)."""
    ids = [
        e.instance_id
        for e in events
        if e.to_status == InstanceState.PENDING and e.reason.startswith(RETRY_PREFIX)
    ]
    if ids:
        release(candidate_ids=ids)


def why_waiting(instance: Instance, now: dt.datetime | None = None) -> list[str]:
    """Each readiness check that does not pass, in words (empty when it would be queued)."""
    now = now or timezone.now()
    reasons = []
    if instance.status != InstanceState.PENDING:
        return [_("it is %(status)s") % {"status": state_name(instance.status)}]
    if instance.cyctime > now and instance.run_kind not in (RunKind.MANUAL, RunKind.TEST):
        reasons.append(_("its time has not come (%(at)s)") % {"at": instance.cyctime.isoformat()})
    if instance.run_kind != RunKind.TEST and instance.node.deployed_version_id is None:
        reasons.append(_("its node is not deployed"))
    if instance.backfill_id is not None and instance.backfill.status in HELD_BACKFILLS:
        reasons.append(
            _("its backfill is %(status)s")
            % {"status": backfill_status_name(instance.backfill.status)}
        )
    if instance.not_before and instance.not_before.year == 9999:
        reasons.append(_("its backfill runs earlier dates first"))
    elif instance.not_before and instance.not_before > now:
        reasons.append(_("it retries after %(at)s") % {"at": instance.not_before.isoformat()})
    for upstream_id, node_name, status in (
        InstanceDependency.objects.filter(downstream=instance)
        .exclude(upstream__status__in=SATISFIES_DOWNSTREAM)
        .values_list("upstream_id", "upstream__node__name", "upstream__status")[:20]
    ):
        reasons.append(
            _("upstream %(name)s (instance %(id)s) is %(status)s")
            % {"name": node_name, "id": upstream_id, "status": state_name(status)}
        )
    return reasons


def release_due(now: dt.datetime) -> None:
    """Scheduler step: queue what became ready by time (roots) and repair anything missed."""
    released = release(now)
    if released:
        log.debug("released %s instances", released)
