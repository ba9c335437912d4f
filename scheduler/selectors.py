"""Reads of the scheduler: instance lists, graphs around an instance, logs, the operations
center's dashboard and Gantt rows."""

import datetime as dt

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Max,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from projects.models import Node
from scheduler import graph
from scheduler.logs import read_log
from scheduler.models import Instance, InstanceDependency, InstanceEvent
from scheduler.states import InstanceReason, InstanceState, RunKind

S = InstanceState

# What the list shows of a node; the instance's own large fields (snapshot with the code,
# parameters, result rows) are left for the detail view.
LIST_ONLY = [
    "node__name",
    "node__type",
    "node__workflow_id",
    "node__owner__username",
]
LIST_DEFER = ["version_snapshot", "params", "result"]


def instance_list(project, filters: dict) -> QuerySet:
    """A project's instances with the operations center's filters (checked by
    `scheduler.api.filters`; all optional), with `node_name` and `duration` to order by.

    Filters on the node (workflow, owner, name) are turned into node ids first, so every query
    walks an instance index in id order instead of joining the nodes of a million rows.
    """
    qs = (
        Instance.objects.filter(project=project)
        .select_related("node", "node__owner")
        .only(
            *[f.name for f in Instance._meta.concrete_fields if f.name not in LIST_DEFER],
            *LIST_ONLY,
        )
        .annotate(node_name=F("node__name"), duration=_duration_seconds())
    )
    if filters.get("status"):
        qs = qs.filter(status__in=filters["status"])
    if filters.get("run_kind"):
        qs = qs.filter(run_kind__in=filters["run_kind"])
    nodes = Node.objects.filter(project=project)
    narrowed = False
    for name, field in (("workflow", "workflow_id"), ("owner", "owner_id"), ("node", "pk")):
        if filters.get(name):
            nodes = nodes.filter(**{field: filters[name]})
            narrowed = True
    if filters.get("search"):
        nodes = nodes.filter(name__icontains=filters["search"])
        narrowed = True
    if narrowed:
        qs = qs.filter(node_id__in=list(nodes.values_list("id", flat=True)[:10_000]))
    if filters.get("backfill"):
        qs = qs.filter(backfill_id=filters["backfill"])
    for name, lookup in (
        ("bizdate", "bizdate"),
        ("bizdate_from", "bizdate__gte"),
        ("bizdate_to", "bizdate__lte"),
    ):
        if filters.get(name):
            qs = qs.filter(**{lookup: filters[name]})
    return qs


def _duration_seconds():
    """Seconds from start to finish; -1 until both are known, so that the order is total and a
    cursor can page through it (a NULL would fall out of every comparison)."""
    return Coalesce(
        Func(
            F("finished_at"),
            F("started_at"),
            template="EXTRACT(EPOCH FROM (%(expressions)s))",
            arg_joiner=" - ",
            output_field=FloatField(),
        ),
        Value(-1.0),
    )


def node_latest_instances(project, *, bizdate: dt.date, workflow_id: int | None = None) -> dict:
    """Each node's latest instance of a business date (the designer colours nodes by it).

    "Latest" is the last cycle time, then the last created, among scheduled, backfill and
    manual runs (editor test runs are not the node's status). One query, whatever the size.
    """
    qs = Instance.objects.filter(project=project, bizdate=bizdate).exclude(run_kind=RunKind.TEST)
    if workflow_id is not None:
        qs = qs.filter(node__workflow_id=workflow_id)
    latest: dict[int, dict] = {}
    counts: dict[int, int] = {}
    rows = qs.order_by("node_id", "cyctime", "id").values_list(
        "node_id", "id", "status", "cyctime", "run_kind"
    )
    for node_id, instance_id, status, cyctime, run_kind in rows.iterator(chunk_size=5000):
        counts[node_id] = counts.get(node_id, 0) + 1
        latest[node_id] = {
            "instance": instance_id,
            "status": status,
            "cyctime": cyctime,
            "run_kind": run_kind,
        }
    return {
        "bizdate": bizdate,
        "nodes": {
            str(node_id): {**row, "instances": counts[node_id]} for node_id, row in latest.items()
        },
    }


def instance_graph(instance: Instance, *, readable: set[int], up: int = 2, down: int = 2) -> dict:
    """The instance with `up` levels of upstream and `down` levels of downstream.

    Only instances of `readable` projects are shown (and walked through); `hidden` counts the
    neighbours left out, so the page can say that other projects are involved.
    """
    nodes, edges, hidden = graph.around(instance.id, readable=readable, up=up, down=down)
    rows = Instance.objects.filter(id__in=nodes).values(
        "id",
        "node_id",
        "node__name",
        "status",
        "cyctime",
        "bizdate",
        "run_kind",
        "started_at",
        "finished_at",
    )
    return {
        "root": instance.id,
        "nodes": [
            {
                "id": r["id"],
                "node": r["node_id"],
                "name": r["node__name"],
                "status": r["status"],
                "cyctime": r["cyctime"],
                "bizdate": r["bizdate"],
                "run_kind": r["run_kind"],
                "started_at": r["started_at"],
                "finished_at": r["finished_at"],
            }
            for r in rows
        ],
        "edges": [{"upstream": u, "downstream": d} for u, d in sorted(edges)],
        "hidden": len(hidden),
    }


def instance_log(instance: Instance, attempt: int | None = None) -> str:
    return read_log(instance.id, attempt)


def usual_seconds(node_ids, *, last: int = 10) -> dict[int, float]:
    """Each node's usual run time: the mean of its last `last` successful runs, in one query."""
    runs = (
        Instance.objects.filter(
            node_id__in=list(node_ids),
            status=InstanceState.SUCCESS,
            started_at__isnull=False,
            finished_at__isnull=False,
        )
        .annotate(recent=Window(RowNumber(), partition_by=[F("node_id")], order_by=F("id").desc()))
        .filter(recent__lte=last)
        .values_list("node_id", "started_at", "finished_at")
    )
    totals: dict[int, list[float]] = {}
    for node_id, started, finished in runs:
        totals.setdefault(node_id, []).append((finished - started).total_seconds())
    return {node_id: sum(values) / len(values) for node_id, values in totals.items()}


# --- the operations center: a project's dashboard and the Gantt rows of a day ---------
# Each answers with a bounded number of queries whatever the project's size: counts and
# durations are aggregated in the database, lists are capped.

HISTORY_DAYS = 14
ATTENTION_DAYS = 7
LIST_LIMIT = 20
GANTT_LIMIT = 2000
GANTT_MAX = 5000
EDGE_CHUNK = 900

# Finished outcomes that count against the success rate (a dry run or a kill does not).
UNSUCCESSFUL = (S.FAILED, S.UPSTREAM_FAILED)
# What the dashboard counts: everything but editor test runs.
COUNTED_KINDS = (RunKind.SCHEDULED, RunKind.BACKFILL, RunKind.MANUAL)

ROW_FIELDS = (
    "id",
    "node_id",
    "node__name",
    "node__workflow_id",
    "node__owner__username",
    "status",
    "run_kind",
    "environment",
    "cyctime",
    "bizdate",
    "attempt",
    "max_attempts",
    "queued_at",
    "started_at",
    "finished_at",
    "backfill_id",
    "error",
)


def _duration():
    return ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())


def _seconds(value: dt.timedelta | float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return round(value.total_seconds(), 3)
    return round(float(value) / 1_000_000, 3)  # a backend that averages durations as microseconds


def _row(values: dict, now: dt.datetime) -> dict:
    started, finished = values["started_at"], values["finished_at"]
    duration = None
    if started and finished:
        duration = round((finished - started).total_seconds(), 3)
    elapsed = None
    if started and not finished and values["status"] in (S.RUNNING, S.CHECKING):
        elapsed = round((now - started).total_seconds(), 3)
    return {
        "id": values["id"],
        "node": values["node_id"],
        "node_name": values["node__name"],
        "workflow": values["node__workflow_id"],
        "owner": values["node__owner__username"],
        "status": values["status"],
        "run_kind": values["run_kind"],
        "environment": values["environment"],
        "cyctime": values["cyctime"],
        "bizdate": values["bizdate"],
        "attempt": values["attempt"],
        "max_attempts": values["max_attempts"],
        "queued_at": values["queued_at"],
        "started_at": started,
        "finished_at": finished,
        "duration_seconds": duration,
        "elapsed_seconds": elapsed,
        "backfill": values["backfill_id"],
        "error": (values["error"] or "")[:500],
    }


def instance_dashboard(project, *, bizdate: dt.date, days: int = HISTORY_DAYS) -> dict:
    """Today's counts by status, failures to look at, what runs longest, and a 14-day history."""
    now = timezone.now()
    counted = Instance.objects.filter(project=project, run_kind__in=COUNTED_KINDS)

    counts = dict(
        counted.filter(bizdate=bizdate)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )

    since = bizdate - dt.timedelta(days=ATTENTION_DAYS - 1)
    failing = counted.filter(status=S.FAILED, bizdate__gte=since, bizdate__lte=bizdate)
    attention = [
        _row(v, now)
        for v in failing.order_by("-bizdate", "-finished_at", "-id").values(*ROW_FIELDS)[
            :LIST_LIMIT
        ]
    ]

    running = [
        _row(v, now)
        for v in counted.filter(status__in=(S.RUNNING, S.CHECKING), started_at__isnull=False)
        .order_by("started_at", "id")
        .values(*ROW_FIELDS)[:LIST_LIMIT]
    ]

    slowest = [
        _row(v, now)
        for v in counted.filter(
            bizdate=bizdate, started_at__isnull=False, finished_at__isnull=False
        )
        .annotate(duration=_duration())
        .order_by("-duration", "id")
        .values(*ROW_FIELDS)[:10]
    ]

    first = bizdate - dt.timedelta(days=days - 1)
    per_day = {
        row["bizdate"]: row
        for row in counted.filter(bizdate__gte=first, bizdate__lte=bizdate)
        .values("bizdate")
        .annotate(
            total=Count("id"),
            success=Count("id", filter=Q(status=S.SUCCESS)),
            failed=Count("id", filter=Q(status__in=UNSUCCESSFUL)),
            running=Count("id", filter=Q(status__in=(S.QUEUED, S.RUNNING, S.CHECKING))),
            avg_duration=Avg(_duration(), filter=Q(status=S.SUCCESS, started_at__isnull=False)),
            max_duration=Max(_duration(), filter=Q(status=S.SUCCESS, started_at__isnull=False)),
        )
        .order_by("bizdate")
    }
    history = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        row = per_day.get(day, {})
        success, failed = row.get("success", 0), row.get("failed", 0)
        finished = success + failed
        history.append(
            {
                "bizdate": day,
                "total": row.get("total", 0),
                "success": success,
                "failed": failed,
                "running": row.get("running", 0),
                "success_rate": round(success / finished, 4) if finished else None,
                "avg_duration_seconds": _seconds(row.get("avg_duration")),
                "max_duration_seconds": _seconds(row.get("max_duration")),
            }
        )

    return {
        "bizdate": bizdate,
        "generated_at": now,
        "counts": counts,
        "total": sum(counts.values()),
        "attention": attention,
        "attention_total": failing.count(),
        "running": running,
        "slowest": slowest,
        "history": history,
    }


def instance_gantt(project, *, bizdate: dt.date, filters, limit: int = GANTT_LIMIT) -> dict:
    """Every instance of a business date with its times, and the edges between them."""
    qs = Instance.objects.filter(project=project, bizdate=bizdate)
    if filters.get("run_kind"):
        qs = qs.filter(run_kind__in=filters["run_kind"])
    else:
        qs = qs.exclude(run_kind=RunKind.TEST)
    if filters.get("status"):
        qs = qs.filter(status__in=filters["status"])
    for name, field in (("workflow", "node__workflow_id"), ("backfill", "backfill_id")):
        if filters.get(name):
            qs = qs.filter(**{field: filters[name]})
    if filters.get("search"):
        qs = qs.filter(node__name__icontains=filters["search"])

    now = timezone.now()
    total = qs.count()
    rows = [
        _row(v, now)
        for v in qs.order_by(F("started_at").asc(nulls_last=True), "cyctime", "id").values(
            *ROW_FIELDS
        )[:limit]
    ]
    ids = [r["id"] for r in rows]
    shown = set(ids)
    pairs: list[tuple[int, int]] = []
    # In chunks: a few thousand ids stay under every backend's limit of bound parameters.
    for start in range(0, len(ids), EDGE_CHUNK):
        pairs.extend(
            (u, d)
            for u, d in InstanceDependency.objects.filter(
                downstream_id__in=ids[start : start + EDGE_CHUNK]
            ).values_list("upstream_id", "downstream_id")
            if u in shown
        )
    edges = [{"upstream": u, "downstream": d} for u, d in sorted(pairs)]
    return {
        "bizdate": bizdate,
        "now": now,
        "total": total,
        "truncated": total > len(rows),
        "rows": rows,
        "edges": edges,
    }


def last_test_runs(node_ids: list[int]) -> dict[int, dict]:
    """Each node's latest test run, with the code and settings it ran (a deploy review compares
    them with the version it ships)."""
    ids = (
        Instance.objects.filter(node_id__in=node_ids, run_kind=RunKind.TEST)
        .values("node_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    latest = Instance.objects.filter(id__in=list(ids)).values(
        "id", "node_id", "status", "version_snapshot"
    )
    return {
        row["node_id"]: {
            "id": row["id"],
            "status": row["status"],
            "snapshot": row["version_snapshot"],
        }
        for row in latest
    }


def instance_started_by(instance: Instance) -> str | None:
    """Who started this run of the instance: the last rerun's operator, else who asked for the
    manual or test run, else the backfill's creator; None for the scheduler's own runs."""
    rerun = (
        InstanceEvent.objects.filter(
            instance=instance,
            reason__in=[InstanceReason.RERUN, InstanceReason.RERUN_UPSTREAM],
            actor__isnull=False,
        )
        .order_by("-id")
        .values_list("actor__username", flat=True)
        .first()
    )
    if rerun:
        return rerun
    if instance.started_by_id:
        return instance.started_by.username
    if instance.backfill_id and instance.backfill.created_by_id:
        return instance.backfill.created_by.username
    return None
