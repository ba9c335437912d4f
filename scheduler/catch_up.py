"""Catch-up after an outage: slots whose time passed while no scheduler ran follow their node's
catch-up policy, as the past slots of a day generated late do (`generation._schedule`).

The leader's heartbeat says until when slots were released on time. A gap in it longer than
SCHEDULER_OUTAGE_SECONDS is an outage; a shorter one (a restart, a lease handed over) only makes
its slots run a little late. The scheduled slots of an outage that never started and still wait
follow the deployed version's `catch_up`:
- `none` (the default): they become skipped dry runs, so their downstream still runs;
- `latest`: each node's most recent one runs, the earlier ones are skipped;
- `all`: every one runs.
Frozen slots, retries, reruns, backfills and manual runs are not touched.
"""

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings

from scheduler.generation_sql import SCHEDULED
from scheduler.models import Instance
from scheduler.states import InstanceReason, InstanceState
from scheduler.transitions import transition

log = logging.getLogger(__name__)
CHUNK = 5000


def is_outage(since: dt.datetime | None, now: dt.datetime) -> bool:
    """Was nothing released on time between `since` (the last heartbeat) and `now`?"""
    return since is not None and (now - since).total_seconds() > settings.SCHEDULER_OUTAGE_SECONDS


def missed_slots(since: dt.datetime, now: dt.datetime) -> dict[str, list[int]]:
    """The waiting scheduled slots of (since, now] that do not run, keyed by their policy."""
    rows = (
        Instance.objects.filter(
            run_kind=SCHEDULED,
            run_key=SCHEDULED,
            status=InstanceState.PENDING,
            attempt=0,
            cyctime__gt=since,
            cyctime__lte=now,
        )
        .order_by("node_id", "cyctime")
        .values_list("id", "node_id", "version__snapshot__catch_up")
    )
    skipped: dict[str, list[int]] = defaultdict(list)
    latest: dict[int, int] = {}  # node -> its most recent missed slot, for `latest`
    for instance_id, node_id, policy in rows:
        policy = policy or "none"
        if policy == "all":
            continue
        if policy == "latest":
            if node_id in latest:
                skipped[policy].append(latest[node_id])
            latest[node_id] = instance_id
            continue
        skipped["none"].append(instance_id)
    return dict(skipped)


def after_outage(since: dt.datetime, now: dt.datetime) -> int:
    """Skip what the policies drop of the slots missed in (since, now]; return how many."""
    window = f"{since.isoformat(timespec='seconds')} to {now.isoformat(timespec='seconds')}"
    count = 0
    for policy, ids in missed_slots(since, now).items():
        message = f"missed while no scheduler ran ({window}); catch-up policy: {policy}"
        for start in range(0, len(ids), CHUNK):
            count += len(
                transition(
                    ids[start : start + CHUNK],
                    InstanceState.SKIPPED,
                    expected={InstanceState.PENDING},
                    reason=InstanceReason.PAST_SLOT,
                    message=message,
                    dry_run=True,
                )
            )
    log.warning(
        "no scheduler ran from %s: %s missed slots skipped by their catch-up policy", window, count
    )
    return count
