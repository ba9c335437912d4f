"""The alert kinds from real runs: a real worker runs the nodes in its sandbox and delivers to a
real HTTP receiver (failures, deadlines, baselines, quality and finished backfills have their own
tests)."""

import datetime as dt

from alerts import events, services
from alerts.models import Alert
from scheduler import backfills, dispatch, generation
from scheduler.models import Instance
from tests.alerts.test_baselines import _history
from tests.alerts.test_delivery import delivered, rule_for
from tests.scheduler.conftest import yesterday
from tests.stack import wait_until


def _hook(project, owner, receiver, events_, **extra):
    receiver.start()
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    return rule_for(project, owner, channel, events_=events_, min_interval_minutes=0, **extra)


def _today():
    return dt.datetime.now(dt.UTC).date()  # the project's zone is UTC


def _run_today(node) -> Instance:
    generation.generate_day(_today(), node_ids=[node.id])
    instance = Instance.objects.get(node=node, bizdate=_today() - dt.timedelta(days=1))
    dispatch.release()
    return instance


def test_a_run_stopped_at_its_timeout_is_announced_as_timed_out(
    receiver, alert_worker, project, owner, make_node
):
    _hook(project, owner, receiver, ("instance_timed_out",))
    node = make_node("stuck", type="shell", code="sleep 30", cron="0 0 * * *", timeout_seconds=1)
    instance = _run_today(node)
    delivered()
    body = receiver.requests[0]["json"]
    assert body["event"] == "instance_timed_out"
    assert body["instance"]["id"] == instance.id and body["instance"]["reason"] == "timeout"
    assert Alert.objects.get().event == "instance_timed_out"  # not also "failed": not asked for


def test_a_run_far_longer_than_usual_is_announced_while_it_runs(
    receiver, alert_worker, project, owner, make_node, settings
):
    _hook(project, owner, receiver, ("duration_exceeded",), duration_factor=3)
    node = make_node("usually_quick", type="shell", code="sleep 8", cron="0 0 * * *")
    _history(node, _today() - dt.timedelta(days=2), 1)  # it usually takes 1 s
    instance = _run_today(node)
    settings.ALERTS_WATCH_SECONDS = 0

    def raised():
        events.watch()  # the scheduler's step, as often as the test asks
        return Alert.objects.filter(event="duration_exceeded").exists()

    wait_until(raised, timeout=20, interval=0.5, message="the duration alert")
    assert Instance.objects.get(pk=instance.pk).status == "running"  # said before it ends
    delivered()
    body = receiver.requests[0]["json"]
    assert body["event"] == "duration_exceeded" and body["instance"]["id"] == instance.id
    assert "usually 1 s" in str(body)


def test_a_success_is_announced_to_a_rule_that_asks_for_it(
    receiver, alert_worker, project, owner, make_node
):
    _hook(project, owner, receiver, ("instance_succeeded",))
    node = make_node("fine", type="python", code="print('ok')", cron="0 0 * * *")
    instance = _run_today(node)
    delivered()
    body = receiver.requests[0]["json"]
    assert body["event"] == "instance_succeeded"
    assert body["instance"]["id"] == instance.id and body["instance"]["status"] == "success"


def test_a_backfill_with_a_failed_run_is_announced_as_failed(
    receiver, alert_worker, project, owner, make_node
):
    _hook(project, owner, receiver, ("backfill_failed", "backfill_finished"))
    node = make_node("broken", type="shell", code="exit 3")
    backfill = backfills.create(
        project=project,
        actor=owner,
        spec=backfills.Spec(name="one day", root_nodes=[node.id], dates=[yesterday()]),
    )
    delivered()
    body = receiver.requests[0]["json"]
    assert body["event"] == "backfill_failed"
    assert body["backfill"]["id"] == backfill.id and body["backfill"]["status"] == "failed"
    assert body["backfill"]["counts"] == {"failed": 1}
    assert [a.event for a in Alert.objects.all()] == ["backfill_failed"]
