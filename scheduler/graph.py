"""Walks of the instance graph (the edges materialised between instances): every one is here.

Walks of the node graph (dependencies between nodes) are in `projects/graph.py`.
"""

from collections.abc import Iterable

from django.db import connection

from scheduler.models import Instance, InstanceDependency

_BELOW_SQL = """
WITH RECURSIVE below(id) AS (
    SELECT e.downstream_id FROM {edge} e WHERE e.upstream_id IN ({ids})
    UNION
    SELECT e.downstream_id FROM {edge} e JOIN below b ON e.upstream_id = b.id
)
SELECT i.id FROM below b JOIN {instance} i ON i.id = b.id
WHERE i.id NOT IN ({ids}){status}
ORDER BY i.id
"""


def below(instance_ids: Iterable[int], *, status: str | None = None) -> list[int]:
    """Every instance reachable downstream of `instance_ids` (not those themselves), in id
    order; only those in `status`, if given. One statement, however deep the graph."""
    ids = ", ".join(str(int(i)) for i in instance_ids)
    if not ids:
        return []
    sql = _BELOW_SQL.format(
        edge=InstanceDependency._meta.db_table,
        instance=Instance._meta.db_table,
        ids=ids,
        status=" AND i.status = %s" if status is not None else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [status] if status is not None else [])
        return [row[0] for row in cursor.fetchall()]


def around(
    instance_id: int, *, readable: set[int], up: int, down: int
) -> tuple[set[int], set[tuple[int, int]], set[int]]:
    """The instance with `up` levels of upstream and `down` levels of downstream (at most 10
    each): (instance ids, (upstream, downstream) edges, hidden ids). Only instances of
    `readable` projects are walked through; `hidden` are the neighbours left out."""
    nodes = {instance_id}
    hidden: set[int] = set()
    edges: set[tuple[int, int]] = set()
    for direction, levels in (("up", up), ("down", down)):
        frontier = {instance_id}
        for _ in range(max(0, min(levels, 10))):
            if not frontier:
                break
            if direction == "up":
                links = InstanceDependency.objects.filter(downstream_id__in=frontier)
                pairs = links.filter(upstream__project_id__in=readable).values_list(
                    "upstream_id", "downstream_id"
                )
                outside = links.exclude(upstream__project_id__in=readable)
                hidden |= set(outside.values_list("upstream_id", flat=True))
                found = {u for u, _ in pairs}
            else:
                links = InstanceDependency.objects.filter(upstream_id__in=frontier)
                pairs = links.filter(downstream__project_id__in=readable).values_list(
                    "upstream_id", "downstream_id"
                )
                outside = links.exclude(downstream__project_id__in=readable)
                hidden |= set(outside.values_list("downstream_id", flat=True))
                found = {d for _, d in pairs}
            edges |= set(pairs)
            frontier = found - nodes
            nodes |= found
    return nodes, edges, hidden


_ABOVE_SQL = """
WITH RECURSIVE above(up, down) AS (
    SELECT e.upstream_id, e.downstream_id FROM {edge} e WHERE e.downstream_id IN ({ids})
    UNION
    SELECT e.upstream_id, e.downstream_id FROM above a
    JOIN {instance} i ON i.id = a.up
    JOIN {edge} e ON e.downstream_id = a.up
    WHERE i.cyctime >= %s OR i.status NOT IN ({finished})
)
SELECT up, down FROM above
"""


def above_since(
    instance_ids: Iterable[int], *, since, finished: Iterable[str]
) -> list[tuple[int, int]]:
    """The (upstream, downstream) edges above `instance_ids`, walked up through instances of
    `since` or later and through unfinished ones: a run finished before `since` ends the walk
    (what it waited for no longer matters), so a self-dependency does not climb every past day.
    One statement, however deep the graph."""
    ids = ", ".join(str(int(i)) for i in instance_ids)
    finished = sorted(finished)
    if not ids:
        return []
    sql = _ABOVE_SQL.format(
        edge=InstanceDependency._meta.db_table,
        instance=Instance._meta.db_table,
        ids=ids,
        finished=", ".join("%s" for _ in finished),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, *finished])
        return cursor.fetchall()
