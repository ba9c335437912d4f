"""Reads of the projects app that join several models or apply rules."""

from django.db.models import Q

from projects.drivers import DriverError, connect, get_driver
from projects.models import DataSource, Dependency, Node, Project


def project_graph(project: Project, *, workflow_id: int | None = None) -> dict:
    """Nodes and edges for the designer, as plain values (two queries, no per-row work).

    Edges whose other end lies outside the selection (another workflow or project) are kept,
    and that end is listed under `external` so the canvas can draw it as a stub.
    """
    nodes = Node.objects.filter(project=project)
    if workflow_id is not None:
        nodes = nodes.filter(workflow_id=workflow_id)
    node_rows = list(
        nodes.values_list(
            "id",
            "name",
            "type",
            "workflow_id",
            "deployed_version__number",
            "owner_id",
            "paused",
            "cron",
        )
    )
    ids = {row[0] for row in node_rows}
    node_ids = nodes.values("id")  # a subquery, not thousands of bound parameters
    edge_rows = list(
        Dependency.objects.filter(
            Q(downstream_id__in=node_ids) | Q(upstream_id__in=node_ids)
        ).values_list("id", "upstream_id", "downstream_id", "kind")
    )
    outside = {u for _, u, _, _ in edge_rows if u not in ids} | {
        d for _, _, d, _ in edge_rows if d not in ids
    }
    external = [
        {"id": i, "name": name, "project": p, "workflow": w}
        for i, name, p, w in Node.objects.filter(id__in=outside).values_list(
            "id", "name", "project_id", "workflow_id"
        )
    ]
    return {
        "nodes": [
            {
                "id": i,
                "name": name,
                "type": kind,
                "workflow": wf,
                "deployed": version is not None,
                "deployed_version": version,
                "owner": owner,
                "paused": paused,
                "cron": cron,
            }
            for i, name, kind, wf, version, owner, paused, cron in node_rows
        ],
        "edges": [{"id": e, "upstream": u, "downstream": d, "kind": k} for e, u, d, k in edge_rows],
        "external": external,
    }


def datasource_tables(datasource: DataSource) -> list[str]:
    """Table names for editor autocompletion; an unreachable source gives an empty list."""
    try:
        with connect(datasource) as conn:
            return get_driver(datasource.kind).list_tables(conn)
    except (DriverError, Exception):  # noqa: BLE001 - autocompletion must never break the editor
        return []
