"""Leader election for the scheduler loop through a lease row in the database.

Every write is a single conditional UPDATE (renew if mine, take over if expired), so two
loops can never both believe they lead for longer than the clock skew between their hosts.
"""

import os
import socket
import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from scheduler.models import SchedulerLease

LEASE_NAME = "scheduler"


def make_holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_acquire(*, holder: str, ttl_seconds: float, name: str = LEASE_NAME, now=None) -> bool:
    """Take or renew the lease; True when `holder` leads until now + ttl."""
    now = now or timezone.now()
    expires = now + timedelta(seconds=ttl_seconds)
    updated = (
        SchedulerLease.objects.filter(name=name)
        .filter(Q(holder=holder) | Q(expires_at__lt=now))
        .update(
            acquired_at=Case(When(holder=holder, then=F("acquired_at")), default=now),
            holder=holder,
            heartbeat_at=now,
            expires_at=expires,
        )
    )
    if updated:
        return True
    try:
        with transaction.atomic():
            SchedulerLease.objects.create(
                name=name, holder=holder, acquired_at=now, heartbeat_at=now, expires_at=expires
            )
        return True
    except IntegrityError:  # another loop holds it
        return False


def last_heartbeat(name: str = LEASE_NAME):
    """When a leader last ticked (None before the first one): slots up to then were released."""
    return SchedulerLease.objects.filter(name=name).values_list("heartbeat_at", flat=True).first()


def lease_release(*, holder: str, name: str = LEASE_NAME) -> None:
    """Give the lease up at once (clean shutdown) so a standby need not wait for expiry."""
    SchedulerLease.objects.filter(name=name, holder=holder).update(expires_at=timezone.now())


def scheduler_status(name: str = LEASE_NAME) -> dict:
    lease = SchedulerLease.objects.filter(name=name).first()
    if lease is None:
        return {"leader": None, "heartbeat_age_seconds": None}
    now = timezone.now()
    return {
        "leader": lease.holder if lease.expires_at >= now else None,
        "heartbeat_at": lease.heartbeat_at.isoformat(),
        "heartbeat_age_seconds": round((now - lease.heartbeat_at).total_seconds(), 3),
    }
