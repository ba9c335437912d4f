"""`manage.py runall` on embedded parts: starts, answers healthy, and stops cleanly."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.stack import ROOT, free_port, wait_until


def _processes_with_marker(marker: str) -> list[int]:
    """Pids whose environment carries `marker` (every child inherits it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_runall_on_embedded_parts_starts_healthy_and_stops_clean(tmp_path):
    port = free_port()
    marker = f"WORKBENCH_RUNALL_TEST={tmp_path.name}"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "WORKBENCH_DATA_DIR": str(tmp_path),
        "WORKBENCH_ADMIN_PASSWORD": "demo-pass-1",
        "PORT": str(port),
        "WORKBENCH_RUNALL_TEST": tmp_path.name,
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "bootstrap"], cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(tmp_path / "runall.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [*manage, "runall"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def healthy():
            assert proc.poll() is None, (tmp_path / "runall.log").read_text()
            try:
                return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(healthy, timeout=60, interval=0.5, message="a healthy product")
        client = httpx.Client(base_url=base)
        csrf = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
        login = client.post(
            "/api/v1/auth/login/",
            json={"username": "admin", "password": "demo-pass-1"},
            headers={"X-CSRFToken": csrf, "Referer": base},
        )
        assert login.status_code == 200, login.text
        assert (
            len(_processes_with_marker(marker)) >= 5
        )  # supervisor, redis, web, worker (+pool), scheduler

        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert proc.wait(timeout=40) == 0
        wait_until(
            lambda: _processes_with_marker(marker) == [],
            timeout=10,
            message="every process of the product gone",
        )
        output = (tmp_path / "runall.log").read_text()
        # the broker is stopped last, after every other process has gone
        assert output.rindex("redis | ") > output.rindex("scheduler | ")
        assert output.rstrip().endswith("runall | stopped")
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _processes_with_marker(marker):
            os.kill(pid, signal.SIGKILL)
