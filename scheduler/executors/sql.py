"""SQL: statements split with sqlparse and run in order on the node's data source.

On a file engine (DuckDB, SQLite) the statements run in the sandbox, on a file of the
project's folder; on Spark in the sandbox too, where the Spark driver starts (executors/spark.py);
on a network engine (PostgreSQL, MySQL) they run where the data is, over a connection to the
address the outbound guard checked.
"""

import functools
import json
import threading
import time

import sqlparse

from scheduler.executors.base import ExecutionContext, ExecutionFailed, ReportedResults, Result
from scheduler.executors.datasources import DataSourceRefused, load, sandbox_source
from scheduler.executors.process import raise_for, run_in_sandbox
from scheduler.sandbox import RunRequest
from scheduler.states import InstanceReason


@functools.lru_cache(maxsize=512)
def _statements(code: str) -> tuple[tuple[str, bool], ...]:
    """(statement, is a query) of a node's code; parsing SQL costs more than a small run, and a
    node runs the same code every cycle."""
    return tuple((statement, is_query(statement)) for statement in split(code))


def split(code: str) -> list[str]:
    return [
        s.strip().rstrip(";").strip()
        for s in sqlparse.split(code)
        if sqlparse.format(s, strip_comments=True).strip()
    ]


def session_key(project_id: int, source: dict) -> str:
    """Jobs on one database of one project share a session (never another project's)."""
    return json.dumps([project_id, source], sort_keys=True)


def is_query(statement: str) -> bool:
    return sqlparse.parse(statement)[0].get_type() in ("SELECT", "UNKNOWN")


def run(ctx: ExecutionContext) -> Result:
    from projects import drivers

    datasource_id = ctx.snapshot.get("datasource_id")
    found = load(ctx.project_id, [int(datasource_id)] if datasource_id else [], ctx.environment)
    datasource = found[0] if found else None
    if datasource is None:
        raise ExecutionFailed("the node has no data source (or it was deleted)")
    if not datasource.config:
        raise ExecutionFailed(
            f"data source {datasource.name} has no {ctx.environment} connection filled in"
        )
    statements = [statement for statement, _ in _statements(ctx.code)]
    ctx.log(
        f"running {len(statements)} statement(s) on {datasource.name} ({datasource.kind}, "
        f"{ctx.environment})"
    )
    reasons = drivers.problems(datasource)
    if reasons:
        raise ExecutionFailed(f"data source {datasource.name}: {'; '.join(reasons)}")
    driver = drivers.get_driver(datasource.kind)
    if driver.sandbox_engine:
        from scheduler.executors import spark

        return spark.run(ctx, datasource, list(_statements(ctx.code)))
    if driver.file_engine:
        return _run_in_sandbox(ctx, datasource, statements)
    return _run_on_server(ctx, datasource, statements)


def _run_in_sandbox(ctx: ExecutionContext, datasource, statements: list[str]) -> Result:
    reported = ReportedResults(ctx.log)
    flagged = [{"sql": s, "query": query} for s, query in _statements(ctx.code)]
    source = _run_source(datasource)
    request = RunRequest(
        kind="sql",
        label=ctx.label or f"{ctx.instance_id}-{ctx.attempt}",
        project_id=ctx.project_id,
        job={
            "source": source,
            "statements": flagged,
            "keep_rows": ctx.keep_rows,
            "max_rows": ctx.max_rows,
        },
        network=False,
        session=session_key(ctx.project_id, source),
        timeout_seconds=ctx.timeout_seconds,
        should_stop=ctx.should_stop,
        on_output=ctx.log,
        on_result=reported,
    )
    outcome = run_in_sandbox(request)
    raise_for(outcome, ctx, error="; ".join(reported.errors))
    return reported.result


class Watchdog:
    """Cancels the running statement when the node's time is up or an operator kills it."""

    def __init__(self, ctx: ExecutionContext, driver, conn, cursor):
        self.ctx, self.driver, self.conn, self.cursor = ctx, driver, conn, cursor
        self.deadline = time.monotonic() + ctx.timeout_seconds if ctx.timeout_seconds else None
        self.fired: str | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        from django.db import connection

        try:
            while not self._done.wait(0.2):
                if self.deadline is not None and time.monotonic() > self.deadline:
                    self.fired = "timeout"
                elif self.ctx.should_stop():
                    self.fired = "killed"
                if self.fired:
                    self.driver.cancel(self.conn, self.cursor)
                    return
        finally:
            connection.close()  # this thread's own database connection

    def stop(self) -> None:
        self._done.set()
        self._thread.join(timeout=5)

    def failure(self) -> ExecutionFailed | None:
        if self.fired == "timeout":
            return ExecutionFailed(
                f"timed out after {self.ctx.timeout_seconds} s", InstanceReason.TIMEOUT
            )
        if self.fired == "killed":
            return ExecutionFailed("killed by an operator", InstanceReason.KILLED)
        return None


def _run_on_server(ctx: ExecutionContext, datasource, statements: list[str]) -> Result:
    from projects.drivers import connect, get_driver

    result = Result()
    watchdog = None
    try:
        with connect(datasource) as conn:
            cursor = conn.cursor()
            watchdog = Watchdog(ctx, get_driver(datasource.kind), conn, cursor)
            for number, statement in enumerate(statements, 1):
                if ctx.should_stop():
                    raise ExecutionFailed("killed by an operator", InstanceReason.KILLED)
                ctx.log(f"[{number}/{len(statements)}] {' '.join(statement.split())[:120]}")
                started = time.perf_counter()
                cursor.execute(statement)
                elapsed = (time.perf_counter() - started) * 1000
                if cursor.description:
                    columns = [c[0] for c in cursor.description]
                    rows = cursor.fetchmany(ctx.max_rows)
                    if ctx.keep_rows:
                        result.add_rows(number, columns, [[_plain(v) for v in r] for r in rows])
                    ctx.log(f"    {len(rows)} row(s) returned in {elapsed:.0f} ms")
                else:
                    count = cursor.rowcount if (cursor.rowcount or 0) >= 0 else "?"
                    ctx.log(f"    {count} row(s) affected in {elapsed:.0f} ms")
            if hasattr(conn, "commit"):
                conn.commit()
    except ExecutionFailed:
        raise
    except Exception as exc:
        stopped = watchdog.failure() if watchdog else None
        raise (stopped or ExecutionFailed(f"{type(exc).__name__}: {exc}")) from exc
    finally:
        if watchdog:
            watchdog.stop()
    return result


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _run_source(datasource) -> dict:
    """How the sandbox opens a file engine's database; a refused data source fails the run."""
    try:
        return sandbox_source(datasource)
    except DataSourceRefused as exc:
        raise ExecutionFailed(str(exc)) from exc


def measure(datasource, sql: str, *, label: str, timeout_seconds: int = 0) -> float:
    """The one number a query returns (quality rules); in the sandbox on a file engine."""
    from projects import drivers

    reasons = drivers.problems(datasource)
    if reasons:
        raise ExecutionFailed(f"data source {datasource.name}: {'; '.join(reasons)}")
    if not drivers.get_driver(datasource.kind).file_engine:
        with drivers.connect(datasource) as conn:
            cursor = conn.cursor()
            cursor.execute(sql)
            row = cursor.fetchone()
        value = None if not row else row[0]
    else:
        found: dict = {}
        source = _run_source(datasource)
        request = RunRequest(
            kind="sql",
            label=label,
            project_id=datasource.project_id,
            job={"source": source, "measure": sql},
            network=False,
            session=session_key(datasource.project_id, source),
            timeout_seconds=timeout_seconds,
            on_result=found.update,
        )
        outcome = run_in_sandbox(request)
        if outcome.stopped == "timeout":
            raise ExecutionFailed(f"timed out after {timeout_seconds} s", InstanceReason.TIMEOUT)
        if outcome.code != 0 or "error" in found:
            raise ExecutionFailed(found.get("error") or outcome.crashed or "the query failed")
        value = found.get("value")
    if value is None:
        raise ValueError("the query returned no number")
    return float(value)
