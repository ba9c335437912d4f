"""Upstream proposals for a node from the tables its SQL reads (each with the line it came from)."""

from projects import sync_spec
from projects.access import readable_project_ids
from projects.lineage import extract_with_lines
from projects.models import Dependency, DependencyKind, Node


def _producers(tables: set[str], project_ids: list[int]) -> dict[str, list[dict]]:
    """Table -> nodes (of readable projects) that declare it as an output."""
    producers: dict[str, list[dict]] = {}
    if not tables:
        return producers
    rows = (
        Node.objects.filter(project_id__in=project_ids)
        .exclude(output_tables=[])
        .values_list("id", "name", "project_id", "output_tables")
    )
    for node_id, name, project_id, outputs in rows:
        for table in outputs or []:
            if table in tables:
                producers.setdefault(table, []).append(
                    {"id": node_id, "name": name, "project": project_id}
                )
    return producers


def propose(*, node: Node, user, dialect: str | None = None) -> dict:
    code = sync_spec.lineage_sql(node.code) if node.type == "sync" else node.code
    found = extract_with_lines(code or "", dialect)
    project_ids = readable_project_ids(user)
    producers = _producers(set(found.reads) | set(found.writes), project_ids)
    existing = set(
        Dependency.objects.filter(downstream=node, kind=DependencyKind.SAME_CYCLE).values_list(
            "upstream_id", flat=True
        )
    )
    upstreams = []
    for table, line in sorted(found.reads.items(), key=lambda item: item[1]):
        for producer in producers.get(table, []):
            if producer["id"] == node.id:
                continue
            upstreams.append(
                {
                    "node": producer["id"],
                    "name": producer["name"],
                    "project": producer["project"],
                    "table": table,
                    "line": line,
                    "exists": producer["id"] in existing,
                }
            )
    warnings = []
    for table in sorted(found.writes):
        others = [p["name"] for p in producers.get(table, []) if p["id"] != node.id]
        if others:
            warnings.append(f"{table} is also declared as an output of {', '.join(others)}")
    for table, nodes in producers.items():
        if table in found.reads and len(nodes) > 1:
            warnings.append(
                f"{table} is produced by several nodes: {', '.join(n['name'] for n in nodes)}"
            )
    return {
        "reads": [
            {"table": t, "line": n} for t, n in sorted(found.reads.items(), key=lambda i: i[1])
        ],
        "writes": [
            {"table": t, "line": n} for t, n in sorted(found.writes.items(), key=lambda i: i[1])
        ],
        "upstreams": upstreams,
        "external_tables": sorted(t for t in found.reads if t not in producers),
        "declared_outputs": node.output_tables,
        "warnings": warnings,
        "errors": found.errors,
    }
