"""Local Spark keeps its tables' metastore in Derby, which one JVM at a time may open: a second
run on the same folder failed at its start ("Another instance of Derby may have already booted
the database"). Runs on one folder take turns instead: the worker holds an exclusive lock on a
file of its own (never in the project's folder, where user code could hold or replace it) while
the run's sandbox lives. The kernel lets it go when the worker dies, and every worker of the host
shares the folder, as they share the projects' folders the metastore lives in.
"""

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings

POLL_SECONDS = 0.2


class Waited(Exception):
    """The turn did not come: `reason` is "timeout" or "killed"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def lock_path(project_id: int, folder: str):
    digest = hashlib.sha256(f"{int(project_id)}:{folder}".encode()).hexdigest()[:24]
    locks = settings.DATA_DIR / "locks"
    locks.mkdir(mode=0o700, exist_ok=True)
    return locks / f"spark-{digest}.lock"


@contextlib.contextmanager
def turn(
    project_id: int,
    folder: str,
    *,
    timeout_seconds: float = 0,
    should_stop: Callable[[], str | None] = lambda: None,
    on_wait: Callable[[str], None] = lambda line: None,
) -> Iterator[float]:
    """Hold the folder's turn; yields the seconds spent waiting for it. Raises Waited when
    `timeout_seconds` (0: none) ran out or the run was stopped while it waited."""
    path = lock_path(project_id, folder)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    started = time.monotonic()
    try:
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            if not told:
                on_wait(
                    f"waiting for the Spark run already using this data source's metastore "
                    f"(folder {folder}): local Spark runs on one folder take turns"
                )
                told = True
            if should_stop():
                raise Waited("killed")
            if timeout_seconds and time.monotonic() - started >= timeout_seconds:
                raise Waited("timeout")
            time.sleep(POLL_SECONDS)
        waited = time.monotonic() - started if told else 0.0
        if told:
            on_wait(f"its turn came after {waited:.1f} s")
        yield waited
    finally:
        os.close(fd)  # closing the file releases the lock
