"""Alerts delivered by a real Celery worker to a real SMTP server and a real HTTP receiver."""

import datetime as dt

from aiosmtpd.controller import Controller

from alerts import events, messages, services
from alerts.models import Alert, Delivery
from alerts.states import DELIVERY_MOVES
from scheduler import generation
from scheduler import services as scheduler_services
from scheduler.models import Instance
from scheduler.states import InstanceState as S
from scheduler.transitions import transition
from tests.alerts.conftest import Inbox
from tests.scheduler.conftest import yesterday
from tests.stack import free_port, wait_until


def rule_for(project, owner, channel, events_=("instance_failed",), **extra):
    return services.rule_create(
        project=project,
        actor=owner,
        name=extra.pop("name", "on failure"),
        events=list(events_),
        channels=[channel.id],
        **extra,
    )


def delivered(ids=None, count=1):
    def check():
        qs = Delivery.objects.filter(status="delivered")
        if ids is not None:
            qs = qs.filter(id__in=ids)
        return list(qs) if qs.count() >= count else None

    return wait_until(check, timeout=30, message=f"{count} deliveries")


def sent_for_good(deliveries) -> None:
    """Nothing more can be sent for these: each is delivered, which no move leaves (a late or
    repeated message cannot claim it again), by exactly one attempt; every attempt claimed was
    answered, so no sender is still in flight."""
    for delivery in Delivery.objects.filter(id__in=[d.id for d in deliveries]):
        assert delivery.status == "delivered"
        assert not DELIVERY_MOVES.allowed[delivery.status]
        moves = list(delivery.events.values_list("to_status", flat=True))
        claims = moves.count("sending")
        assert moves.count("delivered") == 1
        assert len(moves) == 2 * claims, moves  # each claim, then its outcome


def test_failed_run_emails_the_recipients(smtp, alert_worker, project, owner, make_node):
    channel = services.channel_create(
        project=project,
        actor=owner,
        name="ops mail",
        kind="email",
        recipients=["ops@example.com", "lead@example.com"],
    )
    rule_for(project, owner, channel)
    node = make_node("crunch", type="shell", code="echo crunching; echo 'disk full' >&2; exit 3")
    [instance] = scheduler_services.node_run_manual(
        node=node, bizdate=yesterday(), with_downstream=False, actor=owner
    )
    delivered()
    [(recipients, message)] = smtp.messages
    assert sorted(recipients) == ["lead@example.com", "ops@example.com"]
    assert message["Subject"] == f"[alerting] crunch ({yesterday()}) failed"
    text = message.get_body(("plain",)).get_content()
    assert "Status: failed" in text and "exit" in text.lower()
    assert f"/operations/instances/{instance.id}" in text
    assert "<table>" in message.get_body(("html",)).get_content()


def test_webhook_down_then_up_is_delivered_once_and_signed(
    receiver, alert_worker, project, owner, fast_retries
):
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url, secret="k3y"
    )
    delivery = services.channel_test(channel=channel, actor=owner)
    # Nobody listens yet: attempts fail and are retried with back-off.
    wait_until(
        lambda: Delivery.objects.filter(
            pk=delivery.pk, attempts__gte=2, status="retrying"
        ).exists(),
        timeout=20,
        message="two failed attempts",
    )
    channel.refresh_from_db()
    assert channel.consecutive_failures >= 2
    assert channel.last_error.startswith("The connection was refused: nothing is listening")
    assert "ConnectError" in channel.last_error  # the exception itself stays, as the detail
    receiver.start()
    sent_for_good(delivered([delivery.pk]))
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    expected = messages.signature("k3y", headers["x-workbench-timestamp"], request["raw"])
    assert headers["x-workbench-signature"] == expected
    assert request["json"]["schema"] == "workbench.alert/v1"
    assert request["json"]["project"]["name"] == "alerting"
    channel.refresh_from_db()
    assert channel.state == "ok" and channel.consecutive_failures == 0


def test_smtp_down_then_up_is_delivered(alert_worker, project, owner, monkeypatch, settings):
    port = free_port()
    settings.EMAIL_URL = f"smtp://127.0.0.1:{port}"
    channel = services.channel_create(
        project=project, actor=owner, name="mail", kind="email", recipients=["a@example.com"]
    )
    # The worker was started without this SMTP server: point it there through the env it reads.
    alert_worker.stop()
    from tests.stack import start_worker

    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    worker = start_worker(alert_worker.log_path.parent, name="mail-worker")
    try:
        delivery = services.channel_test(channel=channel, actor=owner)
        wait_until(
            lambda: Delivery.objects.filter(
                pk=delivery.pk, attempts__gte=1, status="retrying"
            ).exists(),
            timeout=20,
            message="a failed attempt",
        )
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            delivered([delivery.pk])
            assert len(inbox.messages) == 1
            assert "test message" in inbox.messages[0][1]["Subject"]
        finally:
            controller.stop()
    finally:
        worker.stop()


def test_burst_of_100_failures_is_deduplicated(receiver, alert_worker, project, owner, make_node):
    receiver.start()
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    rule_for(project, owner, channel, min_interval_minutes=30)
    nodes = [make_node(f"hourly{i}", cron="0 * * * *") for i in range(5)]
    generation.generate_day(yesterday())
    ids = list(Instance.objects.order_by("id").values_list("id", flat=True)[:100])
    assert len(ids) == 100
    transition(ids, S.QUEUED, reason="test")
    transition(ids, S.FAILED, reason="error", error="boom")
    # The same events again (a repeated hook) raise nothing new.
    events.on_transitions(
        [
            type("E", (), {"instance_id": i, "project_id": project.id, "to_status": "failed"})
            for i in ids
        ]
    )
    failing_nodes = set(Instance.objects.filter(id__in=ids).values_list("node_id", flat=True))
    assert failing_nodes <= {n.id for n in nodes}
    assert Alert.objects.count() == 100
    assert Alert.objects.filter(state="sent").count() == len(failing_nodes)
    # The other failures of each node join its open incident instead of sending again.
    assert Alert.objects.filter(state="grouped").count() == 100 - len(failing_nodes)
    sent_for_good(delivered(count=len(failing_nodes)))
    assert len(receiver.requests) == len(failing_nodes)
    assert Delivery.objects.count() == len(failing_nodes)


def test_deadline_alert_fires_once(
    receiver, fast_retries, transactional_db, project, owner, make_node, log_dir, settings
):
    from tests.stack import start_scheduler, start_worker

    receiver.start()
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    rule_for(project, owner, channel, events_=("deadline_missed",), deadline=dt.time(0, 0))
    node = make_node("midnight", type="shell", code="sleep 60", cron="0 0 * * *")
    today = dt.datetime.now(dt.UTC).date()
    generation.generate_day(today)
    instance = Instance.objects.get(node=node, bizdate=today - dt.timedelta(days=1))
    assert instance.status == "pending"
    worker = start_worker(log_dir)
    scheduler = start_scheduler(log_dir, ALERTS_WATCH_SECONDS="0.2")
    try:
        delivered()
        settings.ALERTS_WATCH_SECONDS = 0
        for _ in range(3):  # more passes of the watch step, beside the scheduler's own
            events.watch()
        assert Alert.objects.filter(event="deadline_missed").count() == 1
        assert len(receiver.requests) == 1
        body = receiver.requests[0]["json"]
        assert body["event"] == "deadline_missed" and body["instance"]["id"] == instance.id
    finally:
        scheduler.stop()
        worker.stop()


def test_backfill_finished_is_announced(receiver, alert_worker, project, owner, make_node):
    from scheduler import backfills

    receiver.start()
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    rule_for(project, owner, channel, events_=("backfill_finished", "backfill_failed"))
    node = make_node("tiny")
    backfill = backfills.create(
        project=project,
        actor=owner,
        spec=backfills.Spec(
            name="two days",
            root_nodes=[node.id],
            dates=[yesterday(), yesterday() - dt.timedelta(days=1)],
        ),
    )
    delivered()
    body = receiver.requests[0]["json"]
    assert body["event"] == "backfill_finished"
    assert body["backfill"] == {
        "id": backfill.id,
        "name": "two days",
        "status": "success",
        "counts": {"success": 2},
        "url": body["backfill"]["url"],
    }
