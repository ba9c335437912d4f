"""Python and shell nodes: the code runs in the sandbox and its output is the log.

The run gets its parameters in the environment and its bound data sources through the helper
module `workbench_task`; both come down a pipe and stay in memory.
"""

from django.conf import settings

from scheduler import sandbox
from scheduler.executors.base import ExecutionContext, ExecutionFailed, Result
from scheduler.executors.datasources import run_context
from scheduler.sandbox import RunOutcome, RunRequest, outer
from scheduler.states import InstanceReason


def run_python(ctx: ExecutionContext) -> Result:
    return _run(ctx, "python", "main.py")


def run_shell(ctx: ExecutionContext) -> Result:
    return _run(ctx, "shell", "main.sh")


def environment(ctx: ExecutionContext) -> dict[str, str]:
    return {
        "PATH": outer.run_path(sandbox.isolated()),
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "PYTHONPATH": outer.OPT if sandbox.isolated() else str(outer.RUNTIME),
        "PYTHONUNBUFFERED": "1",
        "WORKBENCH_BIZDATE": ctx.bizdate.strftime("%Y%m%d"),
        "WORKBENCH_CYCTIME": ctx.cyctime_local.strftime("%Y%m%d%H%M%S"),
        **{f"WORKBENCH_PARAM_{k.upper()}": v for k, v in ctx.params.items()},
    }


def has_network(resource_group: str | None) -> bool:
    return (resource_group or "default") not in settings.WORKBENCH_SANDBOX_OFFLINE_GROUPS


def _run(ctx: ExecutionContext, kind: str, script: str) -> Result:
    request = RunRequest(
        kind=kind,
        label=f"{ctx.instance_id}-{ctx.attempt}",
        project_id=ctx.project_id,
        files={script: ctx.code},
        script=script,
        env=environment(ctx),
        context={
            "params": ctx.params,
            "bizdate": ctx.bizdate.strftime("%Y%m%d"),
            "cyctime": ctx.cyctime_local.strftime("%Y%m%d%H%M%S"),
            "datasource_id": ctx.snapshot.get("datasource_id"),
            "datasources": run_context(ctx.project_id, ctx.snapshot, ctx.environment),
        },
        network=has_network(ctx.snapshot.get("resource_group")),
        timeout_seconds=ctx.timeout_seconds,
        should_stop=ctx.should_stop,
        on_output=ctx.log,
    )
    outcome = run_in_sandbox(request)
    raise_for(outcome, ctx)
    ctx.log("exited with code 0")
    return Result()


def run_in_sandbox(request: RunRequest) -> RunOutcome:
    try:
        return sandbox.run(request)
    except sandbox.SandboxUnavailable as exc:
        raise ExecutionFailed(f"the sandbox cannot start: {exc}") from exc


def raise_for(outcome: RunOutcome, ctx: ExecutionContext, error: str = "") -> None:
    """ExecutionFailed for a run that did not end well, with the reason users see."""
    if outcome.stopped == "timeout":
        raise ExecutionFailed(
            f"timed out after {ctx.timeout_seconds} s; the run and all it started were stopped",
            InstanceReason.TIMEOUT,
        )
    if outcome.stopped == "killed":
        raise ExecutionFailed("killed by an operator", InstanceReason.KILLED)
    if outcome.crashed:
        raise ExecutionFailed(outcome.crashed)
    if outcome.code != 0:
        if outcome.code is not None and outcome.code < 0:
            raise ExecutionFailed(error or f"stopped by signal {-outcome.code}")
        raise ExecutionFailed(error or f"exited with code {outcome.code}")
