"""Dispatch: pending instances whose time has come and whose upstream is done go to workers.

Ready = pending, cyctime <= now, retry delay over, every upstream instance success or skipped,
and the project's concurrency limit leaves room; higher priority first, then earlier cycle.
Claims are guarded transitions (pending -> queued), so two dispatchers never queue one twice;
the Celery message is sent after commit, to the node's resource-group queue.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from projects.models import Project
from scheduler.models import BackfillStatus, Instance, InstanceDependency
from scheduler.states import ACTIVE, SATISFIES_DOWNSTREAM, InstanceState, RunKind
from scheduler.transitions import transition

log = logging.getLogger(__name__)
BATCH = 500
IMMEDIATE_KINDS = [RunKind.MANUAL, RunKind.TEST, RunKind.BACKFILL]
HELD_BACKFILLS = [BackfillStatus.PAUSED, BackfillStatus.CANCELLED]


def _unsatisfied_upstream():
    return InstanceDependency.objects.filter(downstream=OuterRef("pk")).exclude(
        upstream__status__in=SATISFIES_DOWNSTREAM
    )


def ready(now: dt.datetime, candidate_ids=None):
    # Manual, test and backfill runs start at once; their cycle time only sets their parameters.
    qs = (
        Instance.objects.filter(status=InstanceState.PENDING)
        .filter(Q(cyctime__lte=now) | Q(run_kind__in=IMMEDIATE_KINDS))
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .exclude(backfill__status__in=HELD_BACKFILLS)
    )
    if candidate_ids is not None:
        qs = qs.filter(id__in=candidate_ids)
    return qs.filter(~Exists(_unsatisfied_upstream()))


def release(now: dt.datetime | None = None, candidate_ids=None) -> int:
    """Queue every ready instance (in batches); dry runs finish at once as skipped."""
    now = now or timezone.now()
    total = 0
    while True:
        rows = list(
            ready(now, candidate_ids)
            .order_by("-priority", "cyctime", "id")
            .values_list("id", "project_id", "dry_run", "backfill_id", "node_id")[:BATCH]
        )
        if not rows:
            return total
        rows = _within_limits(rows)
        if not rows:
            return total
        dry = [r[0] for r in rows if r[2]]
        real = [r[0] for r in rows if not r[2]]
        if dry:
            total += len(
                transition(
                    dry,
                    InstanceState.SKIPPED,
                    expected={InstanceState.PENDING},
                    reason="dry_run",
                    started_at=now,
                    finished_at=now,
                )
            )
        if real:
            total += len(queue(real, now=now))
        if len(rows) < BATCH:
            return total


def _within_limits(rows):
    """Keep what the projects' max concurrent instances allow."""
    project_ids = {r[1] for r in rows}
    limits = dict(
        Project.objects.filter(id__in=project_ids).values_list("id", "max_concurrent_instances")
    )
    active = dict(
        Instance.objects.filter(project_id__in=project_ids, status__in=ACTIVE)
        .values("project_id")
        .annotate(n=Count("id"))
        .values_list("project_id", "n")
    )
    busy = set() if settings.BACKFILL_ALONGSIDE_SCHEDULED else _busy_nodes(rows)
    kept = []
    for row in rows:
        if (row[4], row[3] is not None) in busy:
            continue
        if row[2]:  # a dry run takes no capacity
            kept.append(row)
            continue
        used = active.get(row[1], 0)
        if used < limits.get(row[1], 0):
            active[row[1]] = used + 1
            kept.append(row)
    return kept


def _busy_nodes(rows) -> set[tuple[int, bool]]:
    """(node, is_backfill) pairs that must wait: the node has an active run of the other kind."""
    active = Instance.objects.filter(node_id__in={r[4] for r in rows}, status__in=ACTIVE)
    return {
        (node_id, backfill_id is None)
        for node_id, backfill_id in active.values_list("node_id", "backfill_id")
    }


def queue(instance_ids, *, now: dt.datetime | None = None) -> list[int]:
    """pending -> queued, then send each to its resource group's queue after commit."""
    now = now or timezone.now()
    lease = now + dt.timedelta(seconds=settings.QUEUED_REDISPATCH_SECONDS)
    with transaction.atomic():
        moved = transition(
            instance_ids,
            InstanceState.QUEUED,
            expected={InstanceState.PENDING},
            reason="dispatched",
            queued_at=now,
            lease_expires_at=lease,
        )
        if moved:
            targets = list(Instance.objects.filter(id__in=moved).values_list("id", "queue"))
            transaction.on_commit(lambda: send(targets))
    return moved


def send(targets: list[tuple[int, str]]) -> None:
    from scheduler.tasks import run_instance

    for instance_id, queue_name in targets:
        run_instance.apply_async(args=[instance_id], queue=queue_name or "default")


def release_downstream(upstream_ids: list[int]) -> int:
    """Right after instances succeed: queue their downstream that became ready."""
    downstream = list(
        InstanceDependency.objects.filter(upstream_id__in=upstream_ids).values_list(
            "downstream_id", flat=True
        )
    )
    return release(candidate_ids=downstream) if downstream else 0


def why_waiting(instance: Instance, now: dt.datetime | None = None) -> list[str]:
    """Each readiness check that does not pass, in words (empty when it would be queued)."""
    now = now or timezone.now()
    reasons = []
    if instance.status != InstanceState.PENDING:
        return [f"it is {instance.status}"]
    if instance.cyctime > now and instance.run_kind not in (RunKind.MANUAL, RunKind.TEST):
        reasons.append(f"its time has not come ({instance.cyctime.isoformat()})")
    if instance.not_before and instance.not_before.year == 9999:
        reasons.append("its backfill runs earlier dates first")
    elif instance.not_before and instance.not_before > now:
        reasons.append(f"it retries after {instance.not_before.isoformat()}")
    for upstream_id, node_name, status in (
        InstanceDependency.objects.filter(downstream=instance)
        .exclude(upstream__status__in=SATISFIES_DOWNSTREAM)
        .values_list("upstream_id", "upstream__node__name", "upstream__status")[:20]
    ):
        reasons.append(f"upstream {node_name} (instance {upstream_id}) is {status}")
    return reasons


def release_due(now: dt.datetime) -> None:
    """Scheduler step: queue what became ready by time (roots) and repair anything missed."""
    released = release(now)
    if released:
        log.debug("released %s instances", released)
