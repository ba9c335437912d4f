"""Sync nodes: copy a table or a query's result between two data sources of the project.

The copy runs in the sandbox (runtime/sync.py) with the network when an end is a server, the
project's folder for file engines, and the settings and secrets of its two data sources only,
in memory. Rows read, written and rejected go to the log and to the instance's result.
"""

from projects import drivers, sync_spec
from scheduler import sandbox
from scheduler.executors import spark
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

    def request(limits: dict | None = None, env: dict | None = None) -> RunRequest:
        return RunRequest(
            kind="sync",
            label=f"{ctx.instance_id}-{ctx.attempt}",
            project_id=ctx.project_id,
            job={"spec": spec},
            env={
                "PATH": outer.run_path(sandbox.isolated()),
                "LANG": "C.UTF-8",
                "TZ": "UTC",
                **(env or {}),
            },
            limits=limits or {},
            context={"source": ends["source"], "target": ends["target"]},
            network=has_network(ctx.snapshot.get("resource_group")),
            timeout_seconds=ctx.timeout_seconds,
            should_stop=ctx.should_stop,
            on_output=ctx.log,
            on_result=on_result,
        )

    has_spark = "spark" in (ends["source"]["kind"], ends["target"]["kind"])
    outcome = _with_spark(ends, ctx, request) if has_spark else run_in_sandbox(request())
    raise_for(outcome, ctx, error="; ".join(errors))
    counts = {k: int(outcome_items.get(k, 0)) for k in ("read", "written", "rejected")}
    ctx.log(
        f"rows read {counts['read']}, written {counts['written']}, rejected {counts['rejected']}"
    )
    result = Result()
    result.rows = {"sync": counts}
    return result


def _with_spark(ends: dict, ctx: ExecutionContext, request) -> RunOutcome:
    """A copy with a Spark end starts that end's driver in its sandbox, with Spark's limits, as
    a SQL job does (spark.driver_run: a local master's turn on its folder, a cluster's
    forwarded ports). A cluster is read, not written: its tables live in its own metastore,
    which the workbench does not set up."""
    sparks = [end for end in ends.values() if end["kind"] == "spark"]
    if len(sparks) > 1:
        raise ExecutionFailed("a sync copies between two engines: from Spark to Spark, use SQL")
    end = sparks[0]
    if end is ends["target"] and not drivers.get_driver("spark").is_local(end["config"]):
        raise ExecutionFailed(
            "a sync reads a Spark cluster but writes Spark in local mode only (a cluster's "
            "tables live in its own metastore, which the workbench does not set up)"
        )

    def with_session(session: dict, timeout: float) -> RunRequest:
        end["spark"] = session
        made = request(spark.limits(), spark.ENVIRONMENT)
        made.timeout_seconds = timeout
        return made

    try:
        return spark.driver_run(
            end["config"],
            ctx.project_id,
            with_session,
            secret=end.get("secret") or {},
            timeout_seconds=ctx.timeout_seconds,
            resource_group=ctx.snapshot.get("resource_group"),
            should_stop=ctx.should_stop,
            on_output=ctx.log,
        )
    except drivers.DriverError as exc:
        raise ExecutionFailed(str(exc)) from exc
