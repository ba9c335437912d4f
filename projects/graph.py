"""Cycle detection on the same-cycle dependency graph (previous-cycle edges cannot close one)."""

from collections import defaultdict, deque


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
