"""Spark SQL: the statements run in the run's sandbox, where pyspark starts Spark's driver (and,
in local mode, its executors) as a JVM of the run. User SQL on Spark can read and write any file
the driver can (`text.`/path``, `LOCATION`, `ADD JAR`): inside the sandbox that is the run's own
folder and its project's, nothing of the worker's. Kill and timeout end the sandbox, and its
process namespace takes the JVM with it.

On a cluster the driver runs in client mode and the cluster's executors connect back to it: the
run gets a network namespace and slirp4netns of its own, and two free ports of the worker host
(the driver's RPC and block manager ports) are forwarded to the same ports of its sandbox for as
long as it runs (scheduler.sandbox.own_network_run). The driver tells the cluster to reach it at
WORKBENCH_SPARK_DRIVER_HOST, else at the address the worker's traffic to the master leaves from.
"""

import contextlib
import ipaddress
import shutil
import socket
from collections.abc import Callable

from django.conf import settings

from projects import drivers
from projects.crypto import decrypt_json
from scheduler.executors import spark_turns
from scheduler.executors.base import ExecutionContext, ExecutionFailed, ReportedResults, Result
from scheduler.executors.datasources import data_path
from scheduler.executors.process import has_network, raise_for, run_in_sandbox
from scheduler.sandbox import (
    RunOutcome,
    RunRequest,
    SandboxUnavailable,
    isolated,
    outer,
    own_network_run,
)

# The run's address in its network (slirp4netns); a cluster reaches the driver there only
# through the ports forwarded to it (docs/engines.md).
SANDBOX_ADDRESS = "10.0.2.100"
DRIVER_PORTS = ("spark.driver.port", "spark.driver.blockManager.port")


def java_missing() -> str:
    """Why Spark cannot start on this worker ("" when Java is there)."""
    if shutil.which("java", path="/usr/local/bin:/usr/bin:/bin"):
        return ""
    return (
        "Java is not installed on this worker: Spark needs a Java 17 runtime "
        "(Debian: openjdk-17-jre-headless; make run and .ci/run install it as root)"
    )


def limits() -> dict:
    return {
        "memory_mb": settings.WORKBENCH_SPARK_MEMORY_MB,
        "processes": settings.WORKBENCH_SPARK_PROCESSES,
    }


def heap_mb() -> int:
    return max(256, int(settings.WORKBENCH_SPARK_MEMORY_MB * settings.WORKBENCH_SPARK_HEAP_SHARE))


def java_options() -> str:
    """The driver JVM's flags besides its heap (spark.driver.memory): small fixed reservations
    (code cache, class space) inside the run's address-space limit, a serial GC (no GC thread
    per core)."""
    return " ".join(
        [
            "-XX:ReservedCodeCacheSize=128m",
            "-XX:CompressedClassSpaceSize=128m",
            "-XX:MaxMetaspaceSize=384m",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",  # no hsperfdata file in /tmp
            "-Xss1m",
        ]
    )


def driver_host(config: dict) -> str:
    """The address the cluster's executors reach this worker (and the driver's forwarded
    ports) at: WORKBENCH_SPARK_DRIVER_HOST, else the local address the kernel picks to reach
    the master (no packet is sent)."""
    if settings.WORKBENCH_SPARK_DRIVER_HOST:
        return settings.WORKBENCH_SPARK_DRIVER_HOST
    driver = drivers.get_driver("spark")
    address = driver.checked_addresses(config)[0]
    port = driver.remote_address(config)[1]
    family = socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((address, port))
            return probe.getsockname()[0]
    except OSError as exc:
        raise drivers.DriverError(
            f"no route from this worker to the Spark master {address}: {exc}; "
            "set WORKBENCH_SPARK_DRIVER_HOST to the address the cluster reaches this worker at"
        ) from exc


def cluster_conf(config: dict, ports: list[int], host: str, secret: dict) -> dict[str, str]:
    """The driver's settings on a cluster: its forwarded ports, the address the cluster reaches
    it at (`host`, from driver_host), and authentication (yarn and k8s generate a secret per
    application; a standalone cluster shares one, given in the job only, never in the conf sent
    on a command line)."""
    driver = drivers.get_driver("spark")
    conf = {key: str(port) for key, port in zip(DRIVER_PORTS, ports, strict=True)}
    conf["spark.driver.bindAddress"] = "0.0.0.0"
    conf["spark.driver.host"] = host
    if not driver.is_standalone(config) or secret.get("authenticate_secret"):
        conf["spark.authenticate"] = "true"
        # What crosses the forwarded ports (tasks, their results, blocks) is encrypted with
        # keys the authentication agrees on (AES); peers that only speak the older SASL
        # authentication (a standalone master) are still answered.
        conf["spark.network.crypto.enabled"] = "true"
    return conf


def spec(
    config: dict,
    project_id: int,
    *,
    network: bool,
    ports: list[int] | None = None,
    host: str = "",
    secret: dict | None = None,
) -> dict:
    """What the sandbox needs to start the data source's Spark session (on a cluster: with the
    forwarded `ports` and the `host` the cluster reaches them at)."""
    driver = drivers.get_driver("spark")
    secret = secret or {}
    conf = {
        **driver.user_conf(config),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.catalogImplementation": "hive" if driver.is_local(config) else "in-memory",
    }
    conf.setdefault("spark.app.name", "workbench")
    if driver.is_local(config):
        # Driver and executors talk over the run's own loopback only.
        conf["spark.driver.host"] = conf["spark.driver.bindAddress"] = "127.0.0.1"
    conf["spark.driver.memory"] = f"{heap_mb()}m"
    found = {
        "master": config["master"],
        "conf": conf,
        "java_options": java_options(),
        "database": config.get("database") or "",
        "network": network,
    }
    if not driver.is_local(config):
        found["driver_host"] = SANDBOX_ADDRESS
        if ports:
            conf.update(cluster_conf(config, ports, host, secret))
        if driver.is_standalone(config) and secret.get("authenticate_secret"):
            found["authenticate_secret"] = str(secret["authenticate_secret"])
        if driver.is_kubernetes(config):
            if secret.get("kubernetes_token"):
                found["kubernetes_token"] = str(secret["kubernetes_token"])
            if config.get("ca_cert"):
                found["ca_cert"] = config["ca_cert"]
    if driver.is_local(config):
        path = driver.folder(config)
        drivers.base.resolve_path(path + "/.keep", project_id)  # inside the project's folder
        found["folder"] = data_path(path, project_id)
    return found


def run_job(
    *,
    config: dict,
    project_id: int,
    job: dict,
    label: str,
    secret: dict | None = None,
    timeout_seconds: float = 0,
    resource_group: str | None = None,
    should_stop=lambda: None,
    on_output=lambda line: None,
    on_result=lambda item: None,
) -> RunOutcome:
    """One Spark job in a sandbox of its own: statements, or an operation ("test", "describe",
    "measure")."""

    def request(session: dict, timeout: float) -> RunRequest:
        return RunRequest(
            kind="spark",
            label=label,
            project_id=project_id,
            env={
                "PATH": outer.run_path(isolated()),
                "LANG": "C.UTF-8",
                "TZ": "UTC",
                "PYTHONPATH": outer.OPT if isolated() else str(outer.RUNTIME),
                **ENVIRONMENT,
            },
            job={"spark": session, **job},
            network=session["network"],
            limits=limits(),
            timeout_seconds=timeout,
            should_stop=should_stop,
            on_output=on_output,
            on_result=on_result,
        )

    return driver_run(
        config,
        project_id,
        request,
        secret=secret,
        timeout_seconds=timeout_seconds,
        resource_group=resource_group,
        should_stop=should_stop,
        on_output=on_output,
    )


# What a run holding a Spark driver adds to its environment (with limits()).
ENVIRONMENT = {"MALLOC_ARENA_MAX": "2"}  # glibc's per-thread arenas reserve 64 MB each


def driver_run(
    config: dict,
    project_id: int,
    make_request: Callable[[dict, float], RunRequest],
    *,
    secret: dict | None = None,
    timeout_seconds: float = 0,
    resource_group: str | None = None,
    should_stop=lambda: None,
    on_output=lambda line: None,
) -> RunOutcome:
    """A sandbox run that starts the data source's Spark driver (a SQL job, a sync):
    `make_request(session, timeout)` makes it from the session's settings (spec) and the time
    it has. Local masters run without network (the run's own loopback only), taking their turn
    on the metastore folder; a cluster's run gets a network of its own with the driver's ports
    forwarded to it."""
    missing = java_missing()
    if missing:
        raise drivers.DriverError(missing)
    network = not drivers.get_driver("spark").is_local(config) and has_network(resource_group)
    if not network:
        try:
            with _turn(config, project_id, timeout_seconds, should_stop, on_output) as waited:
                left = max(1.0, timeout_seconds - waited) if timeout_seconds else 0
                session = spec(config, project_id, network=False, secret=secret)
                return run_in_sandbox(make_request(session, left))
        except spark_turns.Waited as exc:
            return RunOutcome(code=None, stopped=exc.reason)
    host = driver_host(config)

    def forwarded(ports: list[int]) -> RunRequest:
        on_output(
            f"the cluster reaches this run's Spark driver at {host}, ports "
            f"{', '.join(map(str, ports))} (forwarded to the run while it lasts)"
        )
        session = spec(config, project_id, network=True, ports=ports, host=host, secret=secret)
        return make_request(session, timeout_seconds)

    try:
        return own_network_run(forwarded, len(DRIVER_PORTS))
    except SandboxUnavailable as exc:
        raise ExecutionFailed(f"the sandbox cannot start: {exc}") from exc


def _turn(config: dict, project_id: int, timeout_seconds: float, should_stop, on_output):
    """Local runs on one metastore folder take turns (spark_turns); clusters need none."""
    driver = drivers.get_driver("spark")
    if not driver.is_local(config):
        return contextlib.nullcontext(0.0)
    return spark_turns.turn(
        project_id,
        driver.folder(config),
        timeout_seconds=timeout_seconds,
        should_stop=should_stop,
        on_wait=on_output,
    )


def run(ctx: ExecutionContext, datasource, statements: list[tuple[str, bool]]) -> Result:
    """A SQL node's statements on its Spark data source."""
    reported = ReportedResults(ctx.log)
    try:
        outcome = run_job(
            config=datasource.config,
            project_id=ctx.project_id,
            job={
                "statements": [{"sql": s, "query": query} for s, query in statements],
                "keep_rows": ctx.keep_rows,
                "max_rows": ctx.max_rows,
            },
            label=ctx.label or f"{ctx.instance_id}-{ctx.attempt}",
            secret=decrypt_json(datasource.secret_encrypted),
            timeout_seconds=ctx.timeout_seconds,
            resource_group=ctx.snapshot.get("resource_group"),
            should_stop=ctx.should_stop,
            on_output=ctx.log,
            on_result=reported,
        )
    except drivers.DriverError as exc:
        raise ExecutionFailed(str(exc)) from exc
    raise_for(outcome, ctx, error="; ".join(reported.errors))
    return reported.result


def driver_job(
    config: dict, project_id: int, job: dict, timeout_seconds: float, secret: dict | None = None
) -> list[dict]:
    """A job for the application itself (connection test, tables, a preview): the items it
    reported; DriverError with Spark's message when it failed."""
    items: list[dict] = []
    output: list[str] = []
    outcome = run_job(
        config=config,
        project_id=project_id,
        job=job,
        label=f"spark-{job.get('op') or 'sql'}",
        secret=secret,
        timeout_seconds=timeout_seconds,
        on_output=lambda line: output.append(line) if len(output) < 50 else None,
        on_result=items.append,
    )
    errors = [item["error"] for item in items if "error" in item]
    if outcome.stopped == "timeout":
        raise drivers.DriverError(f"Spark did not answer within {int(timeout_seconds)} s")
    if errors or outcome.code != 0:
        why = "; ".join(errors) or outcome.crashed or " | ".join(output[-5:])
        raise drivers.DriverError(why or f"Spark exited with code {outcome.code}")
    return items
