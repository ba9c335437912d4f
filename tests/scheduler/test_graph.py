"""The two graph modules: node walks (projects/graph.py) and instance walks (scheduler/graph.py)."""

import datetime as dt

import pytest
from django.db.models import Q

from projects import graph as node_graph
from projects import services
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


def test_node_downstream_is_one_statement_however_deep_with_diamonds_and_loops(
    make_node, owner, django_assert_num_queries
):
    # top -> left, right -> bottom -> n1 -> ... -> n12 -> late <- top; n12 -> left a cycle
    # later (a loop), bottom on its own previous cycle.
    top = make_node("top", deploy=False)
    left = make_node("left", upstream=[top], deploy=False)
    right = make_node("right", upstream=[top], deploy=False)
    chain = [make_node("bottom", upstream=[left, right], deploy=False)]
    for n in range(1, 13):
        chain.append(make_node(f"n{n}", upstream=[chain[-1]], deploy=False))
    late = make_node("late", upstream=[chain[-1], top], deploy=False)
    for up, down, kind in (
        (chain[-1], left, "upstream_previous_cycle"),
        (chain[0], chain[0], "self_previous_cycle"),
    ):
        services.dependency_add(downstream=down, upstream=up, actor=owner, kind=kind)
    depths = {node.id: depth for depth, node in enumerate(chain, start=2)}

    with django_assert_num_queries(1):
        assert node_graph.downstream([top.id]) == {left.id: 1, right.id: 1, late.id: 1, **depths}
    with django_assert_num_queries(1):  # the loop back to `left` leaves it out
        assert node_graph.downstream([left.id]) == {
            **{node.id: depth - 1 for node, depth in zip(chain, depths.values(), strict=True)},
            late.id: 14,
        }
    assert node_graph.downstream([top.id], limit=3) == {left.id: 1, right.id: 1, late.id: 1}
    assert node_graph.downstream([top.id], limit=4) == {
        left.id: 1,
        right.id: 1,
        late.id: 1,
        chain[0].id: 2,
    }


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
