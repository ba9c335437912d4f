"""MySQL/MariaDB data sources against the real MariaDB server (127.0.0.1:3306, root)."""

import time
import uuid

import pymysql
import pytest

from projects import drivers
from projects import services as project_services
from projects.drivers import DriverError
from scheduler import services
from scheduler.logs import read_log
from scheduler.models import Instance
from tests.scheduler.conftest import wait_for_status
from tests.stack import start_worker

HOST, PORT = "127.0.0.1", 3306


@pytest.fixture
def mariadb():
    """A database of its own on the MariaDB server, dropped afterwards."""
    name = f"wb_{uuid.uuid4().hex[:12]}"
    try:
        admin = pymysql.connect(host=HOST, port=PORT, user="root", password="", autocommit=True)
    except pymysql.err.OperationalError as exc:
        pytest.fail(f"MariaDB must answer on {HOST}:{PORT} (see .ci/run): {exc}")
    admin.cursor().execute(f"CREATE DATABASE {name}")
    yield name
    admin.cursor().execute(f"DROP DATABASE {name}")
    admin.close()


@pytest.fixture
def loopback_allowed(settings):
    settings.WORKBENCH_DATASOURCE_ALLOW = ["127.0.0.1/32"]


def _config(database: str) -> dict:
    return {"host": HOST, "port": PORT, "database": database, "user": "root"}


@pytest.mark.django_db
def test_connection_test_tables_and_the_drivers_message(
    owner, project, client_for, mariadb, loopback_allowed
):
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}/datasources"
    created = client.post(
        f"{base}/", {"name": "mdb", "kind": "mysql", "config": _config(mariadb)}, format="json"
    )
    assert created.status_code == 201, created.content
    source_id = created.json()["id"]
    answer = client.post(f"{base}/{source_id}/test/").json()
    assert answer["ok"] is True and "MariaDB" in answer["version"], answer

    with drivers.connect(project.datasources.get(pk=source_id)) as conn:
        conn.cursor().execute("CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2))")
    tables = client.get(f"{base}/{source_id}/tables/").json()
    assert "orders" in str(tables), tables

    wrong = client.post(
        f"{base}/",
        {"name": "wrong", "kind": "mysql", "config": {**_config(mariadb), "user": "nobody"}},
        format="json",
    ).json()
    refused = client.post(f"{base}/{wrong['id']}/test/").json()
    assert refused["ok"] is False and "Access denied" in refused["error"], refused


@pytest.mark.django_db
def test_the_outbound_guard_applies(owner, project, client_for, settings):
    settings.WORKBENCH_DATASOURCE_ALLOW = []
    response = client_for(owner).post(
        f"/api/v1/projects/{project.id}/datasources/",
        {"name": "mdb", "kind": "mysql", "config": _config("x")},
        format="json",
    )
    assert response.status_code == 400
    assert "WORKBENCH_DATASOURCE_ALLOW" in str(response.json()), response.json()
    bad = client_for(owner).post(
        f"/api/v1/projects/{project.id}/datasources/",
        {"name": "m2", "kind": "mysql", "config": {**_config("x"), "port": 70000}},
        format="json",
    )
    assert bad.status_code == 400 and "port" in str(bad.json())


def test_a_long_statement_is_cancelled_on_the_server(mariadb):
    """KILL QUERY from a second connection ends a running statement within a second."""
    import threading

    driver = drivers.get_driver("mysql")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(driver, "checked_addresses", lambda config: [HOST])
        conn = driver.connect(_config(mariadb), {}, project_id=0)
    cursor = conn.cursor()
    threading.Timer(0.5, driver.cancel, (conn, cursor)).start()
    started = time.monotonic()
    with pytest.raises(pymysql.err.OperationalError, match="interrupted"):
        cursor.execute("SELECT SLEEP(30)")
    assert time.monotonic() - started < 5
    conn.close()


def test_unknown_database_is_the_drivers_own_words(mariadb):
    driver = drivers.get_driver("mysql")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(driver, "checked_addresses", lambda config: [HOST])
        with pytest.raises(DriverError, match="Unknown database"):
            driver.connect(_config(mariadb + "_missing"), {}, project_id=0)


@pytest.mark.stack
def test_sql_nodes_run_on_mariadb_with_parameters_results_and_timeouts(
    transactional_db, log_dir, owner, project, make_node, mariadb
):
    worker = start_worker(log_dir, WORKBENCH_DATASOURCE_ALLOW="127.0.0.1/32")
    try:
        from django.test import override_settings

        with override_settings(WORKBENCH_DATASOURCE_ALLOW=["127.0.0.1/32"]):
            source = project_services.datasource_create(
                project=project, actor=owner, name="mdb", kind="mysql", config=_config(mariadb)
            )
        node = make_node("load", type="sql", datasource=source, timeout_seconds=3)
        code = (
            "CREATE TABLE IF NOT EXISTS daily (dt VARCHAR(8), n INT);\n"
            "INSERT INTO daily VALUES ('${bizdate}', 7);\n"
            "SELECT dt, n FROM daily ORDER BY dt"
        )
        instance = services.node_test_run(node=node, actor=owner, code=code)
        wait_for_status([instance.id], {"success", "failed"}, timeout=60)
        instance = Instance.objects.get(pk=instance.id)
        log = read_log(instance.id)
        assert instance.status == "success", log
        rows = instance.result["rows"]
        assert any(row[1] == 7 and len(row[0]) == 8 and row[0].isdigit() for row in rows), rows
        assert "1 row(s) affected" in log

        # A Python node gets the data source's settings through workbench_task.connect, but its
        # sandbox refuses the worker host's own addresses (docs/sandbox.md) even when the worker
        # itself may reach them: a database on the worker's loopback stays out of its reach.
        reader = make_node("read", type="python", uses_datasources=[source.id])
        python = services.node_test_run(
            node=reader,
            actor=owner,
            code=(
                "import workbench_task\n"
                "with workbench_task.connect('mdb') as conn:\n"
                "    cursor = conn.cursor()\n"
                "    cursor.execute('SELECT SUM(n) FROM daily')\n"
                "    print('total', cursor.fetchone()[0])\n"
            ),
        )
        wait_for_status([python.id], {"success", "failed"}, timeout=60)
        reached = read_log(python.id)
        assert "Can't connect to MySQL server on '127.0.0.1'" in reached, reached
        assert "total" not in reached

        slow = services.node_test_run(node=node, actor=owner, code="SELECT SLEEP(30)")
        started = time.monotonic()
        wait_for_status([slow.id], {"success", "failed"}, timeout=60)
        slow = Instance.objects.get(pk=slow.id)
        assert slow.status == "failed" and "timed out" in slow.error, slow.error
        assert time.monotonic() - started < 20
    finally:
        worker.stop()
