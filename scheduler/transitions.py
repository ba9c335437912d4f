"""The only code that changes an instance's status.

Each move is a guarded update: rows are locked, filtered on the states the move may come from,
updated, and an InstanceEvent is written for each, all in one transaction. Two schedulers, two
workers or a redelivered Celery message therefore cannot move one instance twice. Side effects
(dispatch of the downstream, websocket events, backfill progress, other apps' reactions) run after
commit as hooks registered when Django starts (scheduler/apps.py), so this module imports nothing
of the scheduler above it.
"""

import contextlib
import logging
import os
import queue
import threading
import time
from typing import NamedTuple

from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from scheduler.models import Instance, InstanceEvent
from scheduler.states import InstanceState, sources_of
from workbench import prepared

log = logging.getLogger(__name__)

_local = threading.local()


class Hook(NamedTuple):
    """`path` names `hook(events: list[InstanceEvent])`, called after commit for each batch.
    `wants`, if given, is SQL over the moved instance `i` (its id, project_id, backfill_id,
    status, bizdate)
    that the one-statement move reads with the move: its events for which it is false are not
    handed to the hook (most runs concern no alert rule, and asking after each cost a
    statement). Events of other moves always are."""

    path: str
    wants: str = ""


# The scheduler's own hooks come first (scheduler/apps.py): the release of the downstream, of
# what finished runs freed and of retries, live status events, backfill progress; then other
# apps' (alerts).
AFTER_TRANSITION_HOOKS: list[Hook] = []


def transition(
    instance_ids,
    to: str,
    *,
    expected=None,
    reason: str,
    actor=None,
    message: str = "",
    along: tuple[str, dict] | None = None,
    **fields,
) -> list[int]:
    """Move the instances that may go to `to` (and are in `expected`, if given); return their ids.

    `along` is a statement (SQL with %(name)s parameters whose names start with `along_`) that
    commits with the move, whether anything moves or not: a run's last log lines go with its
    outcome. A single move takes it in its one round trip.
    """
    ids = list(instance_ids)
    sources = _sources(to, expected)
    if not ids or not sources:
        run_along(along)
        return []
    now = timezone.now()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    if len(ids) == 1 and connection.vendor == "postgresql" and actor is None:
        row = _move_one(ids[0], sources, to, now, reason, message, fields, along)
        return [row[1]] if row else []
    next_attempt = fields.pop("next_attempt", False)
    if next_attempt:
        fields["attempt"] = F("attempt") + 1
    with transaction.atomic():
        run_along(along)
        locked = Instance.objects.filter(id__in=ids, status__in=sources)
        if connection.features.has_select_for_update:
            locked = locked.select_for_update(of=("self",))
        rows = list(locked.values_list("id", "status", "attempt", "project_id", "backfill_id"))
        if not rows:
            return []
        moved = [row[0] for row in rows]
        Instance.objects.filter(id__in=moved).update(
            status=to, reason=reason, updated_at=now, **fields
        )
        events = InstanceEvent.objects.bulk_create(
            [
                InstanceEvent(
                    instance_id=i,
                    project_id=project,
                    from_status=old,
                    to_status=to,
                    attempt=attempt + 1 if next_attempt else fields.get("attempt", attempt),
                    reason=reason,
                    message=message[:4000],
                    actor=actor,
                )
                for i, old, attempt, project, _ in rows
            ],
            batch_size=2000,
        )
        for event, row in zip(events, rows, strict=True):
            event.backfill_id = row[4]
        _on_commit(to, moved, events)
    return moved


def _sources(to: str, expected) -> frozenset:
    sources = sources_of(to)
    return sources & frozenset(expected) if expected is not None else sources


def run_along(statement: tuple[str, dict] | None) -> None:
    """A statement meant to go with a move, run on its own (nothing to move it with)."""
    if statement:
        with connection.cursor() as cursor:
            cursor.execute(*statement)


# One statement for the common case of one instance moved by a worker or the scheduler: lock,
# update and record the event in a single round trip (the hot path of every run).
_MOVE_ONE = """
WITH {along}old AS (
    SELECT id, status, attempt, project_id, backfill_id FROM {instance}
    WHERE id = %(id)s AND status = ANY(%(sources)s) FOR UPDATE
), moved AS (
    UPDATE {instance} i SET status = %(to)s, reason = %(reason)s, updated_at = %(now)s{sets}
    FROM old WHERE i.id = old.id
    RETURNING {moved}
), event AS (
    INSERT INTO {event} (instance_id, project_id, from_status, to_status, attempt, reason,
                         message, actor_id, created_at)
    SELECT id, project_id, from_status, %(to)s, attempt, %(reason)s, %(message)s, NULL, %(now)s
    FROM moved
    RETURNING id, instance_id, project_id, from_status, attempt
)
SELECT e.id, e.instance_id, e.project_id, e.from_status, e.attempt, i.backfill_id{wants}{read}
FROM event e JOIN moved i ON i.id = e.instance_id{joins}
"""
_MOVED = (
    "i.id, old.status AS from_status, i.attempt, i.project_id, old.backfill_id, i.status, i.bizdate"
)
_MOVED_WHOLE = "i.*, old.status AS from_status"  # when the caller reads more of the row


def _move_one(instance_id, sources, to, now, reason, message, fields, along=None, read=None):
    """The move in one statement: its row (event id, instance id, project, from, attempt,
    backfill, whether each hook wants it, then the columns of `read`), or None when it did
    not move."""
    sets, params = [], {}
    for name, value in fields.items():
        if name == "next_attempt":
            if value:
                sets.append("attempt = i.attempt + 1")
            continue
        field = Instance._meta.get_field(name)  # only real fields: a typo fails loudly
        sets.append(f"{field.column} = %(f_{name})s")
        params[f"f_{name}"] = field.get_db_prep_save(value, connection)
    sql = _MOVE_ONE.format(
        instance=Instance._meta.db_table,
        event=InstanceEvent._meta.db_table,
        sets="".join(f", {item}" for item in sets),
        along=f"along AS ({along[0]}), " if along else "",
        moved=_MOVED_WHOLE if read else _MOVED,
        wants="".join(f", ({hook.wants})" for hook in _choosy_hooks()),
        read=f", {read[0]}" if read else "",
        joins=f" {read[1]}" if read else "",
    )
    if along:
        params.update(along[1])
    params.update(
        id=instance_id,
        sources=sorted(sources),
        to=to,
        reason=reason,
        message=message[:4000],
        now=now,
    )
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    event_id, moved_id, project_id, old, attempt, backfill_id = row[:_FIXED]
    event = InstanceEvent(
        id=event_id,
        instance_id=moved_id,
        project_id=project_id,
        from_status=old,
        to_status=to,
        attempt=attempt,
        reason=reason,
        message=message[:4000],
        created_at=now,
    )
    event.backfill_id = backfill_id
    choosy = _choosy_hooks()
    event.unwanted_by = {
        hook.path for hook, wanted in zip(choosy, row[_FIXED:], strict=False) if not wanted
    }
    _on_commit(to, [moved_id], [event])
    return row[:_FIXED] + row[_FIXED + len(choosy) :]


_FIXED = 6  # the columns of a one-statement move's row before the hooks' and the caller's


def _choosy_hooks() -> list[Hook]:
    return [hook for hook in AFTER_TRANSITION_HOOKS if hook.wants]


def transition_and_read(
    instance_id: int, to: str, *, expected=None, reason: str, read: tuple[str, str], **fields
):
    """transition() of one instance that also reads a row about it once moved, in the same
    round trip where it can: `read` is (columns, joins) over the moved instance `i` (a worker
    claiming a run reads what the run needs this way). The row, or None if it did not move."""
    if connection.vendor != "postgresql":
        if not transition([instance_id], to, expected=expected, reason=reason, **fields):
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {read[0]} FROM {Instance._meta.db_table} i {read[1]} WHERE i.id = %s",
                [instance_id],
            )
            return cursor.fetchone()
    sources = _sources(to, expected)
    if not sources:
        return None
    row = _move_one(instance_id, sources, to, timezone.now(), reason, "", fields, read=read)
    return row[6:] if row else None


@contextlib.contextmanager
def side_effects_in_background():
    """Moves made inside run their side effects (dispatch of the downstream, live events, hooks)
    on this process's background thread once committed. A worker's slot ends a run this way:
    it takes its next run at once while the bookkeeping of the last one goes on beside it."""
    _local.background = True
    try:
        yield
    finally:
        _local.background = False


def _on_commit(to: str, moved: list[int], events: list[InstanceEvent]) -> None:
    if getattr(_local, "background", False):
        transaction.on_commit(lambda: _background.put((to, moved, events)))
    else:
        transaction.on_commit(lambda: _after_commit(to, moved, events))


class _Background:
    """One thread per process runs deferred side effects in the order they were committed;
    what piles up meanwhile goes together (one dispatch query for many finished runs)."""

    def __init__(self):
        self.jobs: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = 0

    def put(self, job: tuple[str, list[int], list[InstanceEvent]]) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self._run, daemon=True, name="after-commit")
                self.thread.start()
        self.jobs.put(job)

    def _run(self) -> None:
        while True:
            batch = [self.jobs.get()]
            while True:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            merged: dict[str, tuple[list[int], list[InstanceEvent]]] = {}
            for to, moved, events in batch:
                ids, all_events = merged.setdefault(to, ([], []))
                ids.extend(moved)
                all_events.extend(events)
            for to, (ids, all_events) in merged.items():
                try:
                    _after_commit(to, ids, all_events)
                except Exception:
                    log.exception("side effects of a transition failed")
            for _ in batch:
                self.jobs.task_done()
            if self.jobs.empty():
                with contextlib.suppress(Exception):  # (a broken one is replaced on next use)
                    close_old_connections()

    def drain(self, timeout: float = 30.0) -> None:
        """Wait until what was handed over is done (a worker stopping does not drop it; a slot
        looks for a follow-on run: scheduler/follow_on.py)."""
        deadline = time.monotonic() + timeout
        done = self.jobs.all_tasks_done
        with done:
            while (
                self.jobs.unfinished_tasks
                and self.thread is not None
                and self.thread.is_alive()
                and self.pid == os.getpid()
            ):
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                done.wait(min(left, 0.5))


_background = _Background()
drain_background = _background.drain


def _after_commit(to: str, moved: list[int], events: list[InstanceEvent]) -> None:
    for hook in AFTER_TRANSITION_HOOKS:
        wanted = [e for e in events if hook.path not in getattr(e, "unwanted_by", ())]
        if not wanted:
            continue
        try:
            import_string(hook.path)(wanted)
        except Exception:  # the periodic tick repairs what a release missed
            log.exception("transition hook %s failed", hook.path)


__all__ = [
    "AFTER_TRANSITION_HOOKS",
    "Hook",
    "transition_and_read",
    "InstanceState",
    "drain_background",
    "run_along",
    "side_effects_in_background",
    "transition",
]
