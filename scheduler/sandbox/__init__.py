"""Every run of user code happens here: a sandbox per run, started from a warm launcher.

    outcome = sandbox.run(RunRequest(kind="python", label="42-1", project_id=7, ...))

`run` starts this process's launcher on first use (and again if it died).
"""

import threading

from scheduler.sandbox.client import (
    Launcher,
    RunOutcome,
    RunRequest,
    SandboxUnavailable,
    family_of,
    isolated,
)

__all__ = ["RunOutcome", "RunRequest", "SandboxUnavailable", "isolated", "run", "shutdown"]

_lock = threading.Lock()
_launchers: dict[str, Launcher] = {}


def _current(family: str) -> Launcher:
    launcher = _launchers.get(family)
    if launcher is None or not launcher.alive():
        if launcher is not None:
            launcher.close()
        _launchers.pop(family, None)
        _launchers[family] = launcher = Launcher(family)
    return launcher


def run(request: RunRequest) -> RunOutcome:
    """Run one job in a fresh sandbox; one at a time per process (a worker slot runs one)."""
    with _lock:
        return _current(family_of(request.kind)).run(request)


def shutdown() -> None:
    with _lock:
        for launcher in _launchers.values():
            launcher.close()
        _launchers.clear()
