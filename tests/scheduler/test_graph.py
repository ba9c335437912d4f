"""The two graph modules: node walks (projects/graph.py) and instance walks (scheduler/graph.py)."""

import datetime as dt

import pytest
from django.db.models import Q

from projects import graph as node_graph
from scheduler import graph as instance_graph
from scheduler.models import Instance, InstanceDependency

pytestmark = pytest.mark.django_db


def test_cycle_if_added_returns_the_loop():
    assert node_graph.cycle_if_added([(1, 2), (2, 3)], [(3, 1)]) == [3, 1, 2, 3]
    assert node_graph.cycle_if_added([(1, 2), (2, 3)], [(1, 3)]) is None
    assert node_graph.cycle_if_added([], [(4, 4)]) == [4, 4]


def test_node_downstream_gives_depths_and_follows_only_chosen_edges(make_node):
    a = make_node("a", deploy=False)
    b = make_node("b", upstream=[a], deploy=False)
    c = make_node("c", upstream=[b], deploy=False)
    d = make_node("d", upstream=[(c, "upstream_previous_cycle"), a], deploy=False)

    assert node_graph.downstream([a.id]) == {b.id: 1, d.id: 1, c.id: 2}
    same_cycle = Q(kind="same_cycle")
    assert node_graph.downstream([b.id], edges=same_cycle) == {c.id: 1}
    assert node_graph.downstream([b.id]) == {c.id: 1, d.id: 2}
    assert node_graph.downstream([a.id, b.id]) == {c.id: 1, d.id: 1}  # never the start nodes
    assert node_graph.downstream([a.id], limit=1) == {b.id: 1, d.id: 1}  # whole levels
    assert node_graph.downstream([c.id], edges=same_cycle) == {}


@pytest.fixture
def chain(make_node):
    """Four instances: 0 -> 1 -> 2 and 0 -> 3; 2 is pending, the others succeeded."""
    node = make_node("n", deploy=False)
    instances = [
        Instance.objects.create(
            project=node.project,
            node=node,
            run_kind="manual",
            run_key=f"manual:{i}",
            cyctime=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            bizdate=dt.date(2025, 12, 31),
            status="pending" if i == 2 else "success",
        )
        for i in range(4)
    ]
    for up, down in [(0, 1), (1, 2), (0, 3)]:
        InstanceDependency.objects.create(upstream=instances[up], downstream=instances[down])
    return [i.id for i in instances]


def test_instances_below(chain):
    assert instance_graph.below([chain[0]]) == sorted(chain[1:])
    assert instance_graph.below([chain[0], chain[1]]) == sorted([chain[2], chain[3]])
    assert instance_graph.below([chain[0]], status="pending") == [chain[2]]
    assert instance_graph.below([chain[2]]) == []
    assert instance_graph.below([]) == []


def test_instances_around_hides_what_cannot_be_read(chain, project):
    nodes, edges, hidden = instance_graph.around(chain[1], readable={project.id}, up=1, down=1)
    assert nodes == {chain[0], chain[1], chain[2]}
    assert edges == {(chain[0], chain[1]), (chain[1], chain[2])}
    assert hidden == set()

    nodes, edges, hidden = instance_graph.around(chain[1], readable=set(), up=2, down=2)
    assert (nodes, edges, hidden) == ({chain[1]}, set(), {chain[0], chain[2]})
