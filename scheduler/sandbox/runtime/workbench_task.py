"""Helper for Python nodes: parameters, dates and connections to the node's data sources.

import workbench_task
print(workbench_task.bizdate, workbench_task.params["region"])
with workbench_task.connect() as conn:      # the node's data source, or connect("name")
    conn.execute("select 1")

A run knows only the data sources its node is bound to (its own and those it declares). The
context comes from the WORKBENCH_CONTEXT variable of the run, read on first use.
"""

import contextlib
import json
import os

_loaded: dict | None = None


def _context() -> dict:
    global _loaded
    if _loaded is None:
        _loaded = json.loads(os.environ.get("WORKBENCH_CONTEXT") or "{}")
    return _loaded


def __getattr__(name: str):
    if name in ("params", "bizdate", "cyctime"):
        return _context().get(name, {} if name == "params" else "")
    raise AttributeError(name)


def _source(name):
    sources = _context().get("datasources") or {}
    if name is None:
        wanted = _context().get("datasource_id")
        for source in sources.values():
            if source["id"] == wanted:
                return source
        raise LookupError("the node has no data source; pass a name: connect('warehouse')")
    if name not in sources:
        known = ", ".join(sorted(sources)) or "none"
        raise LookupError(f"no data source named {name!r} is bound to this node; bound: {known}")
    return sources[name]


@contextlib.contextmanager
def connect(name=None):
    conn = open_source(_source(name))
    try:
        yield conn
    finally:
        conn.close()


def open_source(source: dict):
    """A DB-API connection to one bound data source (its entry of the run's context)."""
    config, secret = source["config"], source.get("secret") or {}
    if source["kind"] in ("duckdb", "sqlite"):
        import jobs

        conn = jobs.connect({"engine": source["kind"], **config})
    elif source["kind"] == "postgres":
        import psycopg2

        conn = psycopg2.connect(
            host=config["host"],
            hostaddr=config.get("hostaddr") or None,
            port=int(config.get("port") or 5432),
            dbname=config["database"],
            user=config["user"],
            password=secret.get("password"),
            sslmode=config.get("sslmode") or None,
            connect_timeout=10,
        )
        conn.autocommit = True
    elif source["kind"] == "mysql":
        import pymysql

        conn = pymysql.connect(
            host=config.get("hostaddr") or config["host"],
            port=int(config.get("port") or 3306),
            database=config["database"],
            user=config["user"],
            password=secret.get("password") or "",
            charset=config.get("charset") or "utf8mb4",
            connect_timeout=10,
            autocommit=True,
            local_infile=False,
        )
    else:
        raise LookupError(f"no helper for {source['kind']} data sources")
    return conn
