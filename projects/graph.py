"""Walks of the node graph (dependencies between nodes): every one is here.

Downstream walks over stored dependencies, the same-cycle edges a loop check needs, and cycle
detection on the same-cycle graph (previous-cycle edges cannot close a loop). Walks of the
instance graph (materialised edges between instances) are in `scheduler/graph.py`.
"""

from collections import defaultdict, deque
from collections.abc import Iterable

from django.db.models import Q

from projects.models import Dependency, DependencyKind


def downstream(
    node_ids: Iterable[int], *, edges: Q | None = None, limit: int | None = None
) -> dict[int, int]:
    """The nodes downstream of `node_ids` (not those themselves), each with its depth (1 for a
    direct child): breadth first over the dependencies matching `edges`, one query per level.
    With `limit`, no further level is read once that many nodes are found."""
    starts = set(node_ids)
    found: dict[int, int] = {}
    frontier, depth = list(starts), 0
    while frontier and (limit is None or len(found) < limit):
        depth += 1
        rows = Dependency.objects.filter(upstream_id__in=frontier)
        if edges is not None:
            rows = rows.filter(edges)
        frontier = []
        for node_id in rows.values_list("downstream_id", flat=True):
            if node_id not in starts and node_id not in found:
                found[node_id] = depth
                frontier.append(node_id)
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
