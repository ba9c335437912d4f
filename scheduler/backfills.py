"""Backfills (DataWorks' patch data, DolphinScheduler's complement data).

A backfill runs chosen nodes (and all, none or some of their downstream) for a list of business
dates. Its instances are separate from scheduled ones (run key `backfill:<id>`) and linked inside
each date as scheduled runs are. The dates are kept in order by a window: only P dates (the
parallelism) are open at a time; the instances of later dates are held (`not_before` = HELD)
and a date opens when an open one has fully succeeded. With P = 1 no date starts before the
previous one is done. A window of dates failed and not rerun stops the backfill.

A failed (or killed) instance marks what waits on it `upstream_failed`, so a backfill always
ends: `success` when every instance succeeded, `failed` when a failure stops it. Rerunning the
failed instance with its downstream brings the rest back and the backfill to `running`.
"""

import datetime as dt
import math
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cycles.cron import cycle_times
from projects import audit
from projects import graph as node_graph
from projects.access import project_ids_where
from projects.models import Dependency, DependencyKind, Node
from projects.permissions import OPERATE
from scheduler import backfill_sql, generation_sql
from scheduler import graph as instance_graph
from scheduler.dispatch import release
from scheduler.execution import request_kill
from scheduler.generation import match_cycles
from scheduler.models import HELD, Backfill, BackfillEvent, Instance
from scheduler.selectors import usual_seconds
from scheduler.states import (
    ACTIVE,
    BACKFILL_ENDED,
    BACKFILL_MOVES,
    FINISHED,
    SATISFIES_DOWNSTREAM,
    BackfillReason,
    BackfillStatus,
    InstanceReason,
    InstanceState,
)
from scheduler.transitions import transition
from workbench import hooks, prepared
from workbench.moves import guarded_move

S = InstanceState
MAX_DATES = 3660
MAX_INSTANCES = 500_000
# The reason of instances stopped because their backfill was cancelled (not failures of their own).
CANCELLED_REASON = InstanceReason.BACKFILL_CANCELLED
DEFAULT_SECONDS = 1.0  # assumed duration of a node that never ran

# Dotted paths of `hook(backfill)`, told after commit that a backfill ended (workbench/hooks.py).
BACKFILL_ENDED_HOOKS: list[str] = []


def _fail(field_name: str, reason: str):
    raise ValidationError({field_name: [reason]})


@dataclass
class Spec:
    name: str
    root_nodes: list[int]
    downstream: str = "none"  # all | none | selected
    downstream_nodes: list[int] = field(default_factory=list)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    dates: list[dt.date] = field(default_factory=list)
    order: str = "asc"
    parallelism: int = 1
    hour_from: int | None = None
    hour_to: int | None = None

    def run_dates(self) -> list[dt.date]:
        if self.dates:
            days = sorted(set(self.dates))
        else:
            if self.start_date is None or self.end_date is None:
                _fail(
                    "start_date",
                    _("give a date range (start_date and end_date) or a list of dates"),
                )
            if self.end_date < self.start_date:
                _fail("end_date", _("must not be before start_date"))
            count = (self.end_date - self.start_date).days + 1
            if count > MAX_DATES:
                _fail(
                    "end_date", _("at most %(count)s dates in one backfill") % {"count": MAX_DATES}
                )
            days = [self.start_date + dt.timedelta(days=i) for i in range(count)]
        if len(days) > MAX_DATES:
            _fail("dates", _("at most %(count)s dates in one backfill") % {"count": MAX_DATES})
        return days[::-1] if self.order == "desc" else days

    def as_json(self) -> dict:
        return {
            "root_nodes": self.root_nodes,
            "downstream": self.downstream,
            "downstream_nodes": self.downstream_nodes,
            "order": self.order,
            "parallelism": self.parallelism,
            "hour_from": self.hour_from,
            "hour_to": self.hour_to,
        }


@dataclass
class Plan:
    nodes: list[Node]
    dates: list[dt.date]
    slots: list[tuple]  # backfill_sql.SLOT_FIELDS
    edges: list[tuple[int, int, str]]  # (upstream slot index, downstream slot index, kind)
    parallelism: int
    estimated_seconds: float
    notes: list[str] = field(default_factory=list)  # how the request was adjusted, and why

    def summary(self) -> dict:
        return {
            "instance_count": len(self.slots),
            "dates": [d.isoformat() for d in self.dates],
            "nodes": [
                {"id": n.id, "name": n.name, "project": n.project_id, "workflow": n.workflow_id}
                for n in self.nodes
            ],
            "edge_count": len(self.edges),
            "estimated_seconds": round(self.estimated_seconds, 1),
            "notes": self.notes,
        }


def select_nodes(project, user, spec: Spec) -> list[Node]:
    """The roots and the chosen downstream: deployed nodes of projects the user may operate."""
    operable = project_ids_where(user, OPERATE)
    if not spec.root_nodes:
        _fail("root_nodes", _("choose at least one node"))
    roots = list(Node.objects.filter(project=project, id__in=spec.root_nodes))
    if len(roots) != len(set(spec.root_nodes)):
        _fail("root_nodes", _("every root node must belong to this project"))
    undeployed = [n.name for n in roots if n.deployed_version_id is None]
    if undeployed:
        _fail(
            "root_nodes",
            _("deploy these nodes first: %(names)s") % {"names": ", ".join(undeployed)},
        )
    chosen = {n.id for n in roots}
    if spec.downstream != "none":
        below = set(node_graph.downstream(chosen, edges=Q(kind=DependencyKind.SAME_CYCLE)))
        if spec.downstream == "selected":
            extra = set(spec.downstream_nodes) - below
            if extra:
                _fail(
                    "downstream_nodes",
                    _("not downstream of the roots: %(ids)s") % {"ids": sorted(extra)},
                )
            below = set(spec.downstream_nodes)
        chosen |= below
    nodes = list(
        Node.objects.filter(id__in=chosen, deployed_version__isnull=False, project_id__in=operable)
        .select_related("project", "deployed_version")
        .order_by("id")
    )
    return nodes


def build_plan(project, user, spec: Spec) -> Plan:
    """What a backfill would create, without writing anything."""
    if spec.order not in ("asc", "desc"):
        _fail("order", _("asc or desc"))
    if spec.parallelism < 1:
        _fail("parallelism", _("at least 1"))
    hours = None
    if spec.hour_from is not None or spec.hour_to is not None:
        lo = spec.hour_from if spec.hour_from is not None else 0
        hi = spec.hour_to if spec.hour_to is not None else 23
        if not (0 <= lo <= hi <= 23):
            _fail("hour_to", _("hours from 0 to 23, hour_from not after hour_to"))
        hours = (lo, hi)
    dates = spec.run_dates()
    nodes = select_nodes(project, user, spec)
    node_ids = {n.id for n in nodes}
    all_deps = [
        (u, d, kind)
        for u, d, kind in Dependency.objects.filter(downstream_id__in=node_ids).values_list(
            "upstream_id", "downstream_id", "kind"
        )
        if u in node_ids
    ]
    deps = [(u, d) for u, d, kind in all_deps if kind == DependencyKind.SAME_CYCLE]
    previous_cycle = [e for e in all_deps if e[2] != DependencyKind.SAME_CYCLE]
    notes = []
    if previous_cycle and _consecutive(dates) and dates != sorted(dates):
        # A date waits on the one before it: running later dates first would only wait.
        dates = sorted(dates)
        notes.append("dates run in ascending order: a node depends on its previous cycle")
    if len(dates) * len(nodes) > MAX_INSTANCES * 4:
        _fail("dates", _("this backfill is too large; split it into several"))

    slots: list[tuple] = []
    edges: list[tuple[int, int, str]] = []
    per_day: dict[dt.date, dict[int, list[tuple[dt.datetime, int]]]] = {}
    open_dates = set(dates[: spec.parallelism])
    schedule_cache: dict[tuple, list[dt.datetime]] = {}
    for day in dates:
        cycle_day = day + dt.timedelta(days=1)
        by_node: dict[int, list[tuple[dt.datetime, int]]] = {}
        for node in nodes:
            snapshot = node.deployed_version.snapshot
            key = (snapshot.get("cron") or "0 0 * * *", node.project.timezone, cycle_day)
            times = schedule_cache.get(key)
            if times is None:
                times = schedule_cache[key] = cycle_times(key[0], cycle_day, key[1])
            if hours is not None:
                zone = zoneinfo.ZoneInfo(node.project.timezone)
                times = [t for t in times if hours[0] <= t.astimezone(zone).hour <= hours[1]]
            entries = []
            for cyctime in times:
                entries.append((cyctime, len(slots)))
                slots.append(
                    (
                        node.project_id,
                        node.id,
                        node.deployed_version_id,
                        cyctime,
                        day,
                        1 + int(snapshot.get("retries") or 0),
                        int(snapshot.get("priority") or 0),
                        snapshot.get("resource_group") or "default",
                        int(snapshot.get("timeout_seconds") or 0),
                        None if day in open_dates else HELD,
                    )
                )
            if entries:
                by_node[node.id] = entries
        for up, down in deps:
            for u, d in match_cycles(by_node.get(up, []), by_node.get(down, [])):
                edges.append((u, d, DependencyKind.SAME_CYCLE))
        per_day[day] = by_node
    edges += _previous_cycle_edges(previous_cycle, per_day)
    estimate = _estimate(nodes, deps, dates, spec.parallelism)
    return Plan(nodes, dates, slots, edges, spec.parallelism, estimate, notes)


def _consecutive(dates: list[dt.date]) -> bool:
    """Whether some date of the backfill is the day after another (a previous cycle inside it)."""
    days = set(dates)
    return any(day - dt.timedelta(days=1) in days for day in days)


def _previous_cycle_edges(deps, per_day) -> list[tuple[int, int, str]]:
    """Previous-cycle edges inside the backfill, as generation makes them between days: a
    self-dependent node's instances in a chain, and the upstream's last instance of the day
    before for every downstream instance. The day before must be one of the backfill's."""
    edges = []
    for day, by_node in per_day.items():
        before = per_day.get(day - dt.timedelta(days=1), {})
        for up, down, kind in deps:
            today = by_node.get(down, [])
            if kind == DependencyKind.SELF_PREVIOUS_CYCLE:
                chain = before.get(down, [])[-1:] + today
                edges += [(a[1], b[1], kind) for a, b in zip(chain, chain[1:], strict=False)]
            elif before.get(up):
                edges += [(before[up][-1][1], d[1], kind) for d in today]
    return edges


def _estimate(nodes, deps, dates, parallelism) -> float:
    """Critical path of one date (from past run times) times the rounds of P dates."""
    usual = usual_seconds([n.id for n in nodes])
    parents: dict[int, list[int]] = defaultdict(list)
    for up, down in deps:
        parents[down].append(up)
    finish: dict[int, float] = {}

    def done(node_id: int) -> float:
        if node_id not in finish:
            start = max((done(p) for p in parents[node_id]), default=0.0)
            finish[node_id] = start + usual.get(node_id, DEFAULT_SECONDS)
        return finish[node_id]

    critical = max((done(n.id) for n in nodes), default=0.0)
    return critical * math.ceil(len(dates) / parallelism) if dates else 0.0


# --- writes -----------------------------------------------------------------------------


@transaction.atomic
def create(*, project, actor, spec: Spec) -> Backfill:
    plan = build_plan(project, actor, spec)
    if not plan.slots:
        _fail("root_nodes", _("nothing to run: no cycle of these nodes falls on these dates"))
    if len(plan.slots) > MAX_INSTANCES:
        _fail(
            "dates",
            _("%(count)s instances; at most %(max)s in one backfill")
            % {"count": len(plan.slots), "max": MAX_INSTANCES},
        )
    backfill = Backfill.objects.create(
        project=project,
        name=spec.name,
        spec={**spec.as_json(), "estimated_seconds": plan.estimated_seconds, "notes": plan.notes},
        dates=[d.isoformat() for d in plan.dates],
        parallelism=spec.parallelism,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ids = backfill_sql.insert_instances(plan.slots, backfill_id=backfill.id)
    slot_ids = [ids[(slot[1], slot[3])] for slot in plan.slots]
    generation_sql.insert_edges([(slot_ids[u], slot_ids[d], kind) for u, d, kind in plan.edges])
    audit.record(
        project=project,
        actor=actor,
        action="backfill.create",
        obj=backfill,
        object_type="backfill",
        changes={"instances": len(plan.slots), "dates": len(plan.dates)},
    )
    transaction.on_commit(_release)
    return backfill


def _release(candidate_ids=None) -> None:
    release(candidate_ids=candidate_ids)


def backfill_move(backfill_ids, to: str, *, reason: str, actor=None, expected=None, **fields):
    """The only writer of a backfill's status: move the backfills that may go to `to` (from a
    status in `expected`, if given) along BACKFILL_MOVES, with a BackfillEvent each; return
    the ids moved. Ended backfills are announced (BACKFILL_ENDED_HOOKS) after commit."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    moved = [
        row["id"]
        for row in guarded_move(
            Backfill,
            backfill_ids,
            to,
            moves=BACKFILL_MOVES,
            expected=expected,
            fields=fields,
            event=lambda row: BackfillEvent(
                backfill_id=row["id"],
                project_id=row["project_id"],
                from_status=row["status"],
                to_status=to,
                reason=reason,
                actor=actor,
            ),
        )
    ]
    if moved and to in BACKFILL_ENDED:
        transaction.on_commit(lambda: _announce_end(moved))
    return moved


def _announce_end(backfill_ids: list[int]) -> None:
    for backfill in Backfill.objects.filter(pk__in=backfill_ids):
        hooks.call(BACKFILL_ENDED_HOOKS, backfill)


def _set_status(
    backfill: Backfill, to: str, expected, actor, action: BackfillReason, **fields
) -> Backfill:
    if not backfill_move(
        [backfill.pk], to, expected=expected, reason=action, actor=actor, **fields
    ):
        _fail(
            "status",
            _("a %(status)s backfill cannot be %(action)s")
            % {"status": backfill.status, "action": action},
        )
    audit.record(
        project=backfill.project,
        actor=actor,
        action=f"backfill.{action}",
        obj=backfill,
        object_type="backfill",
    )
    backfill.refresh_from_db()
    return backfill


@transaction.atomic
def pause(*, backfill: Backfill, actor) -> Backfill:
    return _set_status(
        backfill, BackfillStatus.PAUSED, [BackfillStatus.RUNNING], actor, BackfillReason.PAUSED
    )


@transaction.atomic
def resume(*, backfill: Backfill, actor) -> Backfill:
    backfill = _set_status(
        backfill, BackfillStatus.RUNNING, [BackfillStatus.PAUSED], actor, BackfillReason.RESUMED
    )
    transaction.on_commit(_release)
    return backfill


@transaction.atomic
def cancel(*, backfill: Backfill, actor) -> Backfill:
    now = timezone.now()
    backfill = _set_status(
        backfill,
        BackfillStatus.CANCELLED,
        [BackfillStatus.RUNNING, BackfillStatus.PAUSED],
        actor,
        BackfillReason.CANCELLED,
        finished_at=now,
    )
    request_kill(
        Instance.objects.filter(backfill=backfill, status__in=ACTIVE).values_list("id", "attempt")
    )
    waiting = Instance.objects.filter(backfill=backfill).exclude(status__in=FINISHED)
    ids = list(waiting.values_list("id", flat=True))
    for start in range(0, len(ids), 5000):
        transition(
            ids[start : start + 5000],
            S.KILLED,
            reason=CANCELLED_REASON,
            actor=actor,
            finished_at=now,
            lease_expires_at=None,
            error="the backfill was cancelled",
        )
    return backfill


# --- reacting to instances --------------------------------------------------------------

# The backfill instances among some that just moved, each with whether its date still has
# unfinished instances: a success on such a date can neither free a place in the window nor
# end the backfill (most successes of a wide backfill), so it is left out. One prepared query:
# every finished run of a backfill asks.
_MOVED_SQL = f"""
SELECT i.id, i.backfill_id, i.status, i.reason, i.bizdate,
       i.status = ANY(%(satisfied)s) AND EXISTS (
           SELECT 1 FROM {Instance._meta.db_table} o
           WHERE o.backfill_id = i.backfill_id AND o.bizdate = i.bizdate
             AND o.status <> ALL(%(satisfied)s)
       )
FROM {Instance._meta.db_table} i
WHERE i.id = ANY(%(ids)s) AND i.backfill_id IS NOT NULL
"""


def _that_may_move_a_date(instance_ids: list[int]):
    params = {"satisfied": sorted(SATISFIES_DOWNSTREAM), "ids": sorted(set(instance_ids))}
    with connection.cursor() as cursor:
        prepared.execute(cursor, _MOVED_SQL, params)
        return [row[:5] for row in cursor.fetchall() if not row[5]]


def _moves_a_date_sql() -> str:
    """The hook's filter, read with a move (transitions.Hook.wants): a success on a date with an
    instance still to run (pending, queued, frozen) or stopped (failed) cannot move its window:
    that instance's own move will. Siblings running now are not counted: two that end at once
    would each count the other, and neither would look; each looks after commit instead."""

    def listed(states) -> str:
        return ", ".join(f"'{state}'" for state in sorted(states))

    ended_or_ending = SATISFIES_DOWNSTREAM | {S.RUNNING, S.CHECKING}
    return (
        f"i.backfill_id IS NOT NULL AND (i.status NOT IN ({listed(SATISFIES_DOWNSTREAM)}) OR "
        f"NOT EXISTS (SELECT 1 FROM {Instance._meta.db_table} o "
        "WHERE o.backfill_id = i.backfill_id AND o.bizdate = i.bizdate AND o.id <> i.id "
        f"AND o.status NOT IN ({listed(ended_or_ending)})))"
    )


MOVES_A_DATE = _moves_a_date_sql()


def on_transitions(events) -> None:
    """After-commit hook: cascade failures, move the date window, notice the end or a revival."""
    watched = {S.FAILED, S.KILLED, S.SUCCESS, S.SKIPPED, S.UPSTREAM_FAILED, S.PENDING}
    # Events from transitions carry the instance's backfill; no query for ordinary runs.
    ids = [
        e.instance_id
        for e in events
        if e.to_status in watched and getattr(e, "backfill_id", True) is not None
    ]
    if not ids:
        return
    rows = _that_may_move_a_date(ids)
    if not rows:
        return
    failed = [
        i
        for i, _, status, reason, _ in rows
        if status in (S.FAILED, S.KILLED) and reason != CANCELLED_REASON
    ]
    if failed:
        below = instance_graph.below(failed, status=S.PENDING)
        if below:
            transition(
                below,
                S.UPSTREAM_FAILED,
                expected={S.PENDING},
                reason=InstanceReason.UPSTREAM_FAILED,
            )
    backfills = {b for _, b, _, _, _ in rows}
    revived = {b for _, b, status, _, _ in rows if status == S.PENDING}
    if revived:
        backfill_move(
            revived,
            BackfillStatus.RUNNING,
            expected=BACKFILL_ENDED,
            reason=BackfillReason.RERUN,
            finished_at=None,
        )
    opened: list[int] = []
    for backfill_id in backfills:
        opened += open_dates(backfill_id)
        if backfill_id not in revived:
            _finish_if_done(backfill_id)
    if opened:
        _release(opened)


def open_dates(backfill_id: int) -> list[int]:
    """Open held dates, in order, while fewer than `parallelism` open dates are unfinished;
    return the instances opened (only they can have become ready: a release looks at them)."""
    with transaction.atomic():
        backfill = Backfill.objects.select_for_update().filter(pk=backfill_id).first()
        if backfill is None or backfill.status == BackfillStatus.CANCELLED:
            return []
        instances = Instance.objects.filter(backfill_id=backfill_id)
        unfinished = set(
            instances.exclude(not_before=HELD)
            .exclude(status__in=SATISFIES_DOWNSTREAM)
            .values_list("bizdate", flat=True)
            .distinct()
        )
        room = backfill.parallelism - len(unfinished)
        if room <= 0:
            return []
        held = {
            d.isoformat()
            for d in instances.filter(not_before=HELD).values_list("bizdate", flat=True).distinct()
        }
        chosen = [day for day in backfill.dates if day in held][:room]
        if not chosen:
            return []
        opening = instances.filter(not_before=HELD, bizdate__in=chosen)
        ids = list(opening.values_list("id", flat=True))
        opening.update(not_before=None)
        return ids


def _finish_if_done(backfill_id: int) -> None:
    """Ended: nothing runs or can run (every open instance finished, no date left to open)."""
    instances = Instance.objects.filter(backfill_id=backfill_id)
    if instances.exclude(not_before=HELD).exclude(status__in=FINISHED).exists():
        return
    held = instances.filter(not_before=HELD).exists()
    ok = not held and not instances.exclude(status__in=SATISFIES_DOWNSTREAM).exists()
    status = BackfillStatus.SUCCESS if ok else BackfillStatus.FAILED
    backfill_move(
        [backfill_id],
        status,
        expected=[BackfillStatus.RUNNING, BackfillStatus.PAUSED],
        reason=BackfillReason.FINISHED,
        finished_at=timezone.now(),
    )


def repair_windows(now=None) -> None:
    """Scheduler step: a running backfill with nothing queued or running gets its window moved
    and its end noticed here, in case the hook of its last run was lost with its worker."""
    idle = Backfill.objects.filter(status=BackfillStatus.RUNNING).exclude(
        models.Exists(Instance.objects.filter(backfill=models.OuterRef("pk"), status__in=ACTIVE))
    )
    opened: list[int] = []
    for backfill_id in idle.values_list("id", flat=True):
        opened += open_dates(backfill_id)
        _finish_if_done(backfill_id)
    if opened:
        _release(opened)


# --- reads ------------------------------------------------------------------------------


def progress(backfill: Backfill) -> dict:
    return progress_of([backfill])[backfill.pk]


def progress_of(backfills: list[Backfill]) -> dict[int, dict]:
    """Each backfill's instance counts by status, share finished and estimated end; the
    instances of all of them counted in one query (a list page asks for a page of them)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for backfill_id, status, n in (
        Instance.objects.filter(backfill__in=[b.pk for b in backfills])
        .values("backfill_id", "status")
        .annotate(n=Count("id"))
        .values_list("backfill_id", "status", "n")
    ):
        counts[backfill_id][status] = n
    return {b.pk: _progress(b, counts.get(b.pk, {})) for b in backfills}


def _progress(backfill: Backfill, counts: dict[str, int]) -> dict:
    total = sum(counts.values())
    finished = sum(n for status, n in counts.items() if status in FINISHED)
    estimated_finish = None
    if backfill.status in (BackfillStatus.RUNNING,) and total:
        elapsed = (timezone.now() - backfill.created_at).total_seconds()
        if finished:
            remaining = elapsed / finished * (total - finished)
        else:
            remaining = float(backfill.spec.get("estimated_seconds") or 0)
        estimated_finish = (timezone.now() + dt.timedelta(seconds=remaining)).isoformat()
    return {
        "instances_total": total,
        "counts": counts,
        "progress": round(finished / total, 4) if total else 1.0,
        "estimated_finish": estimated_finish,
    }


class DateStatus(models.TextChoices):
    """A business date of a backfill as a whole."""

    EMPTY = "empty", "Nothing to run"
    WAITING = "waiting", "Waiting"
    RUNNING = "running", "Running"
    SUCCESS = "success", "Succeeded"
    FAILED = "failed", "Failed"
    BLOCKED = "blocked", "Blocked by a failure"
    CANCELLED = "cancelled", "Cancelled"


def per_date(backfill: Backfill) -> list[dict]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    cancelled: dict[str, int] = defaultdict(int)
    for bizdate, status, reason, n in (
        Instance.objects.filter(backfill=backfill)
        .values("bizdate", "status", "reason")
        .annotate(n=Count("id"))
        .values_list("bizdate", "status", "reason", "n")
    ):
        day = bizdate.isoformat()
        counts[day][status] = counts[day].get(status, 0) + n
        if reason == CANCELLED_REASON:
            cancelled[day] += n
    rows = []
    for day in backfill.dates:
        by_status = counts.get(day, {})
        status = _date_status(by_status, cancelled=cancelled.get(day, 0))
        rows.append({"bizdate": day, "status": status, "counts": by_status})
    return rows


def _date_status(counts: dict[str, int], cancelled: int = 0) -> DateStatus:
    """A date as a whole; `cancelled` of its killed instances were stopped by a cancel."""
    if not counts:
        return DateStatus.EMPTY
    statuses = set(counts)
    if statuses <= SATISFIES_DOWNSTREAM:
        return DateStatus.SUCCESS
    if statuses & ACTIVE:
        return DateStatus.RUNNING
    if cancelled:
        failed_alone = counts.get(S.FAILED, 0) + counts.get(S.KILLED, 0) - cancelled
        return DateStatus.FAILED if failed_alone > 0 else DateStatus.CANCELLED
    if statuses & {S.FAILED, S.KILLED, S.UPSTREAM_FAILED}:
        return DateStatus.FAILED if not statuses & {S.PENDING} else DateStatus.BLOCKED
    if statuses <= {S.PENDING, S.FROZEN}:
        return DateStatus.WAITING  # held for its turn, or about to start
    return DateStatus.RUNNING
