"""Reads of the projects app that join several models or apply rules."""

import difflib

from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

from projects import deploys, graph
from projects.drivers import DriverError, connect, get_driver, kinds
from projects.models import (
    SNAPSHOT_DEFAULTS,
    VERSIONED_FIELDS,
    AuditEntry,
    DataSource,
    Dependency,
    DependencyKind,
    Deployment,
    DeployPackage,
    DeployRequest,
    DeployRequestItem,
    Node,
    NodeVersion,
    Project,
)
from projects.permissions import ACTIONS, role_can

HIDDEN_NODE = "a node of a project you cannot read"


def role_permissions(role: str | None) -> dict[str, bool]:
    """Each action of the permission matrix, and whether `role` may do it: sent with a project
    so that the client enables what the caller may do without a matrix of its own."""
    return {action: role_can(role, action) for action in ACTIONS}


def node_names(node_ids, readable: set[int]) -> dict[int, str]:
    """Each node's name, or HIDDEN_NODE for a node of a project not in `readable`."""
    return {
        node_id: name if project_id in readable else HIDDEN_NODE
        for node_id, name, project_id in Node.objects.filter(id__in=set(node_ids)).values_list(
            "id", "name", "project_id"
        )
    }


def inbound_edges(node: Node, *, readable: set[int]) -> list[dict]:
    """Edges by which nodes of other projects depend on `node`: each with the other node and
    project named only when the project is readable."""
    rows = (
        Dependency.objects.filter(upstream=node)
        .exclude(downstream__project_id=node.project_id)
        .values_list(
            "id",
            "kind",
            "created_at",
            "downstream_id",
            "downstream__name",
            "downstream__project_id",
            "downstream__project__name",
        )
        .order_by("id")
    )
    return [
        {
            "id": dependency_id,
            "kind": kind,
            "created_at": created_at,
            "readable": project_id in readable,
            "downstream": downstream_id if project_id in readable else None,
            "downstream_name": name if project_id in readable else None,
            "project": project_id if project_id in readable else None,
            "project_name": project_name if project_id in readable else None,
        }
        for dependency_id, kind, created_at, downstream_id, name, project_id, project_name in rows
    ]


def project_graph(project: Project, *, readable: set[int], workflow_id: int | None = None) -> dict:
    """Nodes and edges for the designer, as plain values (two queries, no per-row work).

    Edges whose other end lies outside the selection (another workflow or project) are kept,
    and that end is listed under `external` so the canvas can draw it as a stub: with its
    name, workflow and project when it lies in a `readable` project, with none of them when not.
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
        ).values_list("id", "upstream_id", "downstream_id", "kind", "source")
    )
    outside = {row[1] for row in edge_rows if row[1] not in ids} | {
        row[2] for row in edge_rows if row[2] not in ids
    }
    external = [
        {
            "id": i,
            "name": name if p in readable else None,
            "project": p if p in readable else None,
            "project_name": project_name if p in readable else None,
            "workflow": w if p in readable else None,
        }
        for i, name, p, project_name, w in Node.objects.filter(id__in=outside).values_list(
            "id", "name", "project_id", "project__name", "workflow_id"
        )
    ]
    shown = ids | {x["id"] for x in external if x["project"] is not None}
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
        "edges": [
            # The source names a table of the downstream's code: only for a readable downstream.
            {
                "id": e,
                "upstream": u,
                "downstream": d,
                "kind": k,
                "source": source if d in shown else {},
            }
            for e, u, d, k, source in edge_rows
        ],
        "external": external,
    }


# Dotted paths of functions (project, data source ids) -> {(data source id, table name): [{"name",
# "type"}]}: the columns completion offers after a table (the catalogue registers its own).
TABLE_COLUMN_SOURCES: list[str] = []


def table_columns(project, datasource_ids: list[int]) -> dict:
    found: dict = {}
    for path in TABLE_COLUMN_SOURCES:
        found.update(import_string(path)(project, datasource_ids))
    return found


def datasource_tables(datasource: DataSource, *, live: bool = True) -> list[str]:
    """Table names for editor autocompletion; an unreachable source gives an empty list. A
    sandbox engine (Spark) answers `live=False` from its last listing: each listing is a job."""
    driver = get_driver(datasource.kind)
    if driver.sandbox_engine and not live:
        return driver.known_tables(datasource.config, datasource.project_id)
    try:
        with connect(datasource) as conn:
            return get_driver(datasource.kind).list_tables(conn)
    except (DriverError, Exception):  # noqa: BLE001 - autocompletion must never break the editor
        return []


def datasource_columns(datasource: DataSource, table: str) -> list[dict] | None:
    """The columns of one table ("schema.table" as `datasource_tables` names it), read from the
    data source now: the sync form maps them by name. None when there is no such table."""
    with connect(datasource) as conn:
        described = get_driver(datasource.kind).describe_tables(conn)

    def names(found) -> set[str]:
        qualified = f"{found.schema}.{found.name}"
        return {qualified, found.name} if found.schema in ("", "main", "public") else {qualified}

    exact = [found for found in described if table in names(found)]
    loose = [found for found in described if table.lower() in {n.lower() for n in names(found)}]
    for found in exact or loose:
        return [{"name": column.name, "type": column.type} for column in found.columns]
    return None


def version_diff(old: dict, new: dict) -> dict:
    """A unified diff of the code plus the configuration fields that differ."""
    code = "".join(
        difflib.unified_diff(
            (old.get("code") or "").splitlines(keepends=True),
            (new.get("code") or "").splitlines(keepends=True),
            fromfile="before",
            tofile="after",
        )
    )
    fields = {
        key: {"before": before, "after": after}
        for key in VERSIONED_FIELDS
        if key != "code"
        and (before := old.get(key, SNAPSHOT_DEFAULTS.get(key)))
        != (after := new.get(key, SNAPSHOT_DEFAULTS.get(key)))
    }
    return {"code": code, "fields": fields}


# --- the deploy preview ---------------------------------------------------------------

MAX_DOWNSTREAM = 500


def node_deploy_preview(node: Node, target: NodeVersion | None, *, readable: set[int]) -> dict:
    """What deploying `target` (a version of `node`) would change, and what runs after the node."""
    deployed = node.deployed_version
    blockers = [
        f"{node.name} depends on {name}, which is not deployed; deploy {name} first"
        if project in readable
        else f"{node.name} depends on {HIDDEN_NODE}, which is not deployed"
        for name, project in Dependency.objects.filter(downstream=node)
        .exclude(kind=DependencyKind.SELF_PREVIOUS_CYCLE)
        .filter(upstream__deployed_version__isnull=True)
        .exclude(upstream=node)
        .values_list("upstream__name", "upstream__project_id")[:20]
    ]
    return {
        "node": node.id,
        "name": node.name,
        "version": target.number if target else None,
        "deployed_version": deployed.number if deployed else None,
        "up_to_date": bool(deployed and target and deployed.id == target.id),
        "snapshots": {
            "deployed": deployed.snapshot if deployed else None,
            "target": target.snapshot if target else None,
        },
        "diff": version_diff(
            deployed.snapshot if deployed else {}, target.snapshot if target else {}
        ),
        "plan": deploys.plan_diff(node, target, readable=readable) if target else None,
        "downstream": downstream_of(node, list(readable)),
        "blockers": blockers,
    }


def downstream_of(node: Node, project_ids: list[int]) -> list[dict]:
    """Nodes that run after `node` (same-cycle or next-cycle edges), breadth first with depth."""
    found = graph.downstream(
        [node.id],
        edges=~Q(kind=DependencyKind.SELF_PREVIOUS_CYCLE)
        & Q(downstream__project_id__in=project_ids),
        limit=MAX_DOWNSTREAM,
    )
    nodes = Node.objects.filter(id__in=found).values(
        "id", "name", "project_id", "workflow_id", "deployed_version_id"
    )
    return sorted(
        (
            {
                "id": row["id"],
                "name": row["name"],
                "project": row["project_id"],
                "workflow": row["workflow_id"],
                "deployed": row["deployed_version_id"] is not None,
                "depth": found[row["id"]],
            }
            for row in nodes
        ),
        key=lambda item: (item["depth"], item["name"]),
    )


def datasource_kinds() -> list[dict]:
    """Each registered driver's kind and the settings it asks for."""
    return [
        {
            "kind": kind,
            "config_fields": list(driver.config_fields),
            "optional_fields": list(driver.optional_fields),
            "secret_fields": list(driver.secret_fields),
            "file_engine": driver.file_engine,
        }
        for kind, driver in ((kind, get_driver(kind)) for kind in kinds())
    ]


def datasource_usage(datasource: DataSource) -> list[dict]:
    """The nodes of the data source's project that use it: bound to it (`datasource`), or
    connecting to it from their code (`uses_datasources`). One query over the project's nodes,
    read as plain values: `uses_datasources` is a JSON list, which not every database searches."""
    rows = (
        Node.objects.filter(project_id=datasource.project_id)
        .values_list(
            "id",
            "name",
            "type",
            "workflow_id",
            "datasource_id",
            "uses_datasources",
            "deployed_version_id",
        )
        .order_by("name")
    )
    used = []
    for node_id, name, node_type, workflow_id, bound, uses, deployed in rows:
        how = "datasource" if bound == datasource.id else None
        if how is None and datasource.id in (uses or []):
            how = "uses"
        if how:
            used.append(
                {
                    "id": node_id,
                    "name": name,
                    "type": node_type,
                    "workflow": workflow_id,
                    "how": how,
                    "deployed": deployed is not None,
                }
            )
    return used


def deployment_list(*, filters: dict) -> QuerySet:
    """Deployments, newest first, filtered (DeploymentFilterSerializer); the caller scopes them
    to a project."""
    qs = Deployment.objects.select_related("node", "version", "deployed_by")
    if "node" in filters:
        qs = qs.filter(node_id=filters["node"])
    if "package" in filters:
        qs = qs.filter(package_id=filters["package"])
    return qs


def deploy_request_list(*, filters: dict) -> QuerySet:
    """Deploy requests, newest first, of one status if asked; the caller scopes them."""
    qs = DeployRequest.objects.select_related("author", "reviewer").prefetch_related(
        "items__node", "items__version", "items__previous_version"
    )
    if "status" in filters:
        qs = qs.filter(status=filters["status"])
    if "node" in filters:
        qs = qs.filter(
            id__in=DeployRequestItem.objects.filter(node_id=filters["node"]).values("request")
        )
    return qs.order_by("-id")


def deploy_package_list() -> QuerySet:
    """Deploy packages, newest first, with their deployments; the caller scopes them."""
    return (
        DeployPackage.objects.select_related("deployed_by")
        .prefetch_related("deployments__node", "deployments__version", "requests", "rollbacks")
        .order_by("-id")
    )


def audit_list(*, filters: dict) -> QuerySet:
    """Audit entries, filtered (AuditFilterSerializer); the caller scopes them to a project
    (ProjectScopedViewSet)."""
    qs = AuditEntry.objects.select_related("actor")
    for name in ("action", "object_type", "object_id"):
        if name in filters:
            qs = qs.filter(**{name: filters[name]})
    if "actor" in filters:
        qs = qs.filter(actor__username=filters["actor"])
    if "since" in filters:
        qs = qs.filter(created_at__gte=filters["since"])
    if "until" in filters:
        qs = qs.filter(created_at__lt=filters["until"])
    return qs
