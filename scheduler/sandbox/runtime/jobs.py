"""What a run does once its sandbox is set up: Python code, a shell script, SQL on a file engine
or Spark SQL.

Output of Python and shell goes to fd 1 and 2 (the log); SQL reports on fd 3, one JSON object a
line: {"log": text}, {"rows": {"statement": n, "columns": [...], "rows": [...]}}, {"value": number},
{"error": text}. The exit code is the run's verdict.
"""

import json
import os
import sys
import time
import traceback

RESULTS_FD = 3


def run(job: dict, environment: dict) -> None:
    kind = job["kind"]
    if kind == "shell":
        os.execve("/bin/bash", ["bash", "-e", job["script"]], environment)
    os.environ.clear()
    os.environ.update(environment)
    if kind == "python":
        os._exit(run_python(job["script"]))
    if kind == "sql":
        os._exit(run_sql(job))
    if kind == "sync":
        os._exit(run_sync(job))
    if kind == "spark":
        os._exit(run_spark(job))
    print(f"unknown kind of run: {kind!r}", file=sys.stderr)
    os._exit(2)


def run_python(script: str) -> int:
    """The script as __main__ in this warm interpreter; the exit code a fresh one would give.

    (runpy.run_path does the same but imports a dozen modules on its first call, in every fork.)
    """
    import atexit
    import types

    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    sys.argv = [script]
    sys.path[0] = os.getcwd()
    main = types.ModuleType("__main__")
    main.__file__ = script
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    atexit._clear()  # the launcher's exit functions are not the script's
    code = 0
    try:
        with open(script, "rb") as source:
            exec(compile(source.read(), script, "exec"), main.__dict__)
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except BaseException as exc:
        _print_user_traceback(exc, script)
        code = 1
    finally:
        try:
            # Wait for the script's threads, as an interpreter's exit does (and, as there, only
            # when it imported threading: the launcher does not, so that forks skip its hooks).
            if "threading" in sys.modules:
                sys.modules["threading"]._shutdown()
            atexit._run_exitfuncs()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
    return code


def _exit_code(value) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    print(value, file=sys.stderr)
    return 1


def _print_user_traceback(exc: BaseException, script: str) -> None:
    """The traceback from the script's first frame on: the launcher's frames are noise."""
    tb = exc.__traceback__
    while tb is not None and os.path.basename(tb.tb_frame.f_code.co_filename) != os.path.basename(
        script
    ):
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb or exc.__traceback__)


# --- SQL on file engines ----------------------------------------------------------------------

LOCK_WAIT_SECONDS = 60


_results = [RESULTS_FD]  # where _report writes: fd 3 of a run, or a session job's pipe


def _report(**item) -> None:
    data = (json.dumps(item, default=str) + "\n").encode()
    while data:
        data = data[os.write(_results[0], data) :]


def connect(source: dict):
    """A connection to a DuckDB or SQLite file, with what may reach other files turned off."""
    engine, path = source["engine"], source["path"]
    if engine == "sqlite":
        import sqlite3

        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)  # no ATTACH of another file
        conn.set_authorizer(_sqlite_authorizer)
        return conn
    if engine == "duckdb":
        import duckdb

        config = {"enable_external_access": bool(source.get("external_access"))}
        if source.get("memory_mb"):
            config["memory_limit"] = f"{int(source['memory_mb'])}MB"
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        delay = 0.002
        while True:  # one process at a time may write a DuckDB file: wait for our turn
            try:
                return duckdb.connect(path, read_only=bool(source.get("read_only")), config=config)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
    raise ValueError(f"no file engine {engine!r}")


def _sqlite_authorizer(action, *_):
    import sqlite3

    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def run_sql(job: dict, connections: dict | None = None) -> int:
    """Run a job's statements (or its one measuring query); 0 when all went well. A session
    passes the connections it keeps open: opening a DuckDB database costs more than the job."""
    key = json.dumps(job["source"], sort_keys=True)
    try:
        conn = connections.get(key) if connections is not None else None
        if conn is None:
            conn = connect(job["source"])
            if connections is not None:
                connections[key] = conn
    except Exception as exc:
        _report(error=f"{type(exc).__name__}: {exc}")
        return 1
    # A DuckDB cursor is a connection of its own: each job has its own transaction.
    session = (
        conn.cursor() if connections is not None and job["source"]["engine"] == "duckdb" else conn
    )
    try:
        if job.get("measure"):
            cursor = session.cursor()
            cursor.execute(job["measure"])
            row = cursor.fetchone()
            _report(value=None if row is None else row[0])
            return 0
        run_statements(
            session,
            job["statements"],
            keep_rows=job.get("keep_rows", False),
            max_rows=job.get("max_rows", 100),
        )
        if hasattr(session, "commit"):
            session.commit()
        return 0
    except Exception as exc:
        _report(error=f"{type(exc).__name__}: {exc}")
        return 1
    finally:
        if session is not conn or connections is None:
            session.close()


def run_sync(job: dict) -> int:
    """A sync node: copy between its two data sources (see sync.py); counts on fd 3."""
    import sync

    context = job.get("context") or {}
    try:
        counts = sync.run(
            job["spec"],
            context["source"],
            context["target"],
            work_dir=os.getcwd(),
            report=_report,
        )
    except Exception as exc:
        message = str(exc) if isinstance(exc, sync.SyncError) else f"{type(exc).__name__}: {exc}"
        _report(error=message)
        return 1
    _report(counts=counts)
    return 0


def run_spark(job: dict) -> int:
    """Spark SQL: the driver JVM is a child of this run (see spark.py)."""
    import spark

    return spark.run(job, _report)


def serve_session(channel, first: tuple[dict, list[int]]) -> None:
    """Run SQL jobs of one project's database, one after the other, on a connection kept open
    until the launcher closes `channel` (it does when the session has been idle a while)."""
    import socket

    connections: dict = {}
    job_id, fds = first
    while True:
        input_fd, output_fd, results_fd, status_fd = fds
        os.close(output_fd)  # SQL reports on the results pipe only
        chunks = []
        while chunk := os.read(input_fd, 1 << 16):
            chunks.append(chunk)
        os.close(input_fd)
        _results[0] = results_fd
        code = run_sql(json.loads(b"".join(chunks) or b"{}"), connections)
        os.close(results_fd)
        try:
            os.write(status_fd, json.dumps({"exit": code}).encode())
        except OSError:
            pass
        os.close(status_fd)
        channel.send(json.dumps({"done": job_id}).encode())
        data, fds, _, _ = socket.recv_fds(channel, 65536, 4)
        if not data:
            return
        job_id = json.loads(data)["id"]


def run_statements(conn, statements: list[dict], *, keep_rows: bool, max_rows: int = 100):
    cursor = conn.cursor()
    total = len(statements)
    for number, statement in enumerate(statements, 1):
        text = statement["sql"]
        _report(log=f"[{number}/{total}] {' '.join(text.split())[:120]}")
        started = time.perf_counter()
        cursor.execute(text)
        elapsed = (time.perf_counter() - started) * 1000
        columns = [c[0] for c in cursor.description] if cursor.description else []
        if columns == ["Count"] and not statement.get("query"):  # DuckDB reports DML counts
            row = cursor.fetchone()
            _report(log=f"    {row[0] if row else 0} row(s) affected in {elapsed:.0f} ms")
        elif columns:
            rows = cursor.fetchmany(max_rows)
            if keep_rows:
                kept = [[_plain(v) for v in r] for r in rows]
                _report(rows={"statement": number, "columns": columns, "rows": kept})
            _report(log=f"    {len(rows)} row(s) returned in {elapsed:.0f} ms")
        else:
            count = cursor.rowcount if cursor.rowcount is not None and cursor.rowcount >= 0 else "?"
            _report(log=f"    {count} row(s) affected in {elapsed:.0f} ms")


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
