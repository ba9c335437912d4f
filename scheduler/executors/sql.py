"""SQL: statements split with sqlparse and run in order on the node's data source."""

import threading
import time

import sqlparse

from scheduler.executors.base import ExecutionContext, ExecutionFailed, Result

MAX_ROWS = 100


def split(code: str) -> list[str]:
    return [
        s.strip().rstrip(";").strip()
        for s in sqlparse.split(code)
        if sqlparse.format(s, strip_comments=True).strip()
    ]


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
            return ExecutionFailed(f"timed out after {self.ctx.timeout_seconds} s", "timeout")
        if self.fired == "killed":
            return ExecutionFailed("killed by an operator", "killed")
        return None


def run(ctx: ExecutionContext) -> Result:
    from projects.drivers import connect, get_driver
    from projects.models import DataSource

    datasource_id = ctx.snapshot.get("datasource_id")
    datasource = DataSource.objects.filter(pk=datasource_id, project_id=ctx.project_id).first()
    if datasource is None:
        raise ExecutionFailed("the node has no data source (or it was deleted)")
    statements = split(ctx.code)
    ctx.log(f"running {len(statements)} statement(s) on {datasource.name} ({datasource.kind})")
    result = Result()
    watchdog = None
    try:
        with connect(datasource) as conn:
            cursor = conn.cursor()
            watchdog = Watchdog(ctx, get_driver(datasource.kind), conn, cursor)
            for number, statement in enumerate(statements, 1):
                if ctx.should_stop():
                    raise ExecutionFailed("killed by an operator", "killed")
                first_line = " ".join(statement.split())[:120]
                ctx.log(f"[{number}/{len(statements)}] {first_line}")
                started = time.perf_counter()
                cursor.execute(statement)
                elapsed = (time.perf_counter() - started) * 1000
                columns = [c[0] for c in cursor.description] if cursor.description else []
                if columns == ["Count"] and not _is_query(
                    statement
                ):  # DuckDB reports DML counts as a row
                    row = cursor.fetchone()
                    ctx.log(f"    {row[0] if row else 0} row(s) affected in {elapsed:.0f} ms")
                elif columns:
                    rows = cursor.fetchmany(MAX_ROWS)
                    count = len(rows)
                    if ctx.keep_rows:
                        result.rows = {
                            "columns": columns,
                            "rows": [[_plain(v) for v in r] for r in rows],
                        }
                    ctx.log(f"    {count} row(s) returned in {elapsed:.0f} ms")
                else:
                    count = (
                        cursor.rowcount
                        if cursor.rowcount is not None and cursor.rowcount >= 0
                        else "?"
                    )
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


def _is_query(statement: str) -> bool:
    return sqlparse.parse(statement)[0].get_type() in ("SELECT", "UNKNOWN")


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
