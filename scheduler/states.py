"""Instance states, their named groups and the allowed transitions: the scheduler's rules.

Only `scheduler/transitions.py` changes an instance's status, and only along ALLOWED; only
`scheduler.backfills.backfill_move` changes a backfill's, and only along BACKFILL_MOVES.
"""

from django.db import models
from django.utils.translation import pgettext_lazy

from workbench.moves import Moves


class InstanceState(models.TextChoices):
    PENDING = "pending"  # waiting for its time, its upstream or capacity
    QUEUED = "queued"  # claimed and sent to a worker
    RUNNING = "running"
    CHECKING = "checking"  # the run succeeded; its quality rules are running
    SUCCESS = "success"
    FAILED = "failed"
    FROZEN = "frozen"  # held by an operator; never starts until unfrozen
    KILLED = "killed"
    SKIPPED = "skipped"  # dry run, outside start/end, past slot, excluded from a backfill
    UPSTREAM_FAILED = "upstream_failed"
    # A slot the plan no longer has (superseded by a deploy, or undeployed); never runs.
    CANCELLED = "cancelled"


# A state's name in the user's language, where the server puts one into a sentence ("upstream x
# is running"); the front end has the same words (frontend/src/i18n/locales/*/common.json).
STATE_NAMES = {
    InstanceState.PENDING: pgettext_lazy("instance state", "pending"),
    InstanceState.QUEUED: pgettext_lazy("instance state", "queued"),
    InstanceState.RUNNING: pgettext_lazy("instance state", "running"),
    InstanceState.CHECKING: pgettext_lazy("instance state", "checking"),
    InstanceState.SUCCESS: pgettext_lazy("instance state", "success"),
    InstanceState.FAILED: pgettext_lazy("instance state", "failed"),
    InstanceState.FROZEN: pgettext_lazy("instance state", "frozen"),
    InstanceState.KILLED: pgettext_lazy("instance state", "killed"),
    InstanceState.SKIPPED: pgettext_lazy("instance state", "skipped"),
    InstanceState.UPSTREAM_FAILED: pgettext_lazy("instance state", "upstream failed"),
    InstanceState.CANCELLED: pgettext_lazy("instance state", "cancelled"),
}


def state_name(status: str) -> str:
    """An instance state in words; one this code does not know, as it is."""
    return str(STATE_NAMES.get(status, status))


class RunKind(models.TextChoices):
    SCHEDULED = "scheduled"
    BACKFILL = "backfill"
    MANUAL = "manual"
    TEST = "test"


S = InstanceState

# Done: nothing more happens without an operator (or, for cancelled, a deploy).
FINISHED = frozenset({S.SUCCESS, S.FAILED, S.KILLED, S.SKIPPED, S.UPSTREAM_FAILED, S.CANCELLED})
# Not started yet: what a deploy may still change (the plan's slots).
NOT_STARTED = frozenset({S.PENDING, S.FROZEN, S.CANCELLED})
# Downstream may proceed: a dry run counts as done so children still run.
SATISFIES_DOWNSTREAM = frozenset({S.SUCCESS, S.SKIPPED})
# Owned by a worker: these hold a lease that must be renewed.
ACTIVE = frozenset({S.QUEUED, S.RUNNING, S.CHECKING})
# May be started again by a rerun (a cancelled slot would run a version no longer deployed).
RERUNNABLE = frozenset({S.SUCCESS, S.FAILED, S.KILLED, S.SKIPPED, S.UPSTREAM_FAILED})
# May be killed (stops what runs, cancels what waits).
KILLABLE = frozenset({S.PENDING, S.QUEUED, S.RUNNING, S.CHECKING, S.FROZEN})
# May be set success by an operator: anything not already successful nor cancelled.
SETTABLE_SUCCESS = frozenset(set(S) - {S.SUCCESS, S.CANCELLED})

ALLOWED: dict[str, frozenset[str]] = {
    S.PENDING: frozenset(
        {S.QUEUED, S.FROZEN, S.SKIPPED, S.KILLED, S.SUCCESS, S.UPSTREAM_FAILED, S.CANCELLED}
    ),
    S.QUEUED: frozenset({S.RUNNING, S.PENDING, S.FAILED, S.KILLED, S.SUCCESS, S.SKIPPED}),
    S.RUNNING: frozenset({S.CHECKING, S.SUCCESS, S.FAILED, S.KILLED, S.QUEUED, S.PENDING}),
    S.CHECKING: frozenset({S.SUCCESS, S.FAILED, S.KILLED}),
    # A retry goes failed -> queued (or pending while it waits for its retry delay).
    S.FAILED: frozenset({S.QUEUED, S.PENDING, S.SUCCESS}),
    S.SUCCESS: frozenset({S.PENDING}),
    S.FROZEN: frozenset({S.PENDING, S.KILLED, S.SUCCESS, S.CANCELLED}),
    S.KILLED: frozenset({S.PENDING, S.SUCCESS}),
    S.SKIPPED: frozenset({S.PENDING, S.SUCCESS}),
    S.UPSTREAM_FAILED: frozenset({S.PENDING, S.SUCCESS, S.KILLED}),
    # Only a deploy that brings the slot back revives it.
    S.CANCELLED: frozenset({S.PENDING, S.FROZEN}),
}


class InstanceReason(models.TextChoices):
    """Why an instance last moved (Instance.reason, InstanceEvent.reason). A retry waiting for
    its delay has `retry_after_<failure>` (see `retry_after`)."""

    # Made
    GENERATED = "generated"  # by the day's generation or a deploy's plan
    CAUGHT_UP = "caught_up"  # a past slot that its node's catch-up policy runs
    PAST_SLOT = "past_slot"  # a past slot that the policy skips (a dry run)
    BACKFILL = "backfill"  # made by a backfill
    CREATED = "created"  # a manual or test run
    # Moved by the scheduler and the workers
    DISPATCHED = "dispatched"
    STARTED = "started"
    CHECKING = "checking"  # its quality rules run
    SUCCEEDED = "succeeded"
    DRY_RUN = "dry_run"
    UPSTREAM_FAILED = "upstream_failed"
    LOST_WORKER = "lost_worker"  # its worker stopped answering
    # Failures of an attempt
    ERROR = "error"
    TIMEOUT = "timeout"
    KILLED = "killed"
    QUALITY = "quality"  # a strong quality rule failed
    PARAMETER = "parameter"  # a parameter could not be rendered
    # By an operator
    RERUN = "rerun"
    RERUN_UPSTREAM = "rerun_upstream"
    SET_SUCCESS = "set_success"
    SET_FAILED = "set_failed"
    FROZEN = "frozen"  # a deploy leaves an operator's freeze as it is
    UNFROZEN = "unfrozen"
    # By the plan and backfills
    UNDEPLOYED = "undeployed"
    SUPERSEDED = "superseded"  # by a deploy whose version no longer has the slot
    BACKFILL_CANCELLED = "backfill_cancelled"


RETRY_PREFIX = "retry_after_"


def retry_after(failure: str) -> str:
    """The reason of a failed attempt waiting for its retry delay."""
    return f"{RETRY_PREFIX}{failure}"


INSTANCE_MOVES = Moves(ALLOWED)
can_transition = INSTANCE_MOVES.can
sources_of = INSTANCE_MOVES.sources_of  # every state from which a state may be reached


class BackfillStatus(models.TextChoices):
    RUNNING = "running"
    PAUSED = "paused"
    SUCCESS = "success"
    FAILED = "failed"  # finished with failed instances
    CANCELLED = "cancelled"


B = BackfillStatus

BACKFILL_STATUS_NAMES = {
    BackfillStatus.RUNNING: pgettext_lazy("backfill status", "running"),
    BackfillStatus.PAUSED: pgettext_lazy("backfill status", "paused"),
    BackfillStatus.SUCCESS: pgettext_lazy("backfill status", "succeeded"),
    BackfillStatus.FAILED: pgettext_lazy("backfill status", "failed"),
    BackfillStatus.CANCELLED: pgettext_lazy("backfill status", "cancelled"),
}


def backfill_status_name(status: str) -> str:
    """A backfill's status in words; one this code does not know, as it is."""
    return str(BACKFILL_STATUS_NAMES.get(status, status))


# A backfill ends when nothing of it runs or can run (success, failed); a rerun of its instances
# brings an ended one back. A cancelled backfill stays cancelled (its instances may still be
# rerun one by one).
BACKFILL_MOVES = Moves(
    {
        B.RUNNING: frozenset({B.PAUSED, B.CANCELLED, B.SUCCESS, B.FAILED}),
        B.PAUSED: frozenset({B.RUNNING, B.CANCELLED, B.SUCCESS, B.FAILED}),
        B.SUCCESS: frozenset({B.RUNNING}),
        B.FAILED: frozenset({B.RUNNING}),
        B.CANCELLED: frozenset(),
    }
)


class BackfillReason(models.TextChoices):
    """Why a backfill moved (BackfillEvent.reason)."""

    PAUSED = "paused"  # by an operator
    RESUMED = "resumed"  # by an operator
    CANCELLED = "cancelled"  # by an operator
    FINISHED = "finished"  # nothing of it runs or can run any more
    RERUN = "rerun"  # an instance of the ended backfill was rerun


# A backfill in these has ended: `backfills.BACKFILL_ENDED_HOOKS` are told after commit.
BACKFILL_ENDED = frozenset({B.SUCCESS, B.FAILED})
