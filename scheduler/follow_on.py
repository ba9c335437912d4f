"""Follow-on runs: a worker slot that finishes a run takes one of the instances that run made
ready (a downstream node, the next date of a backfill, its own retry) and runs it next, instead
of sending it through the broker and waiting for it to come back. A message costs the workers
about as much as a short run, and the round trip is most of a chain's time per hop; Airflow's
workers do the same after a task ("mini scheduler").

The instance is queued like any other (status, event, queued lease) before the slot takes it, so
a worker that dies in between loses nothing: recovery sends it again when its lease runs out.
Only real runs of the queue the slot's message came from are taken, one at a time, and only for
a while (FOLLOW_ON_SECONDS, MAX_FOLLOW_ONS) so that a long chain still lets the broker's other
messages in.
"""

import contextlib
import threading

FOLLOW_ON_SECONDS = 10.0
MAX_FOLLOW_ONS = 100


class _Slot(threading.local):
    """This slot's (thread's) offer to take one run. The run's side effects go through on the
    slot's own thread while it offers (the downstream is released there), so only what that
    run made ready can be taken, and nothing taken waits behind a long run without a message."""

    queue_name: str | None = None
    taken: int | None = None

    def take(self, targets: list[tuple]) -> list[tuple]:
        """Keep one of these (instance id, queue, is virtual) targets; the rest to send."""
        if self.queue_name is None or self.taken is not None:
            return targets
        for number, (instance_id, queue_name, *virtual) in enumerate(targets):
            if (queue_name or "default") == self.queue_name and not any(virtual):
                self.taken = instance_id
                return targets[:number] + targets[number + 1 :]
        return targets


_slot = _Slot()
take = _slot.take


@contextlib.contextmanager
def offer(queue_name: str):
    """While inside, this thread may take one run of `queue_name`: `taken()` says which."""
    _slot.queue_name, _slot.taken = queue_name, None
    try:
        yield
    finally:
        _slot.queue_name = None


def taken() -> int | None:
    """The run taken during the last offer (once)."""
    taken, _slot.taken = _slot.taken, None
    return taken
