"""Repairs: instances whose worker vanished, and queued instances whose message was lost."""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F

from scheduler.dispatch import send
from scheduler.models import Instance
from scheduler.states import InstanceReason, InstanceState
from scheduler.transitions import transition

log = logging.getLogger(__name__)
S = InstanceState


def recover_lost(now: dt.datetime) -> None:
    """Scheduler step. A running instance whose lease expired is retried (or failed); never left running."""
    lost = Instance.objects.filter(status__in=[S.RUNNING, S.CHECKING], lease_expires_at__lt=now)
    retry = list(lost.filter(attempt__lt=F("max_attempts")).values_list("id", flat=True)[:1000])
    fail = list(lost.filter(attempt__gte=F("max_attempts")).values_list("id", flat=True)[:1000])
    message = "the worker running it stopped answering"
    if retry:
        transition(
            retry,
            S.PENDING,
            expected={S.RUNNING, S.CHECKING},
            reason=InstanceReason.LOST_WORKER,
            message=message,
            error=message,
            not_before=now,
            lease_expires_at=None,
            worker="",
        )
    if fail:
        transition(
            fail,
            S.FAILED,
            expected={S.RUNNING, S.CHECKING},
            reason=InstanceReason.LOST_WORKER,
            message=message,
            error=message,
            finished_at=now,
            lease_expires_at=None,
        )
    if retry or fail:
        log.warning(
            "recovered %s instances of lost workers (%s retried, %s failed)",
            len(retry) + len(fail),
            len(retry),
            len(fail),
        )
    _resend_stale_queued(now)


def _resend_stale_queued(now: dt.datetime) -> None:
    """Queued but not picked up in time (a message lost with a broker restart): send it again.

    The lease is moved first with a guarded update, so one scheduler resends; a late duplicate
    delivery is harmless because only one worker can claim queued -> running.
    """
    stale = list(
        Instance.objects.filter(status=S.QUEUED, lease_expires_at__lt=now).values_list(
            "id", "queue", "lease_expires_at"
        )[:1000]
    )
    lease = now + dt.timedelta(seconds=settings.QUEUED_REDISPATCH_SECONDS)
    targets = []
    for instance_id, queue, old_lease in stale:
        if Instance.objects.filter(
            pk=instance_id, status=S.QUEUED, lease_expires_at=old_lease
        ).update(lease_expires_at=lease):
            targets.append((instance_id, queue))
    if targets:
        log.warning("resending %s queued instances", len(targets))
        send(targets)
