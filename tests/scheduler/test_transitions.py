"""The instance state machine as a table: every allowed move moves and leaves an event; a move the
table does not allow changes nothing and records nothing."""

import datetime as dt
import itertools

import pytest

from scheduler.models import Instance, InstanceEvent
from scheduler.states import ALLOWED, InstanceState, can_transition, sources_of
from scheduler.transitions import transition

ALLOWED_MOVES = sorted((old, new) for old, targets in ALLOWED.items() for new in targets)
DISALLOWED_MOVES = sorted(
    (old, new)
    for old, new in itertools.product(InstanceState.values, repeat=2)
    if new not in ALLOWED.get(old, ())
)
# Every state's own loop (a move to where it already is), plus a spread of the others.
SAMPLE_DISALLOWED = sorted(
    {(state, state) for state in InstanceState.values} | set(DISALLOWED_MOVES[::5])
)


@pytest.fixture
def instance_in(make_node):
    node = make_node("moved", deploy=False)

    def make(status: str) -> Instance:
        return Instance.objects.create(
            project=node.project,
            node=node,
            run_kind="manual",
            run_key=f"manual:{status}",
            cyctime=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            bizdate=dt.date(2025, 12, 31),
            status=status,
        )

    return make


def test_the_table_names_only_known_states():
    states = set(InstanceState.values)
    assert set(ALLOWED) == states
    assert all(targets <= states for targets in ALLOWED.values())


@pytest.mark.parametrize(("old", "new"), ALLOWED_MOVES)
def test_sources_of_agrees_with_the_table(old, new):
    assert can_transition(old, new)
    assert old in sources_of(new)


@pytest.mark.parametrize(("old", "new"), DISALLOWED_MOVES)
def test_a_move_outside_the_table_has_no_source(old, new):
    assert not can_transition(old, new)
    assert old not in sources_of(new)


@pytest.mark.django_db
@pytest.mark.parametrize("by_operator", [False, True], ids=["one-statement", "locked"])
@pytest.mark.parametrize(("old", "new"), ALLOWED_MOVES)
def test_an_allowed_move_moves_and_leaves_an_event(instance_in, owner, old, new, by_operator):
    instance = instance_in(old)
    actor = owner if by_operator else None

    moved = transition([instance.id], new, reason="table_test", actor=actor)

    assert moved == [instance.id]
    instance.refresh_from_db()
    assert (instance.status, instance.reason) == (new, "table_test")
    event = InstanceEvent.objects.get(instance=instance)
    assert (event.from_status, event.to_status, event.reason) == (old, new, "table_test")
    assert event.actor == actor


@pytest.mark.django_db
@pytest.mark.parametrize("by_operator", [False, True], ids=["one-statement", "locked"])
@pytest.mark.parametrize(("old", "new"), SAMPLE_DISALLOWED)
def test_a_disallowed_move_does_nothing(instance_in, owner, old, new, by_operator):
    instance = instance_in(old)

    moved = transition(
        [instance.id], new, reason="table_test", actor=owner if by_operator else None
    )

    assert moved == []
    instance.refresh_from_db()
    assert (instance.status, instance.reason) == (old, "")
    assert not InstanceEvent.objects.filter(instance=instance).exists()


@pytest.mark.django_db
def test_expected_narrows_the_sources(instance_in):
    instance = instance_in(InstanceState.FAILED)

    assert transition([instance.id], InstanceState.QUEUED, expected={"pending"}, reason="x") == []
    assert transition([instance.id], InstanceState.QUEUED, expected={"failed"}, reason="x") == [
        instance.id
    ]


@pytest.mark.django_db
def test_the_second_of_two_identical_moves_does_nothing(instance_in):
    instance = instance_in(InstanceState.QUEUED)

    first = transition([instance.id], InstanceState.RUNNING, reason="claim")
    second = transition([instance.id], InstanceState.RUNNING, reason="claim")

    assert (first, second) == ([instance.id], [])
    assert InstanceEvent.objects.filter(instance=instance).count() == 1
