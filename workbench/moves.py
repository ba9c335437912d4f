"""Guarded status moves with an event per move, for statuses other than an instance's.

Instances have their own, faster writer (`scheduler/transitions.py`); backfills and deliveries
move through `guarded_move`, each from a table of allowed moves (`Moves`): rows are locked,
filtered on the states the move may come from, updated, and one event row is written for each,
all in one transaction. A second scheduler, a redelivered Celery message or two operators at
once therefore cannot move one row twice, and a move that is not allowed changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models, transaction


class StatusEvent(models.Model):
    """One move of a status (old, new, why, who): a row's history, like InstanceEvent."""

    project_id = models.BigIntegerField()
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    reason = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Moves:
    """A state machine: for each state, the states it may move to."""

    allowed: dict[str, frozenset[str]]

    def can(self, old: str, new: str) -> bool:
        return new in self.allowed.get(old, frozenset())

    def sources_of(self, new: str, expected: Iterable[str] | None = None) -> frozenset[str]:
        """Every state from which `new` may be reached (and that is in `expected`, if given)."""
        sources = frozenset(old for old, targets in self.allowed.items() if new in targets)
        return sources & frozenset(expected) if expected is not None else sources


def guarded_move(
    model: type[models.Model],
    ids: Iterable[int],
    to: str,
    *,
    moves: Moves,
    expected: Iterable[str] | None = None,
    where: models.Q | None = None,
    event: Callable[[dict], models.Model],
    read: tuple[str, ...] = (),
    fields: dict | None = None,
) -> list[dict]:
    """Move the rows of `model` among `ids` that may go to `to` (from a state in `expected`, if
    given, and matching `where`); return those moved as they were before the move: dicts of
    "id", "status" (the old one), "project_id" and the columns named in `read`.

    `event(row)` makes the unsaved event row of one move; the events are written in the same
    transaction as the move. `fields` (values or expressions) are set along with the status.
    """
    ids = list(ids)
    sources = moves.sources_of(to, expected)
    if not ids or not sources:
        return []
    with transaction.atomic():
        locked = model.objects.filter(id__in=ids, status__in=sources)
        if where is not None:
            locked = locked.filter(where)
        if connection.features.has_select_for_update:
            locked = locked.select_for_update(of=("self",))
        rows = list(locked.values("id", "status", "project_id", *read))
        if not rows:
            return []
        model.objects.filter(id__in=[row["id"] for row in rows]).update(status=to, **(fields or {}))
        events = [event(row) for row in rows]
        type(events[0]).objects.bulk_create(events)
    return rows
