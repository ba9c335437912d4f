"""Run the whole product in one terminal: embedded Redis (if needed), web, worker, scheduler.

Each child runs in its own process group, so Ctrl-C reaches only this supervisor, which then
stops web, worker and scheduler first and the embedded broker last, leaving nothing behind.
"""

import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from workbench import embedded

STOP_TIMEOUT = 15.0


class Command(BaseCommand):
    help = "Start web (ASGI), a Celery worker and the scheduler together; Ctrl-C stops all."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("WORKBENCH_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--concurrency", type=int, default=int(os.environ.get("WORKER_CONCURRENCY", "2"))
        )

    def handle(self, *args, host, port, concurrency, **options):
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: self.stopping.set())

        broker = None
        if settings.EMBEDDED_REDIS:
            if embedded.redis_answers(settings.EMBEDDED_REDIS_SOCKET):
                self.say(
                    "runall",
                    f"using the embedded Redis already at {settings.EMBEDDED_REDIS_SOCKET}",
                )
            else:
                broker = self.spawn(
                    "redis", embedded.redis_server_command(settings.EMBEDDED_REDIS_SOCKET)
                )
                embedded.wait_for_redis(settings.EMBEDDED_REDIS_SOCKET)

        python = sys.executable
        queues = ",".join(settings.WORKBENCH_QUEUES)
        self.spawn(
            "web",
            [
                python,
                "-m",
                "uvicorn",
                "workbench.asgi:application",
                "--host",
                host,
                "--port",
                str(port),
                "--no-access-log",
                "--lifespan",
                "off",
            ],
        )
        self.spawn("worker", self.worker_command(python, queues, concurrency, "worker"))
        # Alert deliveries have a worker of their own: they never wait behind node runs.
        self.spawn("alerts", self.worker_command(python, settings.ALERTS_QUEUE, 2, "alerts"))
        self.spawn("scheduler", [python, "manage.py", "scheduler"])
        self.say("runall", f"Workbench is running at http://{host}:{port}/  (Ctrl-C stops it)")

        try:
            while not self.stopping.is_set():
                for name, proc in self.children:
                    if proc.poll() is not None:
                        self.say("runall", f"{name} exited with code {proc.returncode}; stopping")
                        self.stopping.set()
                        break
                self.stopping.wait(0.5)
        finally:
            apps = [(n, p) for n, p in self.children if p is not broker]
            self.stop(apps)
            if broker is not None:
                self.stop([("redis", broker)])
            self.say("runall", "stopped")

    def worker_command(self, python: str, queues: str, concurrency: int, name: str) -> list[str]:
        return [
            python,
            "-m",
            "celery",
            "-A",
            "workbench",
            "worker",
            "-Q",
            queues,
            "-c",
            str(concurrency),
            "--loglevel",
            "INFO",
            "-n",
            f"{name}-{os.getpid()}@%h",
        ]

    def spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: terminal signals go to the supervisor only
            cwd=settings.BASE_DIR,
        )
        threading.Thread(target=self.relay, args=(name, proc), daemon=True).start()
        self.children.append((name, proc))
        return proc

    def relay(self, name: str, proc: subprocess.Popen) -> None:
        for line in iter(proc.stdout.readline, b""):
            self.say(name, line.decode(errors="replace").rstrip())

    def say(self, name: str, text: str) -> None:
        sys.stdout.write(f"{name:>9} | {text}\n")
        sys.stdout.flush()

    def stop(self, children: list[tuple[str, subprocess.Popen]]) -> None:
        """SIGTERM each process group, wait, then SIGKILL whatever is left."""
        for _, proc in children:
            if proc.poll() is None:
                _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for name, proc in children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say("runall", f"{name} did not stop in time; killing it")
            _signal_group(proc, signal.SIGKILL)  # also reaps grandchildren (pool processes)
            proc.wait()


def _signal_group(proc: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(proc.pid, signum)
    except ProcessLookupError:
        pass
