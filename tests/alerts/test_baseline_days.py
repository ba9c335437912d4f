"""Which days a baseline watches and which runs it raises: a committed time after midnight, a
day whose runs go on past midnight, and nodes leaving a baseline."""

import datetime as dt

import pytest

from alerts import baselines
from alerts.models import Baseline, BaselineDay
from scheduler import generation
from scheduler.models import Instance
from scheduler.states import InstanceState as S
from scheduler.transitions import transition

DAY = dt.date(2026, 3, 10)  # the project's zone is UTC


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)


@pytest.fixture
def watch(monkeypatch):
    """The scheduler step at `now`, as often as a test likes."""

    def step(now):
        monkeypatch.setattr(baselines, "_last_watch", float("-inf"))
        return baselines.watch(now=now)

    return step


def _nightly_baseline(project, owner, node, **fields):
    baseline = baselines.baseline_create(
        project=project, actor=owner, name="nightly", nodes=[node.id], **fields
    )
    Baseline.objects.filter(pk=baseline.pk).update(created_at=_at(DAY, 9))
    return baseline


def test_a_committed_time_after_midnight_is_watched_on_the_next_day(
    db, project, owner, make_node, watch
):
    nightly = make_node("nightly", cron="0 23 * * *")
    generation.generate_day(DAY, node_ids=[nightly.id])
    run = Instance.objects.get(node=nightly)
    assert run.cyctime == _at(DAY, 23)
    baseline = _nightly_baseline(
        project,
        owner,
        nightly,
        committed_time=dt.time(1, 0),
        committed_next_day=True,
        margin_minutes=10,
    )

    watch(_at(DAY + dt.timedelta(days=1), 0, 20))  # the run waits; an hour and more is left
    day = BaselineDay.objects.get(baseline=baseline, day=DAY)
    assert day.committed_at == _at(DAY + dt.timedelta(days=1), 1)
    assert day.status == "safe" and day.finished_at is None

    transition([run.id], S.QUEUED, reason="test")
    transition(
        [run.id], S.RUNNING, reason="test", started_at=_at(DAY + dt.timedelta(days=1), 0, 21)
    )
    transition(
        [run.id], S.SUCCESS, reason="test", finished_at=_at(DAY + dt.timedelta(days=1), 0, 30)
    )
    watch(_at(DAY + dt.timedelta(days=1), 0, 40))
    day.refresh_from_db()
    assert day.status == "met" and day.finished_at == _at(DAY + dt.timedelta(days=1), 0, 30)

    watch(_at(DAY + dt.timedelta(days=1), 2))  # a finished day is left alone
    assert list(BaselineDay.objects.filter(baseline=baseline).values_list("day", flat=True)) == [
        DAY + dt.timedelta(days=1),
        DAY,
    ]


def test_a_day_whose_runs_go_on_past_midnight_is_still_watched_until_they_finish(
    db, project, owner, make_node, watch
):
    late = make_node("late", cron="0 22 * * *")
    generation.generate_day(DAY, node_ids=[late.id])
    run = Instance.objects.get(node=late)
    baseline = _nightly_baseline(project, owner, late, committed_time=dt.time(23, 30))
    watch(_at(DAY, 22, 5))
    transition([run.id], S.QUEUED, reason="test")
    transition([run.id], S.RUNNING, reason="test", started_at=_at(DAY, 22, 10))
    watch(_at(DAY, 23, 45))
    assert BaselineDay.objects.get(baseline=baseline, day=DAY).status == "broken"

    next_day = DAY + dt.timedelta(days=1)
    transition([run.id], S.SUCCESS, reason="test", finished_at=_at(next_day, 0, 15))
    watch(_at(next_day, 0, 20))
    day = BaselineDay.objects.get(baseline=baseline, day=DAY)
    assert day.finished_at == _at(next_day, 0, 15) and day.status == "broken"


def test_runs_go_back_to_their_own_priority_when_their_node_leaves_a_baseline(
    db, project, owner, make_node, django_capture_on_commit_callbacks
):
    first = make_node("first", cron="0 0 * * *", priority=5)
    second = make_node("second", cron="0 0 * * *")
    today = dt.datetime.now(dt.UTC).date()
    generation.generate_day(today, node_ids=[first.id, second.id])

    def priorities():
        return dict(Instance.objects.values_list("node__name", "priority"))

    own = priorities()
    baseline = baselines.baseline_create(
        project=project,
        actor=owner,
        name="reports",
        nodes=[second.id],
        committed_time=dt.time(23, 59),
    )
    baselines.evaluate(baseline, now=dt.datetime.now(dt.UTC))
    assert priorities() == {**own, "second": own["second"] + baselines.PRIORITY_BOOST}

    with django_capture_on_commit_callbacks(execute=True):
        baselines.baseline_update(baseline=baseline, actor=owner, nodes=[first.id])
    assert priorities() == {**own, "first": own["first"] + baselines.PRIORITY_BOOST}

    with django_capture_on_commit_callbacks(execute=True):
        baselines.baseline_delete(baseline=Baseline.objects.get(pk=baseline.pk), actor=owner)
    assert priorities() == own
