"""Instance logs: batched into LogChunk rows (readable from any host) and pushed live."""

import datetime as dt
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
    "VALUES (%(along_instance)s, %(along_attempt)s, %(along_seq)s, %(along_text)s, %(along_at)s)"
)


def stamp() -> str:
    """A log line's time: ISO with its offset, so that every reader can show it in the project's
    time zone (a bare 08:00:00 was the server's clock, which no one could tell)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


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
        with self.lock:
            self.pending.append(f"{stamp()} {line.rstrip()}")
            due = (
                len(self.pending) >= FLUSH_LINES
                or time.monotonic() - self.last_flush >= FLUSH_SECONDS
            )
        if due:
            self.flush()

    def flush(self) -> None:
        """Store the pending lines and push them live."""
        statement = self.pending_statement()
        if statement:
            with connection.cursor() as cursor:
                cursor.execute(*statement)
            self.publish_flushed()

    def pending_statement(self) -> tuple[str, dict] | None:
        """The insert of the pending lines, for the caller to run (with the run's outcome, in
        one round trip); publish_flushed() pushes them live once it has committed."""
        with self.lock:
            lines, self.pending = self.pending, []
            self.last_flush = time.monotonic()
            if not lines:
                return None
            self.seq += 1
            self.unpublished.extend(lines)
            return _INSERT_CHUNK, {
                "along_instance": self.instance_id,
                "along_attempt": self.attempt,
                "along_seq": self.seq,
                "along_text": "\n".join(lines) + "\n",
                "along_at": connection.ops.adapt_datetimefield_value(timezone.now()),
            }

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
