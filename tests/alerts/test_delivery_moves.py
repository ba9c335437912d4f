"""A delivery's status moves only along DELIVERY_MOVES, through `services.delivery_move`, with an
event per move; a sender that lost its delivery to a newer attempt cannot overwrite it."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from alerts import senders, services
from alerts.models import Delivery, DeliveryEvent
from alerts.states import DELIVERY_MOVES, DeliveryReason, DeliveryStatus

D = DeliveryStatus
PAIRS = list(itertools.product(D.values, repeat=2))


@pytest.fixture
def channel(project, owner):
    return services.channel_create(
        project=project, actor=owner, name="mail", kind="email", recipients=["ops@example.com"]
    )


@pytest.fixture
def delivery_in(channel):
    def make(status: str, **fields) -> Delivery:
        return Delivery.objects.create(
            project_id=channel.project_id,
            channel=channel,
            event="test",
            subject="s",
            payload={"context": {}},
            status=status,
            next_attempt_at=fields.pop("next_attempt_at", timezone.now()),
            **fields,
        )

    return make


@pytest.fixture
def enqueued(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "_enqueue", lambda i, countdown=0: calls.append((i, countdown)))
    return calls


def history(delivery):
    return list(
        DeliveryEvent.objects.filter(delivery=delivery)
        .order_by("id")
        .values_list("from_status", "to_status", "reason", "attempt")
    )


def test_the_table_names_only_known_states():
    assert set(DELIVERY_MOVES.allowed) == set(D.values)
    assert all(targets <= set(D.values) for targets in DELIVERY_MOVES.allowed.values())


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_a_delivery_moves_exactly_as_the_table_says(delivery_in, owner, old, new):
    delivery = delivery_in(old, attempts=2)

    moved = services.delivery_move([delivery.id], new, reason="table_test", actor=owner)

    delivery.refresh_from_db()
    events = list(DeliveryEvent.objects.filter(delivery=delivery))
    if DELIVERY_MOVES.can(old, new):
        assert moved == [delivery.id]
        assert delivery.status == new
        assert [(e.from_status, e.to_status, e.reason, e.attempt, e.actor) for e in events] == [
            (old, new, "table_test", 2, owner)
        ]
    else:
        assert moved == []
        assert delivery.status == old
        assert events == []


@pytest.mark.django_db
def test_a_delivered_message_records_its_claim_and_its_outcome(delivery_in, monkeypatch):
    delivery = delivery_in(D.PENDING)
    monkeypatch.setattr(senders, "send", lambda *a: senders.Outcome(True, {"to": "x"}, 250))

    assert services.deliver(delivery.id) == D.DELIVERED

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (D.DELIVERED, 1, 250)
    assert delivery.payload["request"] == {"to": "x"}
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    assert history(delivery) == [
        ("pending", "sending", DeliveryReason.CLAIMED, 1),
        ("sending", "delivered", DeliveryReason.DELIVERED, 1),
    ]
    assert services.deliver(delivery.id) == "not due"  # a redelivered message sends nothing
    assert len(history(delivery)) == 2


@pytest.mark.django_db
def test_a_failed_attempt_is_retried_then_given_up(delivery_in, monkeypatch, enqueued, settings):
    settings.ALERTS_RETRY_BASE_SECONDS = 10
    delivery = delivery_in(D.PENDING)
    monkeypatch.setattr(senders, "send", lambda *a: senders.Outcome(False, {}, 500, "down"))

    assert services.deliver(delivery.id) == D.RETRYING
    assert enqueued == [(delivery.id, 10)]
    monkeypatch.setattr(
        senders, "send", lambda *a: senders.Outcome(False, {}, None, "refused", permanent=True)
    )
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.deliver(delivery.id) == D.FAILED

    assert history(delivery) == [
        ("pending", "sending", DeliveryReason.CLAIMED, 1),
        ("sending", "retrying", DeliveryReason.SEND_FAILED, 1),
        ("retrying", "sending", DeliveryReason.CLAIMED, 2),
        ("sending", "failed", DeliveryReason.GAVE_UP, 2),
    ]


@pytest.mark.django_db
def test_a_sender_whose_lease_expired_does_not_overwrite_the_newer_attempt(
    delivery_in, monkeypatch, enqueued
):
    """The first sender is slow: its lease expires, the scheduler hands the delivery to another
    sender, which claims it again. The first sender's late outcome must change nothing."""
    delivery = delivery_in(D.PENDING)

    def slow_send(*args):
        later = timezone.now() + dt.timedelta(hours=1)
        services.resend_due(now=later)  # the lease has expired by then
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        assert services._claim(delivery.id).attempts == 2  # a second sender takes it
        return senders.Outcome(False, {}, 500, "too late")

    monkeypatch.setattr(senders, "send", slow_send)
    assert services.deliver(delivery.id) == "superseded"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (D.SENDING, 2, "")
    assert enqueued == []
    assert history(delivery) == [
        ("pending", "sending", DeliveryReason.CLAIMED, 1),
        ("sending", "retrying", DeliveryReason.LEASE_EXPIRED, 1),
        ("retrying", "sending", DeliveryReason.CLAIMED, 2),
    ]


@pytest.mark.django_db
def test_retry_now_moves_a_failed_delivery_and_refuses_a_delivered_one(delivery_in, owner):
    failed = delivery_in(D.FAILED, attempts=3)
    delivered = delivery_in(D.DELIVERED, attempts=1)

    services.retry_now(delivery=failed, actor=owner)
    with pytest.raises(Exception, match="a delivered delivery cannot be retried"):
        services.retry_now(delivery=delivered, actor=owner)

    assert failed.status == D.RETRYING
    assert list(failed.events.values_list("reason", "actor")) == [("retry_now", owner.id)]
    assert not delivered.events.exists()
