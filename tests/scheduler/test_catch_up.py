"""Catch-up after an outage: the slots that passed while no scheduler ran follow each node's policy."""

import datetime as dt
import threading

import pytest
from django.utils import timezone

from scheduler import catch_up, generation, loop
from scheduler.logs import read_log
from scheduler.models import GenerationMark, Instance, InstanceEvent, SchedulerLease
from tests.scheduler.conftest import wait_for_status
from tests.scheduler.test_generation import DAY, _node, t
from tests.stack import start_scheduler, wait_until

pytestmark = pytest.mark.django_db


def _rows(node):
    return [
        (i.cyctime.hour, i.status, i.dry_run)
        for i in Instance.objects.filter(node=node).order_by("cyctime")
    ]


def test_the_slots_of_an_outage_follow_each_nodes_policy(project, owner, workflow):
    none = _node(project, owner, workflow, "none", "0 * * * *")
    latest = _node(project, owner, workflow, "latest", "0 * * * *", catch_up="latest")
    every = _node(project, owner, workflow, "all", "0 * * * *", catch_up="all")
    generation.generate_day(DAY, now=t(0, 30))  # generated in time; nothing ran from 6:30
    ran = Instance.objects.filter(node=none, cyctime__lte=t(6, 30))
    ran.update(status="success")  # released on time before the outage

    assert catch_up.after_outage(t(6, 30), t(9, 30)) == 3 + 2
    skipped = [(h, "skipped", True) for h in (7, 8, 9)]
    assert _rows(none)[7:13] == skipped + [(h, "pending", False) for h in (10, 11, 12)]
    assert _rows(none)[:7] == [(h, "success", False) for h in range(7)]
    assert _rows(latest)[7:10] == skipped[:2] + [(9, "pending", False)]
    assert all(status == "pending" for _, status, _ in _rows(every))
    event = InstanceEvent.objects.get(instance__node=latest, instance__cyctime=t(7))
    assert (event.from_status, event.to_status, event.reason) == ("pending", "skipped", "past_slot")
    assert "06:30:00+00:00 to 2024-07-02T09:30:00+00:00" in event.message
    assert "latest" in event.message


def test_only_waiting_scheduled_slots_that_never_started_are_touched(project, owner, workflow):
    node = _node(project, owner, workflow, "n", "0 * * * *")
    generation.generate_day(DAY, now=t(0, 30))
    slots = list(Instance.objects.filter(node=node).order_by("cyctime"))
    Instance.objects.filter(id=slots[7].id).update(status="frozen")  # held by an operator
    Instance.objects.filter(id=slots[8].id).update(attempt=1)  # a retry waiting for its delay
    Instance.objects.filter(id=slots[9].id).update(status="running", attempt=1)
    catch_up.after_outage(t(6, 30), t(10, 30))
    states = {i.cyctime.hour: i.status for i in Instance.objects.filter(node=node)}
    assert [states[h] for h in (7, 8, 9, 10, 11)] == [
        "frozen",
        "pending",
        "running",
        "skipped",
        "pending",
    ]


def test_a_short_gap_is_not_an_outage(settings):
    settings.SCHEDULER_OUTAGE_SECONDS = 120
    now = timezone.now()
    assert not catch_up.is_outage(None, now)  # the first scheduler ever: nothing was missed
    assert not catch_up.is_outage(now - dt.timedelta(seconds=90), now)  # a restart
    assert catch_up.is_outage(now - dt.timedelta(seconds=121), now)


def _generated_before(project, since: dt.datetime) -> None:
    """The days around `since` generated then, as the nightly generation before an outage."""
    for day in sorted({since.date(), timezone.now().date()}):
        generation.generate_day(day, project_ids=[project.id], now=since)
        GenerationMark.objects.get_or_create(project=project, day=day)


@pytest.mark.django_db(transaction=True)  # the loop closes its connection between ticks
def test_a_loop_taking_over_after_an_outage_skips_what_was_missed(
    project, owner, workflow, settings, monkeypatch
):
    settings.SCHEDULER_OUTAGE_SECONDS = 60
    monkeypatch.setattr(loop, "STEPS", [])  # nothing released: only the catch-up is looked at
    node = _node(project, owner, workflow, "n", "*/10 * * * *")
    now = timezone.now()
    _generated_before(project, now - dt.timedelta(hours=2))
    down_since = now - dt.timedelta(minutes=45)  # the last leader's last tick
    SchedulerLease.objects.create(
        name="scheduler",
        holder="gone",
        acquired_at=down_since,
        heartbeat_at=down_since,
        expires_at=down_since,
    )
    slots = Instance.objects.filter(node=node)
    missed = slots.filter(cyctime__gt=down_since, cyctime__lte=now)
    before = slots.filter(cyctime__gt=now - dt.timedelta(hours=2), cyctime__lte=down_since)
    assert missed.count() in (4, 5) and before.count() in (7, 8)

    loop.run(threading.Event(), max_ticks=2)
    assert set(missed.values_list("status", flat=True)) == {"skipped"}
    assert set(before.values_list("status", flat=True)) == {"pending"}  # not in the outage
    assert not slots.filter(cyctime__gt=now, status="skipped").exists()


@pytest.mark.parametrize("policy,runs", [("none", 0), ("latest", 1), ("all", 3)])
def test_the_real_scheduler_restarted_after_an_outage(
    project, worker, make_node, log_dir, policy, runs
):
    node = make_node("n", type="shell", code="echo caught up", cron="*/20 * * * *", catch_up=policy)
    now = timezone.now()
    down_since = now - dt.timedelta(hours=1)
    for day in {down_since.date(), now.date()}:  # the first scheduler must not generate them
        GenerationMark.objects.get_or_create(project=project, day=day)
    first = start_scheduler(log_dir, name="before")
    try:
        wait_until(lambda: "is the leader" in first.log(), message="a leader")
    finally:
        first.stop()
    # It stopped an hour ago: its last heartbeat then, and the day generated before.
    SchedulerLease.objects.update(heartbeat_at=down_since, expires_at=down_since)
    _generated_before(project, down_since)
    missed = list(
        Instance.objects.filter(node=node, cyctime__gt=down_since, cyctime__lte=now)
        .order_by("cyctime")
        .values_list("id", flat=True)
    )
    assert len(missed) == 3
    kept, dropped = missed[len(missed) - runs :] if runs else [], missed[: len(missed) - runs]

    second = start_scheduler(log_dir, name="after", SCHEDULER_OUTAGE_SECONDS="60")
    try:
        for ids, status in ((dropped, "skipped"), (kept, "success")):
            if ids:
                wait_for_status(ids, {status}, timeout=90)
        assert f"{len(dropped)} missed slots skipped by their catch-up policy" in second.log()
    finally:
        second.stop()
    assert all(i.dry_run for i in Instance.objects.filter(id__in=dropped))
    for instance_id in kept:
        assert "caught up" in read_log(instance_id)
