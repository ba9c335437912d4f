"""The plan on deploy: what a deploy, undeploy or pause does to the days already generated, and
the same comparison shown before a deploy (the plan diff).

A day's scheduled slots are compared by (node, cycle time) with what the deployed version wants:
- a slot it no longer has, not started yet, is cancelled ("superseded by version N", or
  "undeployed"); a deploy that brings the slot back revives it;
- a slot it still has, not started yet, runs the new version: frozen when the node is paused,
  pending again when unpaused (an operator's freeze stays);
- a slot it adds is inserted as generation would.
Running and finished instances, and pending retries or reruns, are never touched. The upstream
edges of the slots that stay, and those of the downstream nodes, are materialised again from the
current dependencies, so nothing waits on a cancelled slot.
"""

import datetime as dt
import logging
import zoneinfo
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cycles.params import ParamError, parse_node_params, render_node_params
from projects.models import Dependency, Node, NodeVersion
from scheduler import generation, generation_sql
from scheduler.models import GenerationMark, Instance, InstanceDependency
from scheduler.states import InstanceReason, InstanceState
from scheduler.transitions import transition

log = logging.getLogger(__name__)
S = InstanceState
SCHEDULED = generation_sql.SCHEDULED
OPERATOR_FROZEN = InstanceReason.FROZEN  # a deploy leaves an operator's freeze as it is
CHANGEABLE = (S.PENDING, S.FROZEN, S.CANCELLED)  # with attempt 0: never started
CHUNK = 5000


def _changeable(queryset):
    return queryset.filter(run_kind=SCHEDULED, run_key=SCHEDULED, status__in=CHANGEABLE, attempt=0)


def _drop_edges(instance_ids: list[int], *, upstream_only: bool) -> None:
    for start in range(0, len(instance_ids), CHUNK):
        ids = instance_ids[start : start + CHUNK]
        edges = (
            Q(downstream_id__in=ids)
            if upstream_only
            else Q(downstream_id__in=ids) | Q(upstream_id__in=ids)
        )
        InstanceDependency.objects.filter(edges).delete()


def _cancel(ids: list[int], *, reason: str, message: str) -> list[int]:
    moved: list[int] = []
    for start in range(0, len(ids), CHUNK):
        moved += transition(
            ids[start : start + CHUNK],
            S.CANCELLED,
            expected={S.PENDING, S.FROZEN},
            reason=reason,
            message=message,
        )
    _drop_edges(moved, upstream_only=False)
    return moved


def cancel_undeployed(node_ids) -> int:
    """Every slot of undeployed nodes that has not started, whatever its day, is cancelled."""
    ids = list(
        _changeable(Instance.objects.filter(node_id__in=node_ids, node__deployed_version=None))
        .exclude(status=S.CANCELLED)
        .values_list("id", flat=True)
    )
    return len(_cancel(ids, reason=InstanceReason.UNDEPLOYED, message="undeployed"))


def replan_day(day: dt.date, *, tz: str, node_ids, now: dt.datetime, today: bool) -> dict:
    """Bring the deployed `node_ids`' scheduled slots of local cycle date `day` to their plan."""
    nodes = generation._deployed(node_ids)
    ids = [n[0] for n in nodes]
    numbers = dict(
        NodeVersion.objects.filter(id__in={n[3] for n in nodes}).values_list("id", "number")
    )
    version_of = {n[0]: n[3] for n in nodes}
    slots = generation.day_slots(nodes, day, now=now, past_as_dry_run=False)
    wanted = {(slot[1], slot[3]): slot for slot in slots}
    settings_of = {slot[1]: slot for slot in slots}  # a node's slots of a day share them
    lo, hi = generation.local_day_bounds(day, tz)
    existing = Instance.objects.filter(
        node_id__in=ids, run_kind=SCHEDULED, run_key=SCHEDULED, cyctime__gte=lo, cyctime__lt=hi
    )
    cancel: dict[int, list[int]] = defaultdict(list)  # by the version that supersedes them
    kept: dict[int, list[int]] = defaultdict(list)  # by node
    moves: dict[tuple[str, str], list[int]] = defaultdict(list)  # (to, reason)
    for id_, node_id, cyctime, status, reason, attempt in existing.values_list(
        "id", "node_id", "cyctime", "status", "reason", "attempt"
    ):
        slot = wanted.pop((node_id, cyctime), None)  # taken, whatever its state: never re-added
        if status not in CHANGEABLE or attempt:
            continue
        if slot is None:
            if status != S.CANCELLED:
                cancel[version_of[node_id]].append(id_)
            continue
        kept[node_id].append(id_)
        paused = slot[4] == S.FROZEN
        if status == S.CANCELLED:
            moves[S.FROZEN if paused else S.PENDING, "redeployed"].append(id_)
        elif status == S.PENDING and paused:
            moves[S.FROZEN, "paused"].append(id_)
        elif status == S.FROZEN and not paused and reason != OPERATOR_FROZEN:
            moves[S.PENDING, "unpaused"].append(id_)
    added = [_as_new(slot, now, today) for slot in wanted.values()]
    with transaction.atomic():
        cancelled = sum(
            len(
                _cancel(
                    c,
                    reason=InstanceReason.SUPERSEDED,
                    message=f"superseded by version {numbers[v]}",
                )
            )
            for v, c in cancel.items()
        )
        for (to, reason), moved in moves.items():
            transition(moved, to, expected=CHANGEABLE, reason=reason)
        _run_new_version(kept, settings_of, now)
        _drop_edges([i for ids_ in kept.values() for i in ids_], upstream_only=True)
        generation_sql.insert_instances(added, bizdate=day - dt.timedelta(days=1))
        below = Dependency.objects.filter(
            upstream_id__in=ids, downstream__deployed_version__isnull=False
        ).values_list("downstream_id", flat=True)
        edges = generation._materialise_edges(day, set(ids) | set(below))
    return {
        "added": len(added),
        "cancelled": cancelled,
        "kept": sum(map(len, kept.values())),
        "edges": edges,
    }


def _as_new(slot: tuple, now: dt.datetime, today: bool) -> tuple:
    """A slot to insert; today's slots already past become skipped dry runs, as generation does."""
    if today and slot[3] < now:
        status = S.SKIPPED if slot[4] == S.PENDING else slot[4]
        return (*slot[:4], str(status), str(InstanceReason.PAST_SLOT), True, *slot[7:])
    return slot


def _run_new_version(kept: dict[int, list[int]], settings_of: dict[int, tuple], now) -> None:
    """The slots that stay take the deployed version and its settings: one update per node."""
    snapshots = dict(
        NodeVersion.objects.filter(id__in={settings_of[n][2] for n in kept}).values_list(
            "id", "snapshot"
        )
    )
    for node_id, ids in kept.items():
        slot = settings_of[node_id]
        for start in range(0, len(ids), CHUNK):
            # Guarded like a transition: a slot dispatched meanwhile keeps what it runs.
            _changeable(Instance.objects.filter(id__in=ids[start : start + CHUNK])).update(
                version_id=slot[2],
                version_snapshot=snapshots[slot[2]],
                dry_run=slot[6],
                max_attempts=slot[7],
                priority=slot[8],
                queue=slot[9],
                timeout_seconds=slot[10],
                updated_at=now,
            )


def on_deployed(node_ids) -> None:
    """After a deploy, undeploy or pause: every generated day of the nodes follows the new plan.

    Today's slots of 'immediately' nodes are generated even when today is not yet.
    """
    now = timezone.now()
    rows = Node.objects.filter(id__in=node_ids).values_list(
        "id", "project_id", "project__timezone", "deployed_version_id", "instance_generation"
    )
    by_project: dict[tuple[int, str], list[int]] = defaultdict(list)
    immediate: set[int] = set()
    undeployed = []
    for node_id, project_id, tz, version_id, when in rows:
        if version_id is None:
            undeployed.append(node_id)
            continue
        by_project[project_id, tz].append(node_id)
        if when == "immediately":
            immediate.add(node_id)
    if undeployed:
        cancel_undeployed(undeployed)
    for (project_id, tz), ids in by_project.items():
        today = None
        try:
            today = now.astimezone(zoneinfo.ZoneInfo(tz)).date()
            marked = set(
                GenerationMark.objects.filter(project_id=project_id, day__gte=today).values_list(
                    "day", flat=True
                )
            )
            now_ids = [i for i in ids if i in immediate]
            days = sorted(marked | ({today} if now_ids else set()))
            for day in days:  # in order: a day's edges to the previous one see its new slots
                wanted = ids if day in marked else now_ids
                replan_day(day, tz=tz, node_ids=wanted, now=now, today=day == today)
        except Exception as exc:  # the deploy stands; the scheduler generates the days again
            log.exception("the plan of newly deployed nodes of project %s failed", project_id)
            if today is not None:
                GenerationMark.objects.filter(project_id=project_id, day__gte=today).delete()
            generation.generation_failed(project_id, today or now.date(), exc, now)


# --- the plan diff, before a deploy -----------------------------------------------------


def _times(snapshot: dict | None, tz: str, day: dt.date, start: dt.datetime) -> set[dt.datetime]:
    if not snapshot:
        return set()
    try:
        schedule = generation._schedule(snapshot, tz, day, start, False)
    except (ValueError, KeyError):  # an old version's schedule that cannot be read (CronError)
        return set()
    return {slot[0] for slot in schedule.slots if slot[0] >= start}


def _moves(added: list, removed: list) -> tuple[list, list, list]:
    """Pairs a removed slot with an added one, in time order, as a move (23:50 -> 23:55)."""
    count = min(len(added), len(removed))
    moved = list(zip(removed[:count], added[:count], strict=True))
    return added[count:], removed[count:], moved


def diff(node: Node, target: NodeVersion | None, *, readable, now=None) -> dict:
    """What deploying `target` (None: undeploying) changes of today's remaining and tomorrow's
    instances of `node`: slots added, removed or moved, dependencies, rendered parameters and
    the downstream instances waiting on them. Writes nothing."""
    now = now or timezone.now()
    tz = node.project.timezone
    zone = zoneinfo.ZoneInfo(tz)
    today = now.astimezone(zone).date()
    deployed = node.deployed_version.snapshot if node.deployed_version_id else None
    wanted = target.snapshot if target else None
    marked = set(
        GenerationMark.objects.filter(project_id=node.project_id, day__gte=today).values_list(
            "day", flat=True
        )
    )

    def local(t: dt.datetime) -> str:
        return t.astimezone(zone).isoformat()

    days, changeable_ids, first = [], [], []
    for day, label in ((today, "today"), (today + dt.timedelta(days=1), "tomorrow")):
        lo, hi = generation.local_day_bounds(day, tz)
        start = max(lo, now) if day == today else lo
        rows = list(
            Instance.objects.filter(
                node=node, run_kind=SCHEDULED, run_key=SCHEDULED, cyctime__gte=start, cyctime__lt=hi
            )
            .exclude(status=S.CANCELLED)
            .values_list("id", "cyctime", "status", "reason", "attempt")
        )
        after = _times(wanted, tz, day, start)
        generated = day in marked or bool(rows)
        frozen = unfrozen = kept = 0
        if generated:
            changeable = {r[1]: r for r in rows if r[2] in CHANGEABLE and not r[4]}
            changeable_ids += [r[0] for r in changeable.values()]
            added = sorted(after - {r[1] for r in rows})
            removed = sorted(set(changeable) - after)
            paused = bool(wanted and wanted.get("paused"))
            for t in set(changeable) & after:
                kept += 1
                status, reason = changeable[t][2], changeable[t][3]
                frozen += paused and status == S.PENDING
                unfrozen += not paused and status == S.FROZEN and reason != OPERATOR_FROZEN
        else:
            before = _times(deployed, tz, day, start)
            added, removed = sorted(after - before), sorted(before - after)
            kept = len(after & before)
        first += sorted(after)[:1]
        added, removed, moved = _moves(added, removed)
        days.append(
            {
                "day": day.isoformat(),
                "label": label,
                "generated": generated,
                "added": [local(t) for t in added],
                "removed": [local(t) for t in removed],
                "moved": [{"before": local(a), "after": local(b)} for a, b in moved],
                "kept": kept,
                "frozen": frozen,
                "unfrozen": unfrozen,
            }
        )
    return {
        "days": days,
        "dependencies": _dependency_changes(node, wanted, changeable_ids, readable),
        "parameters": _parameter_changes(
            deployed,
            wanted,
            first[0].astimezone(zone) if first else None,
            node.project.parameter_dialect,
        ),
        "downstream": _downstream_instances(node, changeable_ids, readable),
    }


def _names(node_ids, readable) -> dict[int, str]:
    from projects.selectors import node_names

    return node_names(list(node_ids), readable)


def _dependency_changes(node: Node, wanted, instance_ids, readable) -> dict:
    """Upstream (node, kind) pairs the node's existing slots wait on now, against those they will
    wait on (the current dependencies). Slots not generated yet get the current ones anyway."""
    if not instance_ids:
        return {"added": [], "removed": []}
    before = set(
        InstanceDependency.objects.filter(downstream_id__in=instance_ids).values_list(
            "upstream__node_id", "kind"
        )
    )
    after = set()
    if wanted:
        after = set(
            Dependency.objects.filter(downstream=node)
            .filter(Q(upstream__deployed_version__isnull=False) | Q(upstream=node))
            .values_list("upstream_id", "kind")
        )
    names = _names({u for u, _ in before | after}, readable)

    def items(pairs):
        return [{"upstream": names.get(u, str(u)), "kind": k} for u, k in sorted(pairs)]

    return {"added": items(after - before), "removed": items(before - after)}


def _rendered(
    snapshot: dict | None, cyctime: dt.datetime, dialect: str
) -> dict[str, tuple[str, str]]:
    """{name: (expression, value)} of a snapshot's node parameters at the local `cyctime`, in
    the version's dialect (else the project's), as its run renders them."""
    if not snapshot:
        return {}
    try:
        expressions = parse_node_params(snapshot.get("parameters") or {})
    except ParamError:
        return {}
    try:
        dialect = snapshot.get("parameter_dialect") or dialect
        values = render_node_params(expressions, cyctime.replace(tzinfo=None), dialect)
    except ValueError as exc:  # ParamError included: shown, it is what the run would meet
        values = {key: f"error: {exc}" for key in expressions}
    return {key: (str(expr), values.get(key, "")) for key, expr in expressions.items()}


def _parameter_changes(deployed, wanted, cyctime: dt.datetime | None, dialect: str) -> list[dict]:
    if cyctime is None:
        return []
    before, after = _rendered(deployed, cyctime, dialect), _rendered(wanted, cyctime, dialect)
    changes = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes.append(
                {
                    "name": name,
                    "cyctime": cyctime.isoformat(),
                    "before": {"expression": old[0], "value": old[1]} if old else None,
                    "after": {"expression": new[0], "value": new[1]} if new else None,
                }
            )
    return changes


_BELOW = """
WITH RECURSIVE below(id) AS (
    SELECT e.downstream_id FROM {edge} e WHERE e.upstream_id IN ({ids})
    UNION
    SELECT e.downstream_id FROM {edge} e JOIN below b ON e.upstream_id = b.id
)
SELECT i.node_id, COUNT(*), MIN(i.cyctime) FROM below b JOIN {instance} i ON i.id = b.id
WHERE i.status IN (%s, %s) AND i.node_id <> %s
GROUP BY i.node_id
"""


def _downstream_instances(node: Node, instance_ids, readable) -> list[dict]:
    """Instances of other nodes that wait (directly or not) on the node's slots that may change."""
    if not instance_ids:
        return []
    sql = _BELOW.format(
        edge=InstanceDependency._meta.db_table,
        instance=Instance._meta.db_table,
        ids=", ".join(str(int(i)) for i in instance_ids),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [S.PENDING, S.FROZEN, node.id])
        rows = cursor.fetchall()
    names = _names({r[0] for r in rows}, readable)
    zone = zoneinfo.ZoneInfo(node.project.timezone)
    return sorted(
        (
            {
                "node": node_id,
                "name": names.get(node_id, str(node_id)),
                "instances": count,
                "first_cyctime": _aware(first).astimezone(zone).isoformat(),
            }
            for node_id, count, first in rows
        ),
        key=lambda item: (item["first_cyctime"], item["name"]),
    )


def _aware(value) -> dt.datetime:
    if isinstance(value, str):  # SQLite returns text from a raw query
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
