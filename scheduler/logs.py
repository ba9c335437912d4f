"""Instance logs: batched into LogChunk rows (readable from any host) and pushed live."""

import threading
import time

from scheduler.live import publish_log
from scheduler.models import LogChunk

FLUSH_SECONDS = 0.5
FLUSH_LINES = 100


class LogWriter:
    """Collects lines of one attempt; flushes every half second or hundred lines."""

    def __init__(self, instance_id: int, attempt: int, *, ticking: bool = True):
        self.instance_id = instance_id
        self.attempt = attempt
        # Each claim starts a new attempt number, so an attempt's log always starts empty.
        self.seq = 0
        self.pending: list[str] = []
        self.lock = threading.Lock()
        self.last_flush = time.monotonic()
        self._closed = threading.Event()
        # A quiet process still shows its last lines within half a second (a run that cannot
        # take long, such as a virtual node, needs no ticker: close() flushes).
        self._ticker = threading.Thread(target=self._tick, daemon=True) if ticking else None
        if self._ticker:
            self._ticker.start()

    def _tick(self) -> None:
        from django.db import connection

        try:
            while not self._closed.wait(FLUSH_SECONDS):
                try:
                    self.flush()
                except Exception:  # the final flush in close() reports real problems
                    pass
        finally:
            connection.close()  # this thread's own connection ends with it

    def close(self) -> None:
        self._closed.set()
        if self._ticker:
            self._ticker.join(timeout=5)
        self.flush()

    def write(self, line: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        with self.lock:
            self.pending.append(f"{stamp} {line.rstrip()}")
            due = (
                len(self.pending) >= FLUSH_LINES
                or time.monotonic() - self.last_flush >= FLUSH_SECONDS
            )
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            lines, self.pending = self.pending, []
            self.last_flush = time.monotonic()
            if not lines:
                return
            self.seq += 1
            seq = self.seq
        LogChunk.objects.create(
            instance_id=self.instance_id,
            attempt=self.attempt,
            seq=seq,
            text="\n".join(lines) + "\n",
        )
        try:
            publish_log(self.instance_id, self.attempt, lines)
        except Exception:  # live view is best effort; the stored log is the record
            pass


def read_log(instance_id: int, attempt: int | None = None) -> str:
    chunks = LogChunk.objects.filter(instance_id=instance_id)
    if attempt is not None:
        chunks = chunks.filter(attempt=attempt)
    return "".join(chunks.order_by("attempt", "seq").values_list("text", flat=True))
