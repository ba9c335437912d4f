"""The operations center's read-only figures: a project's dashboard and the Gantt rows of a day.

Each endpoint answers with a bounded number of queries whatever the project's size: counts and
durations are aggregated in the database, lists are capped.
"""

import datetime as dt

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cycles import dates
from projects import validation
from projects.access import as_id
from projects.api.base import ProjectAccessMixin
from scheduler.api import serializers as s
from scheduler.models import Instance, InstanceDependency
from scheduler.states import InstanceState, RunKind

S = InstanceState

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


def _id_param(params, name: str) -> int | None:
    value = params.get(name)
    if not value:
        return None
    return validation.check_id(value, name)


def dashboard(project, *, bizdate: dt.date, days: int = HISTORY_DAYS) -> dict:
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


def gantt(project, *, bizdate: dt.date, filters, limit: int = GANTT_LIMIT) -> dict:
    """Every instance of a business date with its times, and the edges between them."""
    qs = Instance.objects.filter(project=project, bizdate=bizdate)
    run_kind = filters.get("run_kind")
    if run_kind:
        if run_kind not in RunKind.values:
            raise ValidationError({"run_kind": [f"one of {', '.join(RunKind.values)}"]})
        qs = qs.filter(run_kind=run_kind)
    else:
        qs = qs.exclude(run_kind=RunKind.TEST)
    if filters.get("status"):
        statuses = filters["status"].split(",")
        unknown = set(statuses) - set(S.values)
        if unknown:
            raise ValidationError({"status": [f"unknown status {sorted(unknown)[0]!r}"]})
        qs = qs.filter(status__in=statuses)
    for name, field in (("workflow", "node__workflow_id"), ("backfill", "backfill_id")):
        number = _id_param(filters, name)
        if number is not None:
            qs = qs.filter(**{field: number})
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


class DashboardView(ProjectAccessMixin, APIView):
    """The operations dashboard of a project for one business date (default: today's)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "bizdate", OpenApiTypes.DATE, description="default: the date that runs today"
            )
        ],
        responses=s.DashboardSerializer,
    )
    def get(self, request, project_id=None):
        bizdate = validation.date_param(
            request.query_params,
            "bizdate",
            dates.business_date(timezone.now(), self.project.timezone),
        )
        return Response(dashboard(self.project, bizdate=bizdate))


class GanttView(ProjectAccessMixin, APIView):
    """The instances of one business date as Gantt rows (start, end, status) with their edges."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "bizdate", OpenApiTypes.DATE, description="default: the date that runs today"
            ),
            OpenApiParameter(
                "run_kind", str, enum=RunKind.values, description="default: all but test runs"
            ),
            OpenApiParameter("status", str, description="one or more statuses, comma-separated"),
            OpenApiParameter("workflow", int),
            OpenApiParameter("backfill", int),
            OpenApiParameter("search", str, description="part of the node name"),
            OpenApiParameter(
                "limit", int, description=f"rows (default {GANTT_LIMIT}, at most {GANTT_MAX})"
            ),
        ],
        responses=s.GanttSerializer,
    )
    def get(self, request, project_id=None):
        params = request.query_params
        bizdate = validation.date_param(
            params, "bizdate", dates.business_date(timezone.now(), self.project.timezone)
        )
        limit = GANTT_LIMIT
        if params.get("limit"):
            limit = as_id(params["limit"])
            if limit is None or limit > GANTT_MAX:
                raise ValidationError({"limit": [f"a whole number from 1 to {GANTT_MAX}"]})
        return Response(gantt(self.project, bizdate=bizdate, filters=params, limit=limit))


urlpatterns = [
    path(
        "projects/<int:project_id>/operations/dashboard/",
        DashboardView.as_view(),
        name="operations-dashboard",
    ),
    path(
        "projects/<int:project_id>/operations/gantt/",
        GanttView.as_view(),
        name="operations-gantt",
    ),
]
