"""Reads of the catalogue: search, a table's page, its lineage graph, columns for completion."""

from collections import deque

from django.db.models import Q, QuerySet

from catalog.models import CatalogColumn, CatalogSource, CatalogTable, Direction, NodeTable
from projects.models import DataSource, Node, Project
from quality.models import QualityRule
from scheduler.models import Instance
from scheduler.states import InstanceState, RunKind

MAX_LINEAGE_DEPTH = 5
# Columns a search answer shows per table (the rest are on the table's page).
MATCHED_COLUMNS = 10
# Columns are searched for terms of 3 characters or more: what a trigram index can find (a
# shorter one would read every column of the project, and matches most tables anyway).
MIN_COLUMN_TERM = 3


def source_list(*, project: Project) -> list[dict]:
    """Every data source of the project with the state of its catalogue."""
    entries = {e.datasource_id: e for e in CatalogSource.objects.filter(project=project)}
    out = []
    for source in DataSource.objects.filter(project=project).order_by("name"):
        entry = entries.get(source.id)
        out.append(
            {
                "datasource": source.id,
                "name": source.name,
                "kind": source.kind,
                "requested_at": entry.requested_at if entry else None,
                "refreshed_at": entry.refreshed_at if entry else None,
                "attempted_at": entry.attempted_at if entry else None,
                "error": entry.error if entry else "",
                "table_count": entry.table_count if entry else 0,
                # asked and not read since: a worker has it
                "refreshing": bool(
                    entry
                    and entry.requested_at
                    and (entry.attempted_at is None or entry.attempted_at < entry.requested_at)
                ),
            }
        )
    return out


def table_search(*, filters: dict) -> QuerySet:
    """Tables whose name or comment, or one of whose columns' name or comment (for terms of
    MIN_COLUMN_TERM characters or more), contains `q`; the caller scopes them to a project.
    Ordered by name (the index of the project's names)."""
    qs = CatalogTable.objects.select_related("datasource").order_by("qualified", "id")
    if filters.get("datasource"):
        qs = qs.filter(datasource_id=filters["datasource"])
    text = (filters.get("q") or "").strip()
    if text:
        matches = Q(qualified__icontains=text) | Q(comment__icontains=text)
        if len(text) >= MIN_COLUMN_TERM:
            columns = CatalogColumn.objects.filter(
                Q(name__icontains=text) | Q(comment__icontains=text)
            )
            if filters.get("project"):
                columns = columns.filter(project_id=filters["project"])
            matches |= Q(id__in=columns.values("table_id"))
        qs = qs.filter(matches)
    return qs


def matched_columns(tables: list[CatalogTable], text: str) -> dict[int, list[dict]]:
    """The columns of `tables` that match `text`, a few per table, for a page of results."""
    text = (text or "").strip()
    found: dict[int, list[dict]] = {}
    if len(text) < MIN_COLUMN_TERM or not tables:
        return found
    rows = (
        CatalogColumn.objects.filter(table_id__in=[t.id for t in tables])
        .filter(Q(name__icontains=text) | Q(comment__icontains=text))
        .order_by("table_id", "position")
        .values("table_id", "name", "data_type", "comment")
    )
    for row in rows:
        kept = found.setdefault(row.pop("table_id"), [])
        if len(kept) < MATCHED_COLUMNS:
            kept.append(row)
    return found


def table_detail(*, table: CatalogTable) -> dict:
    """What the table's page shows besides the table itself."""
    project_id = table.project_id
    users = (
        NodeTable.objects.filter(project_id=project_id, table=table.qualified)
        .filter(Q(datasource_id=table.datasource_id) | Q(datasource__isnull=True))
        .select_related("node")
        .order_by("node__name")
    )
    readers, writers = [], []
    for use in users:
        entry = {"node": use.node_id, "name": use.node.name, "line": use.line}
        (writers if use.direction == Direction.WRITE else readers).append(entry)
    last = (
        Instance.objects.filter(
            project_id=project_id,
            node_id__in=[w["node"] for w in writers],
            status=InstanceState.SUCCESS,
        )
        .exclude(run_kind=RunKind.TEST)
        .select_related("node")
        .order_by("-finished_at", "-id")
        .first()
    )
    names = {table.qualified, table.name.lower()}
    if table.schema:
        names.add(f"{table.schema}.{table.name}".lower())
    rules = [
        {"id": r.id, "name": r.name, "kind": r.kind, "strength": r.strength, "enabled": r.enabled}
        for r in QualityRule.objects.filter(
            project_id=project_id, datasource=table.datasource
        ).order_by("name")
        if r.table.strip().lower() in names
    ]
    return {
        "columns": list(
            table.columns.order_by("position").values("name", "data_type", "comment", "position")
        ),
        "readers": readers,
        "writers": writers,
        "quality_rules": rules,
        "last_writer_instance": (
            {
                "id": last.id,
                "node": last.node_id,
                "node_name": last.node.name,
                "bizdate": last.bizdate,
                "run_kind": last.run_kind,
                "finished_at": last.finished_at,
            }
            if last
            else None
        ),
    }


def table_lineage(*, table: CatalogTable, depth: int) -> dict:
    """Tables upstream and downstream of `table`, `depth` levels each way: an edge A -> B for
    every deployed node that reads A and writes B (names the catalogue has not seen included)."""
    depth = max(1, min(int(depth), MAX_LINEAGE_DEPTH))
    uses = list(
        NodeTable.objects.filter(project_id=table.project_id).values_list(
            "node_id", "datasource_id", "table", "direction"
        )
    )
    reads: dict[int, set] = {}
    writes: dict[int, set] = {}
    for node, datasource, name, direction in uses:
        (writes if direction == Direction.WRITE else reads).setdefault(node, set()).add(
            (datasource, name)
        )
    edges = set()  # (from key, to key, node)
    for node, written in writes.items():
        for source in reads.get(node, ()):
            for target in written:
                if source != target:
                    edges.add((source, target, node))
    start = (table.datasource_id, table.qualified)
    # A node without a data source (a declared output of a Python node) matches by name only.
    start_keys = {start, (None, table.qualified)}
    levels = {start: 0}
    kept_edges = set()
    for step, forward in ((1, True), (-1, False)):
        adjacent: dict = {}
        for edge in edges:
            adjacent.setdefault(edge[0] if forward else edge[1], []).append(edge)
        queue = deque((key, 0) for key in start_keys)
        seen = set(start_keys)
        while queue:
            key, level = queue.popleft()
            if level >= depth:
                continue
            for edge in adjacent.get(key, ()):
                kept_edges.add(edge)
                there = edge[1] if forward else edge[0]
                if there not in seen:
                    seen.add(there)
                    levels.setdefault(there, step * (level + 1))
                    queue.append((there, level + 1))
    for edge in kept_edges:  # the start's name-only twin is the start itself
        for key in edge[:2]:
            levels.setdefault(key, 0)
    catalogued = {
        (t.datasource_id, t.qualified): t
        for t in CatalogTable.objects.filter(
            project_id=table.project_id, qualified__in={k[1] for k in levels}
        )
    }
    node_names = dict(
        Node.objects.filter(id__in={e[2] for e in kept_edges}).values_list("id", "name")
    )

    def vertex_id(key) -> str:
        return "start" if key in start_keys else f"{key[0] or ''}:{key[1]}"

    vertices = {}
    for key, level in levels.items():
        found = catalogued.get(key)
        vertices[vertex_id(key)] = {
            "id": vertex_id(key),
            "name": key[1],
            "datasource": key[0],
            "table": found.id if found else (table.id if key in start_keys else None),
            "level": 0 if key in start_keys else level,
        }
    return {
        "tables": sorted(vertices.values(), key=lambda v: (v["level"], v["name"])),
        "edges": [
            {"source": a, "target": b, "node": node, "node_name": node_names.get(node, "")}
            for a, b, node in sorted({(vertex_id(a), vertex_id(b), n) for a, b, n in kept_edges})
        ],
    }


def completion_columns(project: Project, datasource_ids: list[int]) -> dict:
    """(data source id, table name as completion lists it) -> its columns: what the Studio's
    completion offers after a table's name or alias."""
    out: dict[tuple[int, str], list[dict]] = {}
    rows = (
        CatalogColumn.objects.filter(project=project, table__datasource_id__in=datasource_ids)
        .order_by("table_id", "position")
        .values_list("table__datasource_id", "table__schema", "table__name", "name", "data_type")
    )
    for datasource, schema, name, column, data_type in rows:
        key = (datasource, name if schema in ("", "main", "public") else f"{schema}.{name}")
        out.setdefault(key, []).append({"name": column, "type": data_type})
    return out
