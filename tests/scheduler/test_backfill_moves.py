"""A backfill's status moves only along BACKFILL_MOVES, through `backfills.backfill_move`, with an
event per move; two moves at once cannot both happen."""

import itertools
import threading

import pytest
from django.db import connection, transaction

from scheduler import backfills
from scheduler.models import Backfill, BackfillEvent
from scheduler.states import BACKFILL_MOVES, BackfillReason, BackfillStatus
from tests.stack import wait_until
from workbench import hooks

B = BackfillStatus
PAIRS = list(itertools.product(B.values, repeat=2))


@pytest.fixture
def backfill_in(project):
    def make(status: str) -> Backfill:
        return Backfill.objects.create(project=project, name=f"b-{status}", status=status)

    return make


def test_the_table_names_only_known_states():
    assert set(BACKFILL_MOVES.allowed) == set(B.values)
    assert all(targets <= set(B.values) for targets in BACKFILL_MOVES.allowed.values())


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_a_backfill_moves_exactly_as_the_table_says(backfill_in, owner, old, new):
    backfill = backfill_in(old)

    moved = backfills.backfill_move([backfill.id], new, reason="table_test", actor=owner)

    backfill.refresh_from_db()
    events = list(BackfillEvent.objects.filter(backfill=backfill))
    if BACKFILL_MOVES.can(old, new):
        assert moved == [backfill.id]
        assert backfill.status == new
        assert [(e.from_status, e.to_status, e.reason, e.actor) for e in events] == [
            (old, new, "table_test", owner)
        ]
        assert events[0].project_id == backfill.project_id
    else:
        assert moved == []
        assert backfill.status == old
        assert events == []


@pytest.mark.django_db
def test_expected_narrows_the_sources(backfill_in):
    backfill = backfill_in(B.SUCCESS)

    assert backfills.backfill_move([backfill.id], B.RUNNING, expected=[B.PAUSED], reason="x") == []
    assert backfill.events.count() == 0


@pytest.mark.django_db
def test_the_second_of_two_identical_moves_does_nothing(backfill_in):
    backfill = backfill_in(B.RUNNING)

    first = backfills.backfill_move([backfill.id], B.SUCCESS, reason=BackfillReason.FINISHED)
    second = backfills.backfill_move([backfill.id], B.SUCCESS, reason=BackfillReason.FINISHED)

    assert (first, second) == ([backfill.id], [])
    assert backfill.events.count() == 1


@pytest.mark.django_db
def test_an_end_is_announced_once_after_commit(
    backfill_in, django_capture_on_commit_callbacks, monkeypatch
):
    backfill = backfill_in(B.RUNNING)
    announced = []
    hook = {"tests.ended": lambda ended: announced.append((ended.id, ended.status))}
    monkeypatch.setattr(hooks, "import_string", hook.__getitem__)
    monkeypatch.setattr(backfills, "BACKFILL_ENDED_HOOKS", ["tests.ended"])

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            backfills.backfill_move([backfill.id], B.FAILED, reason=BackfillReason.FINISHED)
        assert announced == []  # not before the move is committed
    assert announced == [(backfill.id, B.FAILED)]


@pytest.mark.django_db
def test_operator_moves_leave_events_and_refusals_leave_none(backfill_in, owner):
    backfill = backfill_in(B.RUNNING)

    backfills.pause(backfill=backfill, actor=owner)
    backfills.resume(backfill=backfill, actor=owner)
    with pytest.raises(Exception, match="cannot be resumed"):
        backfills.resume(backfill=backfill, actor=owner)

    assert list(
        backfill.events.order_by("id").values_list("from_status", "to_status", "reason")
    ) == [
        ("running", "paused", "paused"),
        ("paused", "running", "resumed"),
    ]
    assert set(backfill.events.values_list("actor", flat=True)) == {owner.id}


@pytest.mark.django_db(transaction=True)
def test_a_move_waiting_on_a_concurrent_one_does_not_overwrite_it(backfill_in):
    """A backfill that ends while an operator pauses it: the pause waits for the end's row lock,
    then finds a state it may not move from, and moves nothing."""
    backfill = backfill_in(B.RUNNING)
    ended = threading.Event()
    release = threading.Event()
    results: dict[str, list[int]] = {}

    def end():
        try:
            with transaction.atomic():
                results["end"] = backfills.backfill_move(
                    [backfill.id], B.SUCCESS, reason=BackfillReason.FINISHED
                )
                ended.set()
                release.wait(30)
        finally:
            connection.close()

    def pause():
        try:
            results["pause"] = backfills.backfill_move(
                [backfill.id], B.PAUSED, reason=BackfillReason.PAUSED
            )
        finally:
            connection.close()

    first = threading.Thread(target=end)
    first.start()
    assert ended.wait(30)
    second = threading.Thread(target=pause)
    second.start()
    try:
        wait_until(_a_query_waits_for_a_lock, timeout=30, message="the pause to wait for the lock")
    finally:
        release.set()
        first.join(30)
        second.join(30)

    assert results == {"end": [backfill.id], "pause": []}
    backfill.refresh_from_db()
    assert backfill.status == B.SUCCESS
    assert list(backfill.events.values_list("from_status", "to_status")) == [("running", "success")]


def _a_query_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
