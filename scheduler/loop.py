"""The scheduler loop: short iterations, leader-only work, clean stop on SIGTERM.

Each step is a function `step(now)` that does one bounded piece of work (generate instances,
release due ones, recover lost ones, ...). Only the leader runs them; a standby keeps trying
to take the lease. Before them, a gap in the leader's heartbeat long enough to be an outage
(a leader taking over long after the last one stopped, or a loop that stalled) hands the slots
missed in it to their catch-up policy (`scheduler/catch_up.py`).
"""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from scheduler import catch_up, leader

log = logging.getLogger("workbench.scheduler")

# Dotted paths of the steps run on every tick by the leader, in order.
STEPS: list[str] = [
    "scheduler.generation.generate_due",
    "scheduler.dispatch.release_due",
    "scheduler.recovery.recover_lost",
    "scheduler.backfills.repair_windows",
]


def _steps():
    return [import_string(path) for path in STEPS]


def _caught_up(covered, now) -> bool:
    """Hand the slots missed in an outage to their catch-up policy before anything is released;
    False when that failed (the next tick tries again, before releasing anything)."""
    if not catch_up.is_outage(covered, now):
        return True
    try:
        catch_up.after_outage(covered, now)
    except Exception:
        log.exception("catch-up after the outage since %s failed", covered)
        return False
    return True


def run(stop: threading.Event, *, holder: str | None = None, max_ticks: int | None = None) -> None:
    holder = holder or leader.make_holder_id()
    tick_seconds = settings.SCHEDULER_TICK_SECONDS
    lease_seconds = settings.SCHEDULER_LEASE_SECONDS
    steps = _steps()
    leading = False
    covered = None  # until when slots were released on time: the last heartbeat of any leader
    ticks = 0
    log.info("scheduler %s started (tick %.1fs, lease %ss)", holder, tick_seconds, lease_seconds)
    try:
        while not stop.is_set() and (max_ticks is None or ticks < max_ticks):
            ticks += 1
            started = time.monotonic()
            close_old_connections()
            try:
                if not leading:  # a leader taking over covers from its predecessor's last tick
                    covered = leader.last_heartbeat()
                now_leading = leader.lease_acquire(holder=holder, ttl_seconds=lease_seconds)
            except Exception:
                log.exception("lease check failed; standing by")
                now_leading = False
            if now_leading != leading:
                log.info(
                    "scheduler %s is %s", holder, "the leader" if now_leading else "standing by"
                )
                leading = now_leading
            if leading:
                now = timezone.now()
                if _caught_up(covered, now):
                    covered = now
                    for step in steps:
                        try:
                            step(now)
                        except Exception:  # one failing step must not stop the others
                            log.exception("scheduler step %s failed", step.__name__)
            stop.wait(max(0.0, tick_seconds - (time.monotonic() - started)))
    finally:
        if leading:
            try:
                leader.lease_release(holder=holder)
            except Exception:
                log.warning("could not release the scheduler lease", exc_info=True)
        log.info("scheduler %s stopped", holder)
