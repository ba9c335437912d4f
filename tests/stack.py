"""Start the real processes (web, Celery worker, scheduler) against the test database.

Tests that use them need the `transactional_db` fixture so their writes are committed and
visible to the child processes.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """A DATABASE_URL for the database the tests run on (pytest-django's test database)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{params['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=test_database_url(),
        REDIS_URL=settings.REDIS_URL,
        WORKBENCH_DATA_DIR=str(settings.DATA_DIR),
        DJANGO_SETTINGS_MODULE="workbench.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class Proc:
    """A child process in its own process group, logging to a file, stopped with its group."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.log_file = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self, signum: int = signal.SIGKILL) -> None:
        try:
            os.killpg(self.popen.pid, signum)
        except ProcessLookupError:
            pass

    def stop(self, timeout: float = 15.0) -> None:
        if self.alive():
            self.kill(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill(signal.SIGKILL)
        self.popen.wait()
        self.log_file.close()


def wait_until(
    predicate, timeout: float = 20.0, interval: float = 0.05, message: str = "condition"
):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {message}")


def start_web(log_dir: Path, **env) -> tuple[Proc, str]:
    port = free_port()
    proc = Proc(
        "web",
        [
            sys.executable,
            "-m",
            "uvicorn",
            "workbench.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--lifespan",
            "off",
        ],
        child_env(**env),
        log_dir,
    )
    url = f"http://127.0.0.1:{port}"

    def answers():
        if not proc.alive():
            raise AssertionError(f"web exited:\n{proc.log()}")
        try:
            return httpx.get(f"{url}/healthz", timeout=2).status_code in (200, 503)
        except httpx.HTTPError:
            return False

    wait_until(answers, timeout=30, message="the web server")
    return proc, url


def start_worker(
    log_dir: Path,
    name: str = "worker",
    queues: str = "default",
    concurrency: int = 2,
    alerts: bool = True,
    **env,
) -> Proc:
    """A Celery worker on `queues` (and the alerts queue unless `alerts` is false)."""
    from workbench.heartbeats import live_workers

    node_name = f"{name}-{os.getpid()}-{free_port()}@testhost"
    proc = Proc(
        name,
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workbench",
            "worker",
            "-Q",
            f"{queues},alerts" if alerts else queues,
            "-c",
            str(concurrency),
            "-n",
            node_name,
            "--loglevel",
            "INFO",
            "--without-mingle",
            "--without-gossip",
        ],
        child_env(**env),
        log_dir,
    )

    # The worker beats on its own broker (REDIS_URL may be overridden for it).
    broker = redis.Redis.from_url(env["REDIS_URL"]) if "REDIS_URL" in env else None

    def ready():
        if not proc.alive():
            raise AssertionError(f"{name} exited:\n{proc.log()}")
        return node_name in live_workers(broker)

    wait_until(ready, timeout=40, message=f"celery worker {node_name}")
    proc.node_name = node_name
    return proc


def start_scheduler(log_dir: Path, name: str = "scheduler", **env) -> Proc:
    env.setdefault("SCHEDULER_TICK_SECONDS", "0.2")
    return Proc(name, [sys.executable, "manage.py", "scheduler"], child_env(**env), log_dir)
