"""Helper for Python nodes: parameters, dates and connections to the project's data sources.

import workbench_task
print(workbench_task.bizdate, workbench_task.params["region"])
with workbench_task.connect() as conn:      # the node's data source, or connect("name")
    conn.execute("select 1")
"""

import contextlib
import json
import os

with open(os.environ["WORKBENCH_CONTEXT"]) as _f:
    _context = json.load(_f)

params: dict = _context["params"]
bizdate: str = _context["bizdate"]
cyctime: str = _context["cyctime"]


def _source(name):
    sources = _context["datasources"]
    if name is None:
        wanted = _context.get("datasource_id")
        for source in sources.values():
            if source["id"] == wanted:
                return source
        raise LookupError("the node has no data source; pass a name: connect('warehouse')")
    if name not in sources:
        raise LookupError(f"no data source named {name!r}; known: {', '.join(sorted(sources))}")
    return sources[name]


@contextlib.contextmanager
def connect(name=None):
    source = _source(name)
    config, secret = source["config"], source["secret"]
    if source["kind"] == "duckdb":
        import duckdb

        conn = duckdb.connect(config["path"])
    elif source["kind"] == "sqlite":
        import sqlite3

        conn = sqlite3.connect(config["path"])
    elif source["kind"] == "postgres":
        import psycopg2

        conn = psycopg2.connect(
            host=config["host"],
            port=int(config.get("port") or 5432),
            dbname=config["database"],
            user=config["user"],
            password=secret.get("password"),
        )
        conn.autocommit = True
    else:
        raise LookupError(f"no helper for {source['kind']} data sources")
    try:
        yield conn
    finally:
        conn.close()
