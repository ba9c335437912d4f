import datetime as dt
import signal
import time

import pytest
from django.utils import timezone

from scheduler import leader
from scheduler.models import SchedulerLease
from tests.stack import start_scheduler, wait_until


@pytest.mark.django_db
def test_lease_is_exclusive_until_it_expires():
    start = timezone.now()

    def at(seconds: float) -> dt.datetime:
        return start + dt.timedelta(seconds=seconds)

    assert leader.lease_acquire(holder="a", ttl_seconds=0.3, now=at(0))
    assert not leader.lease_acquire(holder="b", ttl_seconds=0.3, now=at(0.1))
    assert leader.lease_acquire(holder="a", ttl_seconds=0.3, now=at(0.2))  # renewal, to 0.5
    assert not leader.lease_acquire(holder="b", ttl_seconds=5, now=at(0.4))
    assert leader.lease_acquire(holder="b", ttl_seconds=5, now=at(0.6))
    assert not leader.lease_acquire(holder="a", ttl_seconds=5, now=at(0.7))
    assert SchedulerLease.objects.get().holder == "b"


@pytest.mark.django_db
def test_release_lets_a_standby_take_over_at_once():
    assert leader.lease_acquire(holder="a", ttl_seconds=60)
    leader.lease_release(holder="a")
    assert leader.lease_acquire(holder="b", ttl_seconds=60)


def _leader() -> str | None:
    return leader.scheduler_status()["leader"]


def test_two_loops_one_leader_and_the_standby_takes_over(transactional_db, log_dir):
    first = start_scheduler(log_dir, "scheduler-1", SCHEDULER_LEASE_SECONDS="3")
    second = start_scheduler(log_dir, "scheduler-2", SCHEDULER_LEASE_SECONDS="3")
    try:
        wait_until(lambda: "is the leader" in first.log() + second.log(), message="a leader")
        wait_until(lambda: "started (tick" in first.log() and "started (tick" in second.log())
        # Both loops tick alike: while the leader renews twice, the other asks twice too and
        # must still be standing by.
        heartbeats = set()
        wait_until(
            lambda: heartbeats.add(leader.last_heartbeat()) or len(heartbeats) > 2,
            message="two renewals of the lease",
        )
        logs = first.log() + second.log()
        assert logs.count("is the leader") == 1, logs
        holder = _leader()
        active, standby = (first, second) if f":{first.pid}:" in holder else (second, first)
        assert f":{active.pid}:" in holder

        active.kill(signal.SIGKILL)
        killed_at = time.monotonic()
        wait_until(lambda: "is the leader" in standby.log(), timeout=15, message="takeover")
        takeover = time.monotonic() - killed_at
        assert f":{standby.pid}:" in _leader()
        assert takeover < 8, f"standby took {takeover:.1f}s"
    finally:
        first.stop()
        second.stop()


def test_sigterm_releases_the_lease(transactional_db, log_dir):
    proc = start_scheduler(log_dir)
    wait_until(lambda: "is the leader" in proc.log(), message="leadership")
    proc.stop()
    assert "stopped" in proc.log()
    assert _leader() is None
