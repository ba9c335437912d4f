"""Reads of alert rules, channels, deliveries and baselines."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from alerts import prediction
from alerts.models import Baseline, BaselineDay, Delivery
from projects.models import Node
from scheduler import graph
from scheduler.generation import local_day_bounds
from scheduler.models import Instance
from scheduler.states import FINISHED, InstanceState, RunKind


def delivery_list(*, filters: dict) -> QuerySet:
    """Deliveries, newest first, filtered (DeliveryFilterSerializer); the caller scopes them to a
    project (ProjectScopedViewSet)."""
    qs = Delivery.objects.select_related("channel", "alert__rule").order_by("-id")
    if "status" in filters:
        qs = qs.filter(status=filters["status"])
    if "channel" in filters:
        qs = qs.filter(channel_id=filters["channel"])
    if "instance" in filters:
        qs = qs.filter(alert__instance_id=filters["instance"])
    return qs


# --- baselines ------------------------------------------------------------------------

RUN_FIELDS = ("id", "node_id", "status", "cyctime", "started_at", "finished_at")
# Durations are read from this many recent successful runs, no older than HISTORY.
RECENT_RUNS = 10
HISTORY = dt.timedelta(days=30)


# Per node, its last runs by the (node, -id) index, then the successful ones among them: a
# short look-up per node, whatever the statistics of the table say (a filter on status inside
# made the planner scan every successful run once per node), instead of numbering every past
# run of every node (seconds for a day of 10,000 nodes).
_RECENT_SQL = """
SELECT n.node_id, EXTRACT(EPOCH FROM r.finished_at - r.started_at)
FROM unnest(%(nodes)s::bigint[]) AS n(node_id)
CROSS JOIN LATERAL (
    SELECT i.id, i.status, i.cyctime, i.started_at, i.finished_at FROM {instance} i
    WHERE i.node_id = n.node_id ORDER BY i.id DESC LIMIT %(look)s
) r
WHERE r.status = %(success)s AND r.cyctime >= %(since)s
  AND r.started_at IS NOT NULL AND r.finished_at IS NOT NULL
ORDER BY n.node_id, r.id DESC
"""


def recent_durations(node_ids, *, now: dt.datetime) -> dict[int, float]:
    """Each node's expected duration (prediction.expected_seconds of its last RECENT_RUNS
    successful runs; on PostgreSQL, those among its last 3 x RECENT_RUNS runs), in one query."""
    found: dict[int, list[float]] = {}
    if connection.vendor == "postgresql":
        params = {
            "nodes": sorted(node_ids),
            "success": InstanceState.SUCCESS,
            "since": now - HISTORY,
            "look": 3 * RECENT_RUNS,
        }
        with connection.cursor() as cursor:
            cursor.execute(_RECENT_SQL.format(instance=Instance._meta.db_table), params)
            rows = cursor.fetchall()
    else:
        rows = [
            (node_id, (finished - started).total_seconds())
            for node_id, started, finished in Instance.objects.filter(
                node_id__in=list(node_ids),
                status=InstanceState.SUCCESS,
                cyctime__gte=now - HISTORY,
                started_at__isnull=False,
                finished_at__isnull=False,
            )
            .annotate(
                recent=Window(RowNumber(), partition_by=[F("node_id")], order_by=F("id").desc())
            )
            .filter(recent__lte=RECENT_RUNS)
            .values_list("node_id", "started_at", "finished_at")
        ]
    for node_id, seconds in rows:
        durations = found.setdefault(node_id, [])
        if len(durations) < RECENT_RUNS:
            durations.append(float(seconds))
    return {node_id: prediction.expected_seconds(values) for node_id, values in found.items()}


@dataclass
class Forecast:
    """A baseline's day as predicted now."""

    day: dt.date
    committed_at: dt.datetime
    status: str
    predicted_at: dt.datetime | None
    finished_at: dt.datetime | None
    critical_path: list[int]
    own: list[int]  # the baseline's own runs of the day
    runs: dict[int, prediction.Run]  # those and everything they wait for
    edges: list[tuple[int, int]]
    finish: dict[int, tuple[dt.datetime, int | None]]
    expected: dict[int, float]


def committed_at(baseline: Baseline, day: dt.date) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(baseline.project.timezone)
    if baseline.committed_next_day:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, baseline.committed_time, zone).astimezone(dt.UTC)


def baseline_day_of(baseline: Baseline, now: dt.datetime) -> dt.date:
    """The cycle day a baseline is watched for at `now`: today in its project's zone."""
    return now.astimezone(zoneinfo.ZoneInfo(baseline.project.timezone)).date()


def baseline_days_open(baseline: Baseline, now: dt.datetime) -> list[dt.date]:
    """The cycle days to predict at `now`, oldest first: today, and yesterday while it has not
    finished (runs still going past midnight, or a committed time on the next day)."""
    today = baseline_day_of(baseline, now)
    yesterday = today - dt.timedelta(days=1)
    zone = zoneinfo.ZoneInfo(baseline.project.timezone)
    if yesterday < baseline.created_at.astimezone(zone).date():
        return [today]  # (a day before the baseline existed was promised nothing)
    row = BaselineDay.objects.filter(baseline=baseline, day=yesterday).values_list("finished_at")
    found = row.first()  # (finished_at,) once predicted
    if found is None:
        return [yesterday, today] if baseline.committed_next_day else [today]
    return [today] if found[0] is not None else [yesterday, today]


def baseline_forecast(baseline: Baseline, day: dt.date, now: dt.datetime) -> Forecast:
    """The predicted finish of `baseline` on cycle day `day` (prediction.py says how), from
    its scheduled runs of that day and everything above them, in four queries."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The walk and the look-ups per node are many cheap steps that the planner costs
            # high: compiling them (JIT) took longer than running them.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return _forecast(baseline, day, now)


def _forecast(baseline: Baseline, day: dt.date, now: dt.datetime) -> Forecast:
    lo, hi = local_day_bounds(day, baseline.project.timezone)
    nodes = Baseline.nodes.through.objects.filter(baseline_id=baseline.pk).values("node_id")
    own = [
        prediction.Run(*row)
        for row in Instance.objects.filter(
            node_id__in=nodes, run_kind=RunKind.SCHEDULED, cyctime__gte=lo, cyctime__lt=hi
        ).values_list(*RUN_FIELDS)
    ]
    runs = {run.id: run for run in own}
    edges = graph.above_since(runs, since=lo, finished=FINISHED)
    for row in _runs_by_id({up for up, _ in edges} - runs.keys()):
        runs[row[0]] = prediction.Run(*row)
    expected = recent_durations({run.node_id for run in runs.values()}, now=now)
    finish = prediction.predict(runs, edges, expected, now)
    committed = committed_at(baseline, day)
    predicted = finished = None
    path: list[int] = []
    if own:
        last = max((run.id for run in own), key=lambda run_id: finish[run_id][0])
        predicted = finish[last][0]
        path = prediction.critical_path(finish, last)
        if all(run.status in prediction.DONE for run in own):
            finished = predicted
    status = prediction.verdict(
        committed_at=committed,
        margin=dt.timedelta(minutes=baseline.margin_minutes),
        predicted_at=predicted,
        finished_at=finished,
        now=now,
    )
    return Forecast(
        day=day,
        committed_at=committed,
        status=status,
        predicted_at=predicted,
        finished_at=finished,
        critical_path=path,
        own=[run.id for run in own],
        runs=runs,
        edges=edges,
        finish=finish,
        expected=expected,
    )


def _runs_by_id(ids: set[int]) -> list[tuple]:
    """RUN_FIELDS of these instances. On PostgreSQL as one array parameter: the ORM prepares an
    `__in` list value by value, which cost a third of a 10,000-node prediction."""
    if not ids:
        return []
    if connection.vendor == "postgresql":
        sql = f"SELECT {', '.join(RUN_FIELDS)} FROM {Instance._meta.db_table} WHERE id = ANY(%s)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [sorted(ids)])
            return cursor.fetchall()
    ordered = sorted(ids)
    return [
        row
        for start in range(0, len(ordered), 500)
        for row in Instance.objects.filter(id__in=ordered[start : start + 500]).values_list(
            *RUN_FIELDS
        )
    ]


# The baseline page draws at most this many runs of the graph above a baseline: its own runs
# and its critical path always, then the runs nearest to them.
GRAPH_LIMIT = 300


def baseline_list() -> QuerySet:
    """Baselines with their nodes and their last two days' predictions (the caller scopes them
    to a project)."""
    recent = BaselineDay.objects.filter(
        day__gte=timezone.now().date() - dt.timedelta(days=2)
    ).order_by("-day")
    return Baseline.objects.prefetch_related("nodes", Prefetch("days", queryset=recent))


def baseline_page(baseline: Baseline, day: dt.date, now: dt.datetime) -> dict:
    """What the baseline page shows for `day`: the forecast, and the graph above its runs with
    each run's predicted finish and the critical path marked."""
    forecast = baseline_forecast(baseline, day, now)
    path = set(forecast.critical_path)
    chosen = list(dict.fromkeys([*forecast.own, *forecast.critical_path]))
    upstream: dict[int, list[int]] = {}
    for up, down in forecast.edges:
        upstream.setdefault(down, []).append(up)
    frontier = list(chosen)
    seen = set(chosen)
    while frontier and len(chosen) < GRAPH_LIMIT:  # nearest first
        following = []
        for run_id in frontier:
            for up in upstream.get(run_id, ()):
                if up not in seen and len(chosen) < GRAPH_LIMIT:
                    seen.add(up)
                    chosen.append(up)
                    following.append(up)
        frontier = following
    runs = [forecast.runs[i] for i in chosen]
    names = dict(
        Node.objects.filter(
            id__in={run.node_id for run in runs}, project_id=baseline.project_id
        ).values_list("id", "name")
    )
    slack = None
    if forecast.predicted_at is not None:
        slack = (forecast.committed_at - forecast.predicted_at).total_seconds()
    return {
        "day": day,
        "status": forecast.status,
        "committed_at": forecast.committed_at,
        "predicted_at": forecast.predicted_at,
        "finished_at": forecast.finished_at,
        "slack_seconds": slack,
        "critical_path": forecast.critical_path,
        "upstream_count": len(forecast.runs),
        "runs": [
            {
                "id": run.id,
                "node_id": run.node_id if run.node_id in names else None,
                "node_name": names.get(run.node_id),  # None: a node of another project
                "status": run.status,
                "started_at": run.started_at,
                "finished_at": run.finished_at,
                "predicted_finish": forecast.finish[run.id][0],
                "expected_seconds": forecast.expected.get(run.node_id, prediction.DEFAULT_SECONDS),
                "critical": run.id in path,
                "own": run.id in forecast.own,
            }
            for run in runs
        ],
        "edges": [[up, down] for up, down in forecast.edges if up in seen and down in seen],
    }
