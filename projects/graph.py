"""Walks of the node graph (dependencies between nodes): every one is here.

Downstream walks over stored dependencies, the same-cycle edges a loop check needs, and cycle
detection on the same-cycle graph (previous-cycle edges cannot close a loop). Walks of the
instance graph (materialised edges between instances) are in `scheduler/graph.py`.
"""

from collections import defaultdict, deque
from collections.abc import Iterable

from django.db import connection
from django.db.models import F, Q

from projects.models import Dependency, DependencyKind

# Breadth first in one statement. `walk` holds (node, length of a path to it); a node's depth
# is its shortest. Paths end at the start nodes (depth 0 already) and are no longer than the
# number of nodes reachable (`reach`) or, with a limit, than the limit (each level up to the
# limit's holds a new node): so loops through previous-cycle edges end too.
_DOWNSTREAM_SQL = """
WITH RECURSIVE reach(id) AS (
    SELECT e.downstream_id FROM ({edges}) e WHERE e.upstream_id IN ({starts})
    UNION
    SELECT e.downstream_id FROM ({edges}) e JOIN reach r ON e.upstream_id = r.id
),
walk(id, depth) AS (
    SELECT e.downstream_id, 1 FROM ({edges}) e
    WHERE e.upstream_id IN ({starts}) AND e.downstream_id NOT IN ({starts})
    UNION
    SELECT e.downstream_id, w.depth + 1 FROM ({edges}) e JOIN walk w ON e.upstream_id = w.id
    WHERE e.downstream_id NOT IN ({starts}) AND w.depth < (SELECT COUNT(*) FROM reach){limit}
)
SELECT id, MIN(depth) FROM walk GROUP BY id ORDER BY 2, 1
"""


def downstream(
    node_ids: Iterable[int], *, edges: Q | None = None, limit: int | None = None
) -> dict[int, int]:
    """The nodes downstream of `node_ids` (not those themselves), each with its depth (1 for a
    direct child), over the dependencies matching `edges`: one statement, however deep. With
    `limit`, whole levels until that many nodes are found."""
    starts = ", ".join(str(int(i)) for i in node_ids)
    if not starts:
        return {}
    # A node's dependency on its own previous cycle leads nowhere new: left out, it cannot loop.
    chosen = Dependency.objects.exclude(upstream_id=F("downstream_id"))
    if edges is not None:
        chosen = chosen.filter(edges)
    edge_sql, edge_params = chosen.values_list(
        "upstream_id", "downstream_id"
    ).query.sql_with_params()
    sql = _DOWNSTREAM_SQL.format(
        edges=edge_sql, starts=starts, limit="" if limit is None else " AND w.depth < %s"
    )
    params = [*edge_params * 4, *([] if limit is None else [limit])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = dict(rows)  # by depth
    if limit is not None and len(found) > limit:
        last = list(found.values())[limit - 1]  # the level of the limit's node, kept whole
        found = {node_id: depth for node_id, depth in found.items() if depth <= last}
    return found


def same_cycle_pairs(project_ids) -> list[tuple[int, int]]:
    """Same-cycle edges touching `project_ids` and every project they lead to, transitively:
    a loop may pass through other projects (one query per project hop)."""
    loaded: set[int] = set()
    wanted = set(project_ids)
    pairs: set[tuple[int, int]] = set()
    while wanted - loaded:
        batch = wanted - loaded
        loaded |= batch
        for up, down, up_project, down_project in (
            Dependency.objects.filter(kind=DependencyKind.SAME_CYCLE)
            .filter(Q(downstream__project_id__in=batch) | Q(upstream__project_id__in=batch))
            .values_list(
                "upstream_id", "downstream_id", "upstream__project_id", "downstream__project_id"
            )
        ):
            pairs.add((up, down))
            wanted |= {up_project, down_project}
    return list(pairs)


def find_path(edges: dict[int, set[int]], start: int, goal: int) -> list[int] | None:
    """A path start -> ... -> goal following `edges` (upstream -> downstreams), or None."""
    if start == goal:
        return [start]
    parents = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for nxt in edges.get(current, ()):
            if nxt in parents:
                continue
            parents[nxt] = current
            if nxt == goal:
                path = [nxt]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return path[::-1]
            queue.append(nxt)
    return None


def adjacency(pairs) -> dict[int, set[int]]:
    edges: dict[int, set[int]] = defaultdict(set)
    for upstream, downstream in pairs:
        edges[upstream].add(downstream)
    return edges


def cycle_if_added(pairs, new_edges: list[tuple[int, int]]) -> list[int] | None:
    """Adding upstream->downstream closes a loop when downstream already reaches upstream.

    Returns the loop as node ids (first == last) or None.
    """
    edges = adjacency(pairs)
    for upstream, downstream in new_edges:
        if upstream == downstream:
            return [upstream, downstream]
        path = find_path(edges, downstream, upstream)
        if path is not None:
            return [upstream, *path]
        edges[upstream].add(downstream)
    return None
