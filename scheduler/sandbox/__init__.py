"""Every run of user code happens here: a sandbox per run, started from a warm launcher.

    outcome = sandbox.run(RunRequest(kind="python", label="42-1", project_id=7, ...))

`run` starts this process's launcher on first use (and again if it died).
"""

import contextlib
import socket
import threading
from collections.abc import Callable

from scheduler.sandbox.client import (
    Launcher,
    PortTaken,
    RunOutcome,
    RunRequest,
    SandboxUnavailable,
    family_of,
    isolated,
)

__all__ = [
    "RunOutcome",
    "RunRequest",
    "SandboxUnavailable",
    "isolated",
    "own_network_run",
    "run",
    "shutdown",
]

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
    """Run one job in a fresh sandbox (the runs of several threads may overlap)."""
    with _lock:
        launcher = _current(family_of(request.kind))
    return launcher.run(request)


def free_ports(count: int) -> list[int]:
    """`count` TCP ports free on this host now (the kernel picks them, at random)."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("0.0.0.0", 0))
        return [probe.getsockname()[1] for probe in probes]


FORWARD_ATTEMPTS = 3


def own_network_run(
    make_request: Callable[[list[int]], RunRequest],
    ports: int,
) -> RunOutcome:
    """One run in a launcher of its own: its own network namespace and slirp4netns, with
    `ports` free ports of this host forwarded to the same ports of the sandbox. The request is
    made once the ports are known. The forwards are removed, and slirp4netns stopped, when the
    run ends however it ends; should the worker die, slirp4netns ends with it (its exit fd)."""
    for attempt in range(FORWARD_ATTEMPTS):
        chosen = free_ports(ports)
        try:
            launcher = Launcher("single", forwards=tuple(chosen))
            break
        except PortTaken:  # another process took one since: choose again
            if attempt == FORWARD_ATTEMPTS - 1:
                raise
    try:
        return launcher.run(make_request(chosen))
    finally:
        launcher.close()


def shutdown() -> None:
    with _lock:
        for launcher in _launchers.values():
            launcher.close()
        _launchers.clear()


_status: dict = {}


def self_test() -> dict:
    """Start a sandbox and run one tiny job in it: is user code safe to run on this worker?"""
    global _status
    if not isolated():
        _status = {
            "mode": "off",
            "ok": True,
            "warning": "user code runs without a sandbox (WORKBENCH_SANDBOX=off)",
        }
        return _status
    output: list[str] = []
    request = RunRequest(
        kind="shell",
        label="self-test",
        project_id=0,
        files={"main.sh": "echo sandboxed $(id -u)"},
        script="main.sh",
        timeout_seconds=30,
        on_output=output.append,
    )
    try:
        outcome = run(request)
        if outcome.code != 0 or output != ["sandboxed 1000"]:
            raise SandboxUnavailable(f"a test run ended with {outcome.code}: {output[-3:]}")
        _status = {"mode": "on", "ok": True}
    except Exception as exc:  # whatever broke, the answer is: no sandbox here
        _status = {"mode": "on", "ok": False, "error": str(exc)}
    finally:
        shutdown()
    return _status


def status() -> dict:
    """The last self-test's answer in this process (empty before one ran)."""
    return dict(_status)


def clean_stale_runs(older_than_seconds: float = 2 * 86400) -> int:
    """Remove run folders left behind: those of the previous release (their .workbench.json
    held decrypted credentials) and those of workers that died long ago."""
    import re
    import shutil
    import time

    from scheduler.sandbox import outer

    root = outer.runs_root()
    if not root.is_dir():
        return 0
    removed = 0
    for folder in root.iterdir():
        old_layout = re.fullmatch(r"\d+", folder.name) is not None  # runs/<instance>/<attempt>
        try:
            stale = time.time() - folder.lstat().st_mtime > older_than_seconds
        except FileNotFoundError:
            continue
        if old_layout or stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
