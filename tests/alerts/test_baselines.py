"""Baselines with the real scheduler and a real worker: the prediction follows a run that takes
longer than usual, warns before the committed time, then says the baseline is broken; the
baseline's runs go first in dispatch."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from alerts import baselines, services
from alerts.models import Alert, BaselineDay, Delivery, Incident
from scheduler import dispatch, generation
from scheduler.models import Instance
from scheduler.states import InstanceState as S
from scheduler.transitions import transition
from tests.alerts.test_delivery import delivered, rule_for
from tests.stack import start_scheduler, wait_until


def _history(node, day, seconds):
    """A past successful run of `node` that took `seconds`."""
    generation.generate_day(day, node_ids=[node.id])
    run = Instance.objects.get(node=node, bizdate=day - dt.timedelta(days=1))
    start = timezone.now() - dt.timedelta(hours=1)
    transition([run.id], S.QUEUED, reason="test")
    transition([run.id], S.RUNNING, reason="test", started_at=start)
    transition(
        [run.id], S.SUCCESS, reason="test", finished_at=start + dt.timedelta(seconds=seconds)
    )


def _today():
    return timezone.now().date()  # the project's zone is UTC


@pytest.fixture
def near_midnight():
    """Within two minutes of midnight the committed time would fall on the next day: wait for the
    day to turn instead (the test then runs, as always)."""
    now = timezone.now()
    if now.hour == 23 and now.minute >= 58:
        midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=5, microsecond=0)
        time.sleep((midnight - now).total_seconds())


def _setup(project, owner, make_node, receiver, *, sleep, report_seconds):
    receiver.start()
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    rule_for(
        project,
        owner,
        channel,
        events_=("baseline_warning", "baseline_broken"),
        min_interval_minutes=0,
    )
    # Usually 2 s; today it takes longer.
    slow = make_node("slow", type="shell", code=f"sleep {sleep}", cron="0 0 * * *")
    report = make_node("report", upstream=[slow], cron="0 0 * * *")
    other = make_node("other", cron="0 0 * * *")
    for day_back in (2, 3):
        _history(slow, _today() - dt.timedelta(days=day_back), 2)
        _history(report, _today() - dt.timedelta(days=day_back), report_seconds)
    return slow, report, other


def _baseline(project, owner, report, committed, margin_minutes):
    return baselines.baseline_create(
        project=project,
        actor=owner,
        name="morning reports",
        nodes=[report.id],
        committed_time=committed.time(),
        margin_minutes=margin_minutes,
    )


def test_a_long_upstream_moves_the_prediction_and_warns_before_the_committed_time(
    near_midnight, receiver, alert_worker, project, owner, make_node, log_dir
):
    # The report usually takes 40 s after `slow` (2 s): predicted 42 s after the start, ahead
    # of the warning line (committed time 110 s away, less a margin of 1 min). `slow` takes 20 s.
    slow, report, other = _setup(project, owner, make_node, receiver, sleep=20, report_seconds=40)
    now = timezone.now()
    committed = (now + dt.timedelta(seconds=110)).replace(microsecond=0)
    baseline = _baseline(project, owner, report, committed, 1)
    generation.generate_day(_today(), node_ids=[slow.id, report.id, other.id])

    day, _ = baselines.evaluate(baseline, now=now)
    assert day.status == "safe" and day.predicted_at < committed - dt.timedelta(minutes=1)
    first_prediction = day.predicted_at
    today = Instance.objects.filter(cyctime__date=_today())
    priorities = dict(today.values_list("node_id", "priority"))
    assert priorities[slow.id] >= baselines.PRIORITY_BOOST
    assert priorities[report.id] >= baselines.PRIORITY_BOOST
    assert priorities[other.id] < baselines.PRIORITY_BOOST
    path_nodes = [Instance.objects.get(pk=i).node_id for i in day.critical_path]
    assert path_nodes == [slow.id, report.id]

    scheduler = start_scheduler(log_dir, ALERTS_BASELINE_SECONDS="0.5")
    try:
        warning = wait_until(
            lambda: Alert.objects.filter(event="baseline_warning").first(),
            timeout=40,
            message="the early warning",
        )
        assert warning.created_at < committed - dt.timedelta(minutes=1)
        moved = BaselineDay.objects.get(baseline=baseline)
        assert moved.predicted_at > first_prediction
        delivered(count=1)
        body = receiver.requests[0]["json"]
        assert body["event"] == "baseline_warning"
        assert body["baseline"]["name"] == "morning reports"
        assert body["baseline"]["critical_path"] == ["slow", "report"]
        # `slow` and the report finish before the committed time: the warning recovers.
        wait_until(
            lambda: Incident.objects.filter(status="resolved").exists(),
            timeout=60,
            message="the recovery",
        )
    finally:
        scheduler.stop()
    record = BaselineDay.objects.get(baseline=baseline)
    assert record.status == "met" and record.finished_at <= committed
    assert "finished in time" in Incident.objects.get().resolution
    delivered(count=2)
    assert not Alert.objects.filter(event="baseline_broken").exists()


def test_a_baseline_not_finished_by_its_committed_time_is_broken(
    near_midnight, receiver, alert_worker, project, owner, make_node, log_dir
):
    slow, report, other = _setup(project, owner, make_node, receiver, sleep=12, report_seconds=0.1)
    now = timezone.now()
    committed = (now + dt.timedelta(seconds=6)).replace(microsecond=0)
    baseline = _baseline(project, owner, report, committed, 0)
    generation.generate_day(_today(), node_ids=[slow.id, report.id, other.id])
    scheduler = start_scheduler(log_dir, ALERTS_BASELINE_SECONDS="0.5")
    try:
        broken = wait_until(
            lambda: Alert.objects.filter(event="baseline_broken").first(),
            timeout=40,
            message="the broken baseline",
        )
        assert broken.created_at >= committed
        wait_until(
            lambda: Incident.objects.filter(status="resolved").count() == 2,
            timeout=60,
            message="the recoveries, once it finished late",
        )
    finally:
        scheduler.stop()
    record = BaselineDay.objects.get(baseline=baseline)
    assert record.status == "broken" and record.finished_at > committed
    delivered(count=4)
    events = sorted(Delivery.objects.values_list("event", flat=True))
    assert events == [
        "baseline_broken",
        "baseline_warning",
        "incident_resolved",
        "incident_resolved",
    ]
    assert Alert.objects.filter(event="baseline_broken").count() == 1  # once per day
    assert "finished late" in Incident.objects.filter(status="resolved").first().resolution


def test_dispatch_takes_a_baselines_runs_first(project, owner, make_node, db):
    first = make_node("first", cron="0 0 * * *")
    second = make_node("second", cron="0 0 * * *")
    generation.generate_day(_today(), node_ids=[first.id, second.id])
    # (generation may insert either first: the order of ids is read, not assumed)
    earlier, later = Instance.objects.order_by("id").values_list("id", "node_id")
    assert dispatch.ready(timezone.now())[0] == earlier[0]  # earlier id, same priority
    baseline = baselines.baseline_create(
        project=project,
        actor=owner,
        name="the later one first",
        nodes=[later[1]],
        committed_time=dt.time(23, 59),
    )
    baselines.evaluate(baseline, now=timezone.now())
    assert dispatch.ready(timezone.now())[:2] == [later[0], earlier[0]]
