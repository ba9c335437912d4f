"""Instance logs: batched into LogChunk rows (readable from any host) and pushed live."""

import os
import threading
import time

from django.db import connection
from django.utils import timezone

from scheduler.live import publish_log
from scheduler.models import LogChunk

FLUSH_SECONDS = 0.5
FLUSH_LINES = 100
_INSERT_CHUNK = (
    f"INSERT INTO {LogChunk._meta.db_table} (instance_id, attempt, seq, text, created_at) "
    "VALUES (%s, %s, %s, %s, %s)"
)


class LogWriter:
    """Collects lines of one attempt; flushes every half second or hundred lines."""

    def __init__(self, instance_id: int, attempt: int, *, ticking: bool = True):
        self.instance_id = instance_id
        self.attempt = attempt
        # Each claim starts a new attempt number, so an attempt's log always starts empty.
        self.seq = 0
        self.pending: list[str] = []
        self.unpublished: list[str] = []
        self.lock = threading.Lock()
        self.last_flush = time.monotonic()
        # A quiet process still shows its last lines within half a second (a run that cannot
        # take long, such as a virtual node, needs no ticking: close() flushes).
        self.ticking = ticking
        if ticking:
            _ticker.add(self)

    def close(self) -> None:
        self.detach()
        self.flush()

    def detach(self) -> None:
        """No more ticking: the owner flushes the rest itself."""
        if self.ticking:
            _ticker.remove(self)
            self.ticking = False

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

    def flush(self, *, publish: bool = True) -> None:
        """Store the pending lines; push them live now, or with publish_flushed() (after the
        caller's transaction has committed them)."""
        with self.lock:
            lines, self.pending = self.pending, []
            self.last_flush = time.monotonic()
            if not lines:
                return
            self.seq += 1
            seq = self.seq
        with connection.cursor() as cursor:  # a plain insert: every run stores a chunk or two
            cursor.execute(
                _INSERT_CHUNK,
                [
                    self.instance_id,
                    self.attempt,
                    seq,
                    "\n".join(lines) + "\n",
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                ],
            )
        if publish:
            self._publish(lines)
        else:
            self.unpublished.extend(lines)

    def publish_flushed(self) -> None:
        lines, self.unpublished = self.unpublished, []
        if lines:
            self._publish(lines)

    def _publish(self, lines: list[str]) -> None:
        try:
            publish_log(self.instance_id, self.attempt, lines)
        except Exception:  # live view is best effort; the stored log is the record
            pass


class _Ticker:
    """One thread per process flushes every open log each half second."""

    def __init__(self):
        self.writers: set[LogWriter] = set()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = 0

    def add(self, writer: LogWriter) -> None:
        with self.lock:
            self.writers.add(writer)
            if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self._run, daemon=True, name="log-ticker")
                self.thread.start()

    def remove(self, writer: LogWriter) -> None:
        with self.lock:
            self.writers.discard(writer)

    def _run(self) -> None:
        while True:
            time.sleep(FLUSH_SECONDS)
            with self.lock:
                writers = list(self.writers)
            for writer in writers:
                if time.monotonic() - writer.last_flush >= FLUSH_SECONDS:
                    try:
                        writer.flush()
                    except Exception:  # the final flush in close() reports real problems
                        pass


_ticker = _Ticker()


def read_log(instance_id: int, attempt: int | None = None) -> str:
    chunks = LogChunk.objects.filter(instance_id=instance_id)
    if attempt is not None:
        chunks = chunks.filter(attempt=attempt)
    return "".join(chunks.order_by("attempt", "seq").values_list("text", flat=True))
