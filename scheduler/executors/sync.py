"""Sync nodes: copy a table or a query's result between two data sources of the project.

The copy runs in the sandbox (runtime/sync.py) with the network when an end is a server, the
project's folder for file engines, and the settings and secrets of its two data sources only,
in memory. Rows read, written and rejected go to the log and to the instance's result.
"""

import contextlib

from projects import drivers, sync_spec
from scheduler import sandbox
from scheduler.executors import spark, spark_turns
from scheduler.executors.base import ExecutionContext, ExecutionFailed, Result
from scheduler.executors.datasources import DataSourceRefused, load, run_settings
from scheduler.executors.process import has_network, raise_for, run_in_sandbox
from scheduler.sandbox import RunOutcome, RunRequest, outer


def run(ctx: ExecutionContext) -> Result:
    try:
        spec = sync_spec.parse(ctx.code)
    except sync_spec.SpecError as exc:
        raise ExecutionFailed(f"the sync document is not valid: {exc}") from None
    source_id, target_id = sync_spec.datasource_ids(spec)
    found = {d.id: d for d in load(ctx.project_id, [source_id, target_id])}
    ends = {}
    for end, wanted in (("source", source_id), ("target", target_id)):
        datasource = found.get(wanted)
        if datasource is None:
            raise ExecutionFailed(f"the {end} data source was deleted (or is not of this project)")
        try:
            ends[end] = {
                "kind": datasource.kind,
                "name": datasource.name,
                **run_settings(datasource),
            }
        except DataSourceRefused as exc:
            raise ExecutionFailed(str(exc)) from exc
        except Exception as exc:  # the driver's refusal (outbound guard, path)
            raise ExecutionFailed(f"data source {datasource.name}: {exc}") from exc
    limits, env, turn = _spark_end(ends, ctx)
    what = spec["source"].get("table") or "a query"
    ctx.log(
        f"sync {what} from {ends['source']['name']} ({ends['source']['kind']}) to "
        f"{spec['target']['table']} on {ends['target']['name']} ({ends['target']['kind']}), "
        f"mode {spec.get('mode') or 'append'}"
    )
    outcome_items: dict = {}
    errors: list[str] = []

    def on_result(item: dict) -> None:
        if "log" in item:
            ctx.log(item["log"])
        elif "counts" in item:
            outcome_items.update(item["counts"])
        elif "error" in item:
            errors.append(item["error"])

    request = RunRequest(
        kind="sync",
        label=f"{ctx.instance_id}-{ctx.attempt}",
        project_id=ctx.project_id,
        job={"spec": spec},
        env={"PATH": outer.run_path(sandbox.isolated()), "LANG": "C.UTF-8", "TZ": "UTC", **env},
        limits=limits,
        context={"source": ends["source"], "target": ends["target"]},
        network=has_network(ctx.snapshot.get("resource_group")),
        timeout_seconds=ctx.timeout_seconds,
        should_stop=ctx.should_stop,
        on_output=ctx.log,
        on_result=on_result,
    )
    try:
        with turn as waited:
            if waited and ctx.timeout_seconds:
                request.timeout_seconds = max(1.0, ctx.timeout_seconds - waited)
            outcome = run_in_sandbox(request)
    except spark_turns.Waited as exc:
        outcome = RunOutcome(code=None, stopped=exc.reason)
    raise_for(outcome, ctx, error="; ".join(errors))
    counts = {k: int(outcome_items.get(k, 0)) for k in ("read", "written", "rejected")}
    ctx.log(
        f"rows read {counts['read']}, written {counts['written']}, rejected {counts['rejected']}"
    )
    result = Result()
    result.rows = {"sync": counts}
    return result


def _spark_end(ends: dict, ctx: ExecutionContext):
    """A Spark source (local masters) starts its driver in the copy's sandbox: the run gets
    Spark's limits and the session's settings, and takes its turn on the metastore folder
    (spark_turns). (limits, environment, turn)."""
    if ends["target"]["kind"] == "spark":
        raise ExecutionFailed(
            "a Spark data source can be a sync's source, not its target: write Spark tables "
            "with a SQL node (INSERT INTO / INSERT OVERWRITE ... SELECT)"
        )
    source = ends["source"]
    if source["kind"] != "spark":
        return {}, {}, contextlib.nullcontext(0.0)
    driver = drivers.get_driver("spark")
    if not driver.is_local(source["config"]):
        raise ExecutionFailed("a sync reads Spark in local mode (local, local[*], local[N]) only")
    missing = spark.java_missing()
    if missing:
        raise ExecutionFailed(missing)
    source["spark"] = spark.spec(source["config"], ctx.project_id, network=False)
    turn = spark_turns.turn(
        ctx.project_id,
        driver.folder(source["config"]),
        timeout_seconds=ctx.timeout_seconds,
        should_stop=ctx.should_stop,
        on_wait=ctx.log,
    )
    return spark.limits(), {"MALLOC_ARENA_MAX": "2"}, turn
