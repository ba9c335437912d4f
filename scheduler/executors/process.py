"""Python and shell nodes: a child process in its own session, clean environment and folder.

The child gets no application secrets (only PATH, HOME, LANG, TZ and WORKBENCH_* values), a
working folder of its own, a memory limit, and is killed with its whole process group on
timeout or when an operator kills the instance.
"""

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

from scheduler.executors.base import ExecutionContext, ExecutionFailed, Result

RUNTIME = Path(__file__).resolve().parent / "runtime"
POLL_SECONDS = 0.25


def workdir_for(ctx: ExecutionContext) -> Path:
    path = Path(settings.DATA_DIR) / "runs" / str(ctx.instance_id) / str(ctx.attempt)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _connections(ctx: ExecutionContext) -> dict:
    """Connection settings of the project's data sources, for the helper module only."""
    from projects.crypto import decrypt_json
    from projects.models import DataSource

    found = {}
    for ds in DataSource.objects.filter(project_id=ctx.project_id):
        config = dict(ds.config)
        if ds.kind in ("duckdb", "sqlite"):
            from projects.drivers.base import resolve_path

            config["path"] = str(resolve_path(config["path"]))
        found[ds.name] = {
            "id": ds.id,
            "kind": ds.kind,
            "config": config,
            "secret": decrypt_json(ds.secret_encrypted),
        }
    return found


def _environment(ctx: ExecutionContext, workdir: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "PYTHONPATH": str(RUNTIME),
        "PYTHONUNBUFFERED": "1",
        "WORKBENCH_CONTEXT": str(workdir / ".workbench.json"),
        "WORKBENCH_BIZDATE": ctx.bizdate.strftime("%Y%m%d"),
        "WORKBENCH_CYCTIME": ctx.cyctime_local.strftime("%Y%m%d%H%M%S"),
        **{f"WORKBENCH_PARAM_{k.upper()}": v for k, v in ctx.params.items()},
    }


def _limits():
    megabytes = settings.WORKBENCH_TASK_MEMORY_MB

    def apply():
        if megabytes > 0:
            limit = megabytes * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_process(ctx: ExecutionContext, command: list[str], workdir: Path) -> Result:
    context_file = workdir / ".workbench.json"
    context_file.write_text(
        json.dumps(
            {
                "params": ctx.params,
                "bizdate": ctx.bizdate.strftime("%Y%m%d"),
                "cyctime": ctx.cyctime_local.strftime("%Y%m%d%H%M%S"),
                "datasource_id": ctx.snapshot.get("datasource_id"),
                "datasources": _connections(ctx),
            }
        )
    )
    context_file.chmod(0o600)
    proc = subprocess.Popen(
        command,
        cwd=workdir,
        env=_environment(ctx, workdir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_limits(),  # noqa: PLW1509
    )
    reader = threading.Thread(target=_relay, args=(proc, ctx.log), daemon=True)
    reader.start()
    deadline = time.monotonic() + ctx.timeout_seconds if ctx.timeout_seconds else None
    stopped = None
    while proc.poll() is None:
        if deadline and time.monotonic() > deadline:
            stopped = "timeout"
        elif ctx.should_stop():
            stopped = "killed"
        if stopped:
            _kill_group(proc)
            break
        time.sleep(POLL_SECONDS)
    code = proc.wait()
    _kill_group(proc)  # grandchildren left behind by a finished child go too
    reader.join(timeout=5)
    if stopped == "timeout":
        raise ExecutionFailed(
            f"timed out after {ctx.timeout_seconds} s; process group killed", "timeout"
        )
    if stopped == "killed":
        raise ExecutionFailed("killed by an operator", "killed")
    if code != 0:
        raise ExecutionFailed(f"exited with code {code}")
    ctx.log("exited with code 0")
    return Result()


def _relay(proc: subprocess.Popen, log) -> None:
    for raw in iter(proc.stdout.readline, b""):
        log(raw.decode(errors="replace"))


def run_python(ctx: ExecutionContext) -> Result:
    workdir = workdir_for(ctx)
    script = workdir / "main.py"
    script.write_text(ctx.code)
    return run_process(ctx, [sys.executable, "-u", str(script)], workdir)


def run_shell(ctx: ExecutionContext) -> Result:
    workdir = workdir_for(ctx)
    script = workdir / "main.sh"
    script.write_text(ctx.code)
    return run_process(ctx, ["/bin/bash", "-e", str(script)], workdir)
