"""Delivery states, why they move and the allowed moves.

Only `alerts.services.delivery_move` changes a delivery's status, and only along DELIVERY_MOVES.
"""

from django.db import models

from workbench.moves import Moves


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"
    SENDING = "sending"
    RETRYING = "retrying"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the retry window


class DeliveryReason(models.TextChoices):
    """Why a delivery moved (DeliveryEvent.reason)."""

    CLAIMED = "claimed"  # a worker took it to send it
    DELIVERED = "delivered"
    SEND_FAILED = "send_failed"  # the attempt failed; another follows after a back-off
    GAVE_UP = "gave_up"  # a permanent error, or the retry window is over
    LEASE_EXPIRED = "lease_expired"  # its sender vanished while sending
    RETRY_NOW = "retry_now"  # an operator's "try again"


D = DeliveryStatus

DELIVERY_MOVES = Moves(
    {
        D.PENDING: frozenset({D.SENDING}),
        # Sent again; an operator's "try again" of a waiting one only brings its time forward.
        D.RETRYING: frozenset({D.SENDING, D.RETRYING}),
        # The attempt's outcome, or a sender that vanished (its lease expired).
        D.SENDING: frozenset({D.DELIVERED, D.RETRYING, D.FAILED}),
        D.FAILED: frozenset({D.RETRYING}),  # only by an operator
        D.DELIVERED: frozenset(),
    }
)
