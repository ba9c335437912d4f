"""Sync nodes: every pair of PostgreSQL, MariaDB, DuckDB and SQLite, every write mode, on the real
servers (PostgreSQL and MariaDB on 127.0.0.1), and a node run by a real worker in the sandbox."""

import datetime as dt
import itertools
import json
import os
import sqlite3
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import duckdb
import psycopg2
import pymysql
import pytest

from projects import services as project_services
from projects import sync_spec
from scheduler import services
from scheduler.logs import read_log
from scheduler.models import Instance
from tests import factories
from tests.scheduler.conftest import wait_for_status
from tests.stack import start_worker

RUNTIME = Path(__file__).resolve().parents[2] / "scheduler" / "sandbox" / "runtime"
sys.path.insert(0, str(RUNTIME))
import sync  # noqa: E402  (the sandbox's own module, plain Python)

KINDS = ("postgres", "mysql", "duckdb", "sqlite")
ROWS = [
    (1, "a", "1.50", "2024-01-02", True),
    (2, "", "2.25", "2024-01-03", False),
    (3, None, None, None, None),
    (4, 'quote " and, comma\nnewline \\N', "-4.00", "2024-01-05", True),
    (5, "\\N", "0.00", "2024-01-06", False),  # the text \N, not a NULL
    (6, "NULL", "6.00", "2024-01-07", True),  # nor the text NULL
    (7, "null\ttab\r\\", "7.00", "2024-01-08", False),
]

# ROWS as every engine gives them back (amounts as text with two decimals, days as ISO dates,
# booleans as 0/1: see _plain)
COPIED = [
    (1, "a", "1.50", "2024-01-02", 1),
    (2, "", "2.25", "2024-01-03", 0),
    (3, None, None, None, None),
    (4, 'quote " and, comma\nnewline \\N', "-4.00", "2024-01-05", 1),
    (5, "\\N", "0.00", "2024-01-06", 0),
    (6, "NULL", "6.00", "2024-01-07", 1),
    (7, "null\ttab\r\\", "7.00", "2024-01-08", 0),
]


@pytest.fixture
def servers():
    """A PostgreSQL and a MariaDB database of their own, dropped afterwards."""
    name = f"wb_sync_{uuid.uuid4().hex[:10]}"
    pg = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    pg.autocommit = True
    pg.cursor().execute(f"CREATE DATABASE {name}")
    maria = pymysql.connect(host="127.0.0.1", user="root", password="", autocommit=True)
    maria.cursor().execute(f"CREATE DATABASE {name}")
    yield name
    pg.cursor().execute(f"DROP DATABASE {name} WITH (FORCE)")
    maria.cursor().execute(f"DROP DATABASE {name}")
    pg.close()
    maria.close()


def _end(kind: str, database: str, folder: Path) -> dict:
    if kind == "postgres":
        config = {"host": "127.0.0.1", "hostaddr": "127.0.0.1", "user": "postgres"}
        return {"kind": kind, "config": {**config, "database": database}, "secret": {}}
    if kind == "mysql":
        config = {"host": "127.0.0.1", "hostaddr": "127.0.0.1", "user": "root"}
        return {"kind": kind, "config": {**config, "database": database}, "secret": {}}
    return {"kind": kind, "config": {"path": str(folder / f"{kind}.db")}}


def _sql(end: dict, statements: list[str], params=None):
    conn, _ = sync.connect(end, "/tmp")
    try:
        cursor = conn.cursor()
        rows = None
        for statement in statements:
            cursor.execute(statement, params) if params else cursor.execute(statement)
            if cursor.description:
                rows = [tuple(r) for r in cursor.fetchall()]
        if hasattr(conn, "commit") and end["kind"] != "postgres":
            conn.commit()
        return rows
    finally:
        conn.close()


def _make_source(end: dict) -> None:
    types = {
        "postgres": "id INT, name TEXT, amount NUMERIC(10,2), day DATE, ok BOOLEAN",
        "mysql": "id INT, name TEXT, amount DECIMAL(10,2), day DATE, ok BOOLEAN",
        "duckdb": "id INT, name VARCHAR, amount DECIMAL(10,2), day DATE, ok BOOLEAN",
        "sqlite": "id INTEGER, name TEXT, amount NUMERIC, day DATE, ok BOOLEAN",
    }[end["kind"]]
    mark = "?" if end["kind"] in ("duckdb", "sqlite") else "%s"
    conn, _ = sync.connect(end, "/tmp")
    cursor = conn.cursor()
    cursor.execute(f"CREATE TABLE orders ({types})")
    for row in ROWS:
        cursor.execute(f"INSERT INTO orders VALUES ({', '.join([mark] * 5)})", row)
    if end["kind"] == "sqlite":
        conn.commit()
    conn.close()


def _target_rows(end: dict, table: str, columns: str) -> list[tuple]:
    rows = _sql(end, [f"SELECT {columns} FROM {table} ORDER BY 1"])
    rows = [tuple(_plain(v) for v in row) for row in rows]
    if columns.startswith("id, name, amount"):  # SQLite's NUMERIC keeps -4.00 as -4
        rows = [(*r[:2], None if r[2] is None else f"{float(r[2]):.2f}", *r[3:]) for r in rows]
    return rows


def _plain(value):
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return f"{float(value):.2f}"


def _sync(spec: dict, source: dict, target: dict, folder: Path) -> tuple[dict, list[str]]:
    lines: list[str] = []
    counts = sync.run(
        sync_spec.parse(json.dumps(spec)),
        source,
        target,
        work_dir=str(folder),
        report=lambda **item: lines.append(item.get("log", "")),
    )
    return counts, lines


@pytest.mark.parametrize(("source_kind", "target_kind"), list(itertools.product(KINDS, KINDS)))
def test_every_pair_copies_in_every_mode(servers, tmp_path, source_kind, target_kind):
    source = _end(source_kind, servers, tmp_path / "source")
    target = _end(target_kind, servers, tmp_path / "target")
    for folder in (tmp_path / "source", tmp_path / "target"):
        folder.mkdir(exist_ok=True)
    if source_kind == target_kind and source_kind in ("postgres", "mysql"):
        target = {**target}  # the same database: a copy into another table of it
    _make_source(source)
    expected = COPIED
    columns = "id, name, amount, day, ok"

    # append creates the table from the source's types; a rerun appends again
    base = {"source": {"datasource": 1, "table": "orders"}, "batch_rows": 3}
    counts, lines = _sync(
        {**base, "target": {"datasource": 2, "table": "t_append"}}, source, target, tmp_path
    )
    assert counts == {"read": 7, "written": 7, "rejected": 0}, lines
    assert any("created t_append" in line for line in lines), lines
    _sync({**base, "target": {"datasource": 2, "table": "t_append"}}, source, target, tmp_path)
    got = _target_rows(target, "t_append", columns)
    assert sorted(got, key=str) == sorted(expected * 2, key=str)

    # overwrite: a rerun leaves the same table
    for _ in range(2):
        _sync(
            {**base, "target": {"datasource": 2, "table": "t_over"}, "mode": "overwrite"},
            source,
            target,
            tmp_path,
        )
    assert _target_rows(target, "t_over", columns) == expected

    # a partition by a parameter's value: other partitions stay, a rerun replaces its own
    part = {**base, "target": {"datasource": 2, "table": "t_part"}, "mode": "partition"}
    _sync({**part, "partition": "dt='20240101'"}, source, target, tmp_path)
    for _ in range(2):
        _sync({**part, "partition": "dt='20240102'"}, source, target, tmp_path)
    got = _target_rows(target, "t_part", "dt, id")
    assert sorted(got) == sorted(
        [("20240101", i) for i in range(1, 8)] + [("20240102", i) for i in range(1, 8)]
    )

    # upsert by key, with a renamed column: changed rows replaced, new ones added, none doubled
    _sql(source, ["UPDATE orders SET name = 'changed' WHERE id = 2"])
    ups = {
        **base,
        "source": {"datasource": 1, "query": "SELECT id, name FROM orders WHERE id <= 2"},
        "target": {"datasource": 2, "table": "t_up"},
        "columns": [{"source": "id", "target": "order_id"}, {"source": "name"}],
        "mode": "upsert",
        "key": ["order_id"],
    }
    _sync(ups, source, target, tmp_path)
    _sync(
        {**ups, "source": {"datasource": 1, "query": "SELECT id, name FROM orders"}},
        source,
        target,
        tmp_path,
    )
    got = _target_rows(target, "t_up", "order_id, name")
    assert got == [(1, "a"), (2, "changed"), (3, None)] + [(r[0], r[1]) for r in expected[3:]]


@pytest.mark.parametrize(
    ("source_kind", "target_kind"),
    [("sqlite", "postgres"), ("postgres", "duckdb"), ("mysql", "postgres"), ("duckdb", "mysql")],
)
def test_dirty_rows_are_counted_and_past_the_limit_fail_without_changing_the_target(
    servers, tmp_path, source_kind, target_kind
):
    source = _end(source_kind, servers, tmp_path / "s")
    target = _end(target_kind, servers, tmp_path / "t")
    for folder in (tmp_path / "s", tmp_path / "t"):
        folder.mkdir()
    _sql(source, ["CREATE TABLE raw (id TEXT, amount TEXT)"])
    _sql(source, ["INSERT INTO raw VALUES ('1', '10'), ('x', '20'), ('3', 'y'), ('4', '40')"])
    _sql(target, ["CREATE TABLE clean (id INT, amount INT)", "INSERT INTO clean VALUES (9, 9)"])
    spec = {
        "source": {"datasource": 1, "table": "raw"},
        "target": {"datasource": 2, "table": "clean"},
        "mode": "overwrite",
        "batch_rows": 2,  # a refused row in each batch
    }
    with pytest.raises(sync.SyncError, match="2 dirty row"):
        _sync({**spec, "max_dirty_rows": 1}, source, target, tmp_path)
    assert _target_rows(target, "clean", "id, amount") == [(9, 9)]  # untouched

    counts, lines = _sync({**spec, "max_dirty_rows": 2}, source, target, tmp_path)
    assert counts == {"read": 4, "written": 2, "rejected": 2}
    assert sum("dirty row" in line for line in lines) == 2, lines
    assert _target_rows(target, "clean", "id, amount") == [(1, 10), (4, 40)]


def test_unknown_columns_and_a_missing_table_are_named(servers, tmp_path):
    source = _end("sqlite", servers, tmp_path)
    target = _end("duckdb", servers, tmp_path)
    _sql(source, ["CREATE TABLE a (id INTEGER)", "INSERT INTO a VALUES (1)"])
    spec = {"source": {"datasource": 1, "table": "a"}, "target": {"datasource": 2, "table": "b"}}
    with pytest.raises(sync.SyncError, match="no column.*nope"):
        _sync({**spec, "columns": [{"source": "nope"}]}, source, target, tmp_path)
    with pytest.raises(sync.SyncError, match="does not exist"):
        _sync(
            {**spec, "target": {"datasource": 2, "table": "b", "create": False}},
            source,
            target,
            tmp_path,
        )


def test_spec_errors_name_the_field():
    with pytest.raises(sync_spec.SpecError) as caught:
        sync_spec.parse(
            json.dumps(
                {
                    "source": {"datasource": 1, "table": "a", "query": "select 1"},
                    "target": {"datasource": 2, "table": "x; drop"},
                    "mode": "partition",
                    "batch_rows": 0,
                }
            )
        )
    assert set(caught.value.errors) == {"source.table", "target.table", "partition", "batch_rows"}
    with pytest.raises(sync_spec.SpecError, match="key"):
        sync_spec.parse(
            '{"source": {"datasource": 1, "table": "a"}, "target": {"datasource": 2, '
            '"table": "b"}, "mode": "upsert"}'
        )
    assert (
        sync_spec.parse(
            '{"source": {"datasource": 1, "table": "a"}, "target": {"datasource": 2, '
            '"table": "b"}, "mode": "partition", "partition": "dt=\'${bizdate}\'"}'
        )["mode"]
        == "partition"
    )


def test_lineage_reads_the_source_and_writes_the_target():
    from projects.lineage import extract

    table = '{"source": {"datasource": 1, "table": "app.orders"}, "target": {"datasource": 2, '
    assert extract(sync_spec.lineage_sql(table + '"table": "ods.orders"}}')) == (
        {"app.orders"},
        {"ods.orders"},
    )
    query = (
        '{"source": {"datasource": 1, "query": "SELECT o.id FROM orders o JOIN users u '
        'ON u.id = o.user_id"}, "target": {"datasource": 2, "table": "wide"}}'
    )
    assert extract(sync_spec.lineage_sql(query)) == ({"orders", "users"}, {"wide"})


@pytest.mark.django_db
def test_a_sync_node_must_name_data_sources_of_its_project(owner, project, make_node, client_for):
    other = factories.project(owner, name="other", timezone="UTC")
    theirs = project_services.datasource_create(
        project=other, actor=owner, name="theirs", kind="sqlite", config={"path": "t.db"}
    )
    ours = project_services.datasource_create(
        project=project, actor=owner, name="ours", kind="sqlite", config={"path": "o.db"}
    )
    code = json.dumps(
        {
            "source": {"datasource": ours.id, "table": "a"},
            "target": {"datasource": theirs.id, "table": "b"},
        }
    )
    response = client_for(owner).post(
        f"/api/v1/projects/{project.id}/nodes/",
        {"name": "copy", "type": "sync", "code": code, "workflow": make_node("w").workflow_id},
        format="json",
    )
    assert response.status_code == 400
    assert "target.datasource" in str(response.json()), response.json()


@pytest.mark.stack
def test_a_sync_node_runs_on_a_worker_in_the_sandbox(
    transactional_db, log_dir, owner, project, make_node
):
    source = project_services.datasource_create(
        project=project, actor=owner, name="app", kind="sqlite", config={"path": "app.db"}
    )
    target = project_services.datasource_create(
        project=project, actor=owner, name="dw", kind="duckdb", config={"path": "dw.duckdb"}
    )
    from projects.drivers.base import project_folder

    folder = project_folder(project.id)
    folder.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(folder / "app.db") as conn:
        conn.execute("CREATE TABLE users (id INTEGER, name TEXT)")
        conn.executemany("INSERT INTO users VALUES (?, ?)", [(i, f"u{i}") for i in range(250)])
    code = json.dumps(
        {
            "source": {"datasource": source.id, "table": "users"},
            "target": {"datasource": target.id, "table": "ods_users"},
            "mode": "partition",
            "partition": "dt='${bizdate}'",
            "batch_rows": 100,
        }
    )
    node = make_node("copy_users", type="sync", code=code)
    node.refresh_from_db()
    assert node.datasource_id == source.id and node.uses_datasources == [target.id]
    worker = start_worker(log_dir)
    try:
        instance = services.node_test_run(node=node, actor=owner)
        wait_for_status([instance.id], {"success", "failed"}, timeout=90)
        instance = Instance.objects.get(pk=instance.id)
        log = read_log(instance.id)
        assert instance.status == "success", log
        assert instance.result == {"sync": {"read": 250, "written": 250, "rejected": 0}}
        assert "rows read 250, written 250, rejected 0" in log
        bizdate = instance.bizdate.strftime("%Y%m%d")
        with duckdb.connect(str(folder / "dw.duckdb"), read_only=True) as conn:
            got = conn.execute("SELECT dt, count(*) FROM ods_users GROUP BY dt").fetchall()
        assert got == [(bizdate, 250)]
    finally:
        worker.stop()


def test_mysql_reads_through_pymysql_where_no_client_is_installed(servers, tmp_path, monkeypatch):
    monkeypatch.setattr(sync.shutil, "which", lambda name: None)
    source = _end("mysql", servers, tmp_path)
    target = _end("postgres", servers, tmp_path)
    _make_source(source)
    spec = {
        "source": {"datasource": 1, "table": "orders"},
        "target": {"datasource": 2, "table": "copied"},
        "mode": "overwrite",
    }
    counts, _ = _sync(spec, source, target, tmp_path)
    assert counts == {"read": 7, "written": 7, "rejected": 0}
    got = _target_rows(target, "copied", "id, name")
    assert got == [(row[0], row[1]) for row in ROWS]


def _exists(end: dict, table: str) -> bool:
    conn, _ = sync.connect(end, "/tmp")
    try:
        return sync.ENGINES[end["kind"]](conn, "/tmp").columns(table) is not None
    finally:
        conn.close()


@pytest.mark.parametrize("mode", ["append", "upsert"])
@pytest.mark.parametrize("target_kind", KINDS)
def test_a_failed_run_leaves_no_table_it_would_have_created(servers, tmp_path, target_kind, mode):
    source = _end("duckdb", servers, tmp_path / "s")
    target = _end(target_kind, servers, tmp_path / "t")
    for folder in (tmp_path / "s", tmp_path / "t"):
        folder.mkdir()
    # 10^20 fits the source's HUGEINT but no target's BIGINT: a dirty row in every engine
    _sql(
        source,
        [
            "CREATE TABLE big (id HUGEINT, name VARCHAR)",
            "INSERT INTO big VALUES (1, 'a'), (100000000000000000000, 'b'), (3, 'c')",
        ],
    )
    spec = {
        "source": {"datasource": 1, "table": "big"},
        "target": {"datasource": 2, "table": "created"},
        "mode": mode,
        "key": ["id"],
        "batch_rows": 2,
    }
    with pytest.raises(sync.SyncError, match="1 dirty row"):
        _sync(spec, source, target, tmp_path)
    assert not _exists(target, "created")
    assert not _exists(target, "wb_sync_new_created")  # (MySQL fills it under this name)
    assert not _exists(target, sync.STAGE)

    if target_kind == "mysql":  # what a killed run would have left: the next run drops it
        _sql(target, ["CREATE TABLE wb_sync_new_created (id INT)"])
    counts, lines = _sync({**spec, "max_dirty_rows": 1}, source, target, tmp_path)
    assert counts == {"read": 3, "written": 2, "rejected": 1}, lines
    assert any("created created" in line for line in lines), lines
    assert _target_rows(target, "created", "id, name") == [(1, "a"), (3, "c")]
    assert not _exists(target, "wb_sync_new_created")


@pytest.mark.parametrize("target_kind", KINDS)
def test_upsert_keeps_the_last_row_read_of_each_key(servers, tmp_path, target_kind):
    source = _end("postgres", servers, tmp_path)
    target = _end(target_kind, servers, tmp_path)
    _sql(target, ["CREATE TABLE dim (id INT, name TEXT)", "INSERT INTO dim VALUES (1, 'old')"])
    _sql(target, ["INSERT INTO dim VALUES (4, 'kept')"])
    query = (
        "SELECT id, name FROM (VALUES (1, 'first', 1), (2, 'x', 2), (1, 'second', 3), "
        "(3, NULL, 4), (NULL, 'no key', 5), (1, 'third', 6), (2, 'y', 7), (NULL, 'no key', 8)) "
        "v(id, name, seq) ORDER BY seq"
    )
    spec = {
        "source": {"datasource": 1, "query": query},
        "target": {"datasource": 2, "table": "dim"},
        "mode": "upsert",
        "key": ["id"],
        "batch_rows": 3,  # a key comes again in a later batch, and in its own
    }
    for run in (1, 2):  # a rerun gives the same rows of each key
        counts, lines = _sync(spec, source, target, tmp_path)
        assert counts == {"read": 8, "written": 5, "rejected": 0}, lines
        assert any("3 row(s) dropped whose key came again" in line for line in lines), lines
        got = _sql(target, ["SELECT id, name FROM dim"])
        keyed = sorted(row for row in got if row[0] is not None)
        assert keyed == [(1, "third"), (2, "y"), (3, None), (4, "kept")]
        # a NULL key matches no row, as in a SQL MERGE: those rows are added by every run
        assert [row for row in got if row[0] is None] == [(None, "no key")] * 2 * run


@pytest.fixture(scope="module")
def spark_orders(tmp_path_factory):
    """A local Spark warehouse holding ROWS as `orders` (with Spark's own types), as a sync's
    source end; the runtime starts a Spark session per copy and stops it after."""
    import datetime as dt
    from decimal import Decimal

    import spark  # the sandbox's own module, beside sync
    from pyspark.sql import types as T

    folder = tmp_path_factory.mktemp("spark")
    work = os.getcwd()
    os.chdir(folder)  # Spark's log settings and scratch files go to the working folder
    end = {
        "kind": "spark",
        "config": {"master": "local[1]"},
        "spark": {
            "master": "local[1]",
            "conf": {
                "spark.ui.enabled": "false",
                "spark.sql.shuffle.partitions": "1",
                "spark.driver.memory": "512m",
            },
            "folder": str(folder / "lake"),
        },
    }
    try:
        session = spark.session(end["spark"])
        schema = T.StructType(
            [
                T.StructField("id", T.IntegerType()),
                T.StructField("name", T.StringType()),
                T.StructField("amount", T.DecimalType(10, 2)),
                T.StructField("day", T.DateType()),
                T.StructField("ok", T.BooleanType()),
            ]
        )
        rows = [
            (
                i,
                name,
                None if amount is None else Decimal(amount),
                None if day is None else dt.date.fromisoformat(day),
                ok,
            )
            for i, name, amount, day, ok in ROWS
        ]
        session.createDataFrame(rows, schema).write.saveAsTable("orders")
        session.stop()
        yield end
    finally:
        os.chdir(work)
        _stop_spark_gateway()


def _stop_spark_gateway() -> None:
    """The JVM pyspark started in this process goes now, not when the process exits."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is not None:
        gateway.shutdown()
        if getattr(gateway, "proc", None) is not None:
            gateway.proc.kill()
            gateway.proc.wait()
        SparkContext._gateway = SparkContext._jvm = None


@pytest.mark.parametrize("target_kind", KINDS)
def test_a_spark_table_copies_out_to_every_engine(servers, tmp_path, spark_orders, target_kind):
    target = _end(target_kind, servers, tmp_path / "target")
    (tmp_path / "target").mkdir()
    base = {"source": {"datasource": 1, "table": "orders"}, "batch_rows": 3}
    counts, lines = _sync(
        {**base, "target": {"datasource": 2, "table": "t_over"}, "mode": "overwrite"},
        spark_orders,
        target,
        tmp_path,
    )
    assert counts == {"read": 7, "written": 7, "rejected": 0}, lines
    got = _target_rows(target, "t_over", "id, name, amount, day, ok")
    assert got == COPIED
    ups = {
        "source": {"datasource": 1, "query": "SELECT id, upper(name) AS name FROM orders"},
        "target": {"datasource": 2, "table": "t_over"},
        "mode": "upsert",
        "key": ["id"],
    }
    counts, lines = _sync(ups, spark_orders, target, tmp_path)
    assert counts["written"] == 7, lines
    assert _target_rows(target, "t_over", "id, name")[:2] == [(1, "A"), (2, "")]


def _spark_rows(end: dict, sql: str) -> list[tuple]:
    import spark

    session = spark.session(end["spark"])
    try:
        return [tuple(row) for row in session.sql(sql).collect()]
    finally:
        session.stop()


@pytest.mark.parametrize("source_kind", KINDS)
def test_every_engine_copies_into_a_spark_table(servers, tmp_path, spark_orders, source_kind):
    source = _end(source_kind, servers, tmp_path / "source")
    (tmp_path / "source").mkdir()
    _make_source(source)
    table = f"t_{source_kind}"
    base = {"source": {"datasource": 1, "table": "orders"}, "batch_rows": 3}
    into = {**base, "target": {"datasource": 2, "table": table}}

    # append creates the table from the source's types; a rerun appends again
    for _ in range(2):
        counts, lines = _sync(into, source, spark_orders, tmp_path)
        assert counts == {"read": 7, "written": 7, "rejected": 0}, lines
    rows = _spark_rows(spark_orders, f"SELECT id, name, amount, day, ok FROM {table} ORDER BY id")
    got = [tuple(_plain(v) for v in row) for row in rows[::2]]
    assert got == COPIED, rows
    if source_kind != "sqlite":  # (SQLite's declared types are not kept by its values)
        assert rows[0][2:] == (Decimal("1.50"), dt.date(2024, 1, 2), True), rows

    # overwrite: a rerun leaves the same table
    for _ in range(2):
        _sync({**into, "mode": "overwrite"}, source, spark_orders, tmp_path)
    assert _spark_rows(spark_orders, f"SELECT count(*) FROM {table}") == [(7,)]

    # partitions by a parameter's value: a new table is partitioned by them; a rerun replaces
    # its own partition and the others stay
    part = {**base, "target": {"datasource": 2, "table": f"{table}_p"}, "mode": "partition"}
    _sync({**part, "partition": "dt='20240101'"}, source, spark_orders, tmp_path)
    for _ in range(2):
        _sync({**part, "partition": "dt='20240102'"}, source, spark_orders, tmp_path)
    got = _spark_rows(spark_orders, f"SELECT dt, count(*) FROM {table}_p GROUP BY dt ORDER BY dt")
    assert got == [("20240101", 7), ("20240102", 7)], got

    with pytest.raises(sync.SyncError, match="not upsert"):
        _sync({**into, "mode": "upsert", "key": ["id"]}, source, spark_orders, tmp_path)
