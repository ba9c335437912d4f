"""Reads of the scheduler: instance lists, graphs around an instance, logs."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from projects import validation
from projects.models import Node
from scheduler import graph
from scheduler.logs import read_log
from scheduler.models import Instance
from scheduler.states import InstanceState, RunKind

# What the list shows of a node; the instance's own large fields (snapshot with the code,
# parameters, result rows) are left for the detail view.
LIST_ONLY = [
    "node__name",
    "node__type",
    "node__workflow_id",
    "node__owner__username",
]
LIST_DEFER = ["version_snapshot", "params", "result"]


def instance_list(project, filters) -> QuerySet:
    """A project's instances with the operations center's filters (all optional).

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
    )
    if filters.get("status"):
        statuses = filters["status"].split(",")
        unknown = set(statuses) - set(InstanceState.values)
        if unknown:
            raise ValidationError({"status": [f"unknown status {sorted(unknown)[0]!r}"]})
        qs = qs.filter(status__in=statuses)
    if filters.get("run_kind"):
        if filters["run_kind"] not in RunKind.values:
            raise ValidationError({"run_kind": [f"one of {', '.join(RunKind.values)}"]})
        qs = qs.filter(run_kind=filters["run_kind"])
    nodes = Node.objects.filter(project=project)
    narrowed = False
    for name, field in (("workflow", "workflow_id"), ("owner", "owner_id")):
        if filters.get(name):
            nodes = nodes.filter(**{field: validation.check_id(filters[name], name)})
            narrowed = True
    if filters.get("search"):
        nodes = nodes.filter(name__icontains=filters["search"])
        narrowed = True
    if filters.get("node"):
        nodes = nodes.filter(pk=validation.check_id(filters["node"], "node"))
        narrowed = True
    if narrowed:
        qs = qs.filter(node_id__in=list(nodes.values_list("id", flat=True)[:10_000]))
    if filters.get("backfill"):
        qs = qs.filter(backfill_id=validation.check_id(filters["backfill"], "backfill"))
    for name, lookup in (
        ("bizdate", "bizdate"),
        ("bizdate_from", "bizdate__gte"),
        ("bizdate_to", "bizdate__lte"),
    ):
        day = validation.date_param(filters, name)
        if day is not None:
            qs = qs.filter(**{lookup: day})
    return qs


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
