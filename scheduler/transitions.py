"""The only code that changes an instance's status.

Each move is a guarded update: rows are locked, filtered on the states the move may come from,
updated, and an InstanceEvent is written for each, all in one transaction. Two schedulers, two
workers or a redelivered Celery message therefore cannot move one instance twice. Side effects
(dispatch of the downstream, websocket events, hooks of other apps) run after commit.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from scheduler.models import Instance, InstanceEvent
from scheduler.states import SATISFIES_DOWNSTREAM, InstanceState, sources_of

log = logging.getLogger(__name__)

# Dotted paths of `hook(events: list[InstanceEvent])`, called after commit for each batch.
AFTER_TRANSITION_HOOKS: list[str] = ["scheduler.backfills.on_transitions"]


def transition(
    instance_ids, to: str, *, expected=None, reason: str, actor=None, message: str = "", **fields
) -> list[int]:
    """Move the instances that may go to `to` (and are in `expected`, if given); return their ids."""
    ids = list(instance_ids)
    if not ids:
        return []
    sources = sources_of(to)
    if expected is not None:
        sources = sources & frozenset(expected)
    if not sources:
        return []
    now = timezone.now()
    with transaction.atomic():
        locked = Instance.objects.filter(id__in=ids, status__in=sources)
        if connection.features.has_select_for_update:
            locked = locked.select_for_update(of=("self",))
        rows = list(locked.values_list("id", "status", "attempt", "project_id"))
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
                    attempt=fields.get("attempt", attempt),
                    reason=reason,
                    message=message[:4000],
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                )
                for i, old, attempt, project in rows
            ],
            batch_size=2000,
        )
        transaction.on_commit(lambda: _after_commit(to, moved, events))
    return moved


def _after_commit(to: str, moved: list[int], events: list[InstanceEvent]) -> None:
    if to in SATISFIES_DOWNSTREAM:
        from scheduler import dispatch

        try:
            dispatch.release_downstream(moved)
        except Exception:  # the periodic tick repairs what this missed
            log.exception("dispatch of downstream instances failed")
    try:
        from scheduler.live import publish_status

        publish_status(events)
    except Exception:
        log.warning("could not publish instance status", exc_info=True)
    for path in AFTER_TRANSITION_HOOKS:
        try:
            import_string(path)(events)
        except Exception:
            log.exception("transition hook %s failed", path)


__all__ = ["AFTER_TRANSITION_HOOKS", "InstanceState", "transition"]
