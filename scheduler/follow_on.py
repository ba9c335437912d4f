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

import threading

FOLLOW_ON_SECONDS = 10.0
MAX_FOLLOW_ONS = 100


class _Slot:
    """This process's offer to take one run; the background thread of transitions fills it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.queue_name: str | None = None
        self.taken: int | None = None

    def open(self, queue_name: str) -> None:
        with self.lock:
            self.queue_name = queue_name

    def take(self, targets: list[tuple]) -> list[tuple]:
        """Keep one of these (instance id, queue, is virtual) targets; the rest to send."""
        with self.lock:
            if self.queue_name is None or self.taken is not None:
                return targets
            for number, (instance_id, queue_name, *virtual) in enumerate(targets):
                if (queue_name or "default") == self.queue_name and not any(virtual):
                    self.taken = instance_id
                    return targets[:number] + targets[number + 1 :]
        return targets

    def close(self) -> int | None:
        """No more offers; the run taken, if any."""
        with self.lock:
            self.queue_name = None
            taken, self.taken = self.taken, None
            return taken


_slot = _Slot()
open_slot = _slot.open
take = _slot.take
close_slot = _slot.close
