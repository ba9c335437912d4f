"""Spark SQL data sources in local mode (pyspark from PyPI, Java 17): every statement runs in a
sandbox, where the Spark driver JVM starts. Each test starts Spark a few times (5-30 s each on
2 cores; the first start in a folder creates its metastore): the module takes about 2 minutes.
"""

import json
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from projects import services as project_services
from projects.drivers import base as drivers_base
from scheduler import services
from scheduler.logs import read_log
from scheduler.models import Instance
from tests import factories
from tests.scheduler.conftest import finished_test_run, wait_for_status
from tests.stack import start_worker

LOCAL = {"master": "local[2]", "conf": {"spark.sql.shuffle.partitions": "2"}}


def _java_processes(marker: str) -> list[str]:
    listing = subprocess.run(
        ["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True
    ).stdout
    return [line for line in listing.splitlines() if "java" in line and marker in line]


def _local_source(project, owner, folder: str):
    """A local-mode Spark data source with a folder of its own."""
    return project_services.datasource_create(
        project=project, actor=owner, name="lake", kind="spark", config={**LOCAL, "folder": folder}
    )


@pytest.mark.django_db
def test_configuration_is_checked_and_the_connection_test_starts_spark(
    owner, project, client_for, settings
):
    settings.WORKBENCH_DATASOURCE_ALLOW = []
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}/datasources"

    def create(name, config):
        return client.post(
            f"{base}/", {"name": name, "kind": "spark", "config": config}, format="json"
        )

    moved = create("moved", {"master": "local[*]", "conf": {"spark.sql.warehouse.dir": "/etc"}})
    assert moved.status_code == 400, moved.content
    assert "may not be set" in moved.json()["errors"]["config.conf"][0], moved.json()
    for key in (
        "spark.jars",
        "spark.driver.extraJavaOptions",
        "spark.hadoop.fs.defaultFS",
        # The workbench sets the driver's address, ports and authentication on a cluster.
        "spark.authenticate",
        "spark.authenticate.secret",
        "spark.driver.host",
        "spark.driver.port",
        "spark.driver.bindAddress",
        "spark.driver.blockManager.port",
        # The Kubernetes token and CA come from the data source's own fields.
        "spark.kubernetes.authenticate.oauthToken",
        "spark.kubernetes.authenticate.caCertFile",
    ):
        refused = create("x", {"master": "local", "conf": {key: "v"}})
        assert refused.status_code == 400, refused.content
        assert key in refused.json()["errors"]["config.conf"][0]
    hadoop = create("yarn-ok", {"master": "yarn", "conf": {"spark.hadoop.fs.defaultFS": "x"}})
    assert "may not be set" not in str(hadoop.json()), hadoop.json()  # (it lacks the RM only)
    for key in ("spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key"):
        leak = create("leak", {"master": "yarn", "conf": {key: "v"}})
        assert leak.status_code == 400 and "plain text" in leak.json()["errors"]["config.conf"][0]
    private = create("cluster", {"master": "spark://127.0.0.1:7077"})
    assert private.status_code == 400
    assert "WORKBENCH_DATASOURCE_ALLOW" in private.json()["errors"]["config.master"][0]
    yarn = create("yarn", {"master": "yarn"})
    assert yarn.status_code == 400 and "resourcemanager" in yarn.json()["errors"]["config.conf"][0]
    odd = create("odd", {"master": "mesos://x:1"})
    assert odd.status_code == 400 and "config.master" in odd.json()["errors"]
    stray = create("stray", {"master": "local", "ca_cert": "-----BEGIN CERTIFICATE-----"})
    assert stray.status_code == 400 and "config.ca_cert" in stray.json()["errors"]
    outside = create("out", {"master": "local", "folder": "../other"})
    assert outside.status_code == 400 and "config.folder" in outside.json()["errors"]

    created = create("lake", LOCAL)
    assert created.status_code == 201, created.content
    answer = client.post(f"{base}/{created.json()['id']}/test/").json()
    assert answer["ok"] is True and answer["version"].startswith("Spark 3."), answer


@pytest.mark.stack
def test_sql_nodes_run_on_local_spark_in_the_sandbox(
    transactional_db, log_dir, owner, project, make_node, make_user, client_for
):
    # A folder of its own (project ids repeat when a data folder is reused); its name is on the
    # JVM's command line, which tells this test's JVMs from others.
    marker = f"spark-{uuid.uuid4().hex[:10]}"
    table = "daily"
    worker = start_worker(log_dir)
    try:
        source = _local_source(project, owner, marker)
        node = make_node("load", type="sql", datasource=source, timeout_seconds=240)
        code = (
            f"CREATE TABLE IF NOT EXISTS {table} (dt STRING, n INT) USING parquet;\n"
            f"INSERT INTO {table} VALUES ('${{bizdate}}', 7);\n"
            f"SELECT dt, n FROM {table} ORDER BY dt"
        )
        instance = services.node_test_run(node=node, actor=owner, code=code)
        wait_for_status([instance.id], {"success", "failed"}, timeout=240)
        instance = Instance.objects.get(pk=instance.id)
        log = read_log(instance.id)
        assert instance.status == "success", (instance.error, log)
        rows = instance.result["rows"]
        assert [r[1] for r in rows] == [7] and len(rows[0][0]) == 8 and rows[0][0].isdigit(), rows
        for line in ("[1/3] CREATE TABLE", f"[2/3] INSERT INTO {table}", "[3/3] SELECT dt, n"):
            assert line in log, log
        assert "1 row(s) returned" in log
        assert "Setting default log level" not in log and "sc.setLogLevel" not in log, log

        # The table lives in the project's own folder and outlasts the run.
        folder = drivers_base.project_folder(project.id) / marker
        assert (folder / "warehouse" / table).is_dir() and (folder / "metastore_db").is_dir()

        # Spark reads files for anyone who names them: in the sandbox it sees only the
        # sandbox's own /etc/passwd, and nothing of the application's data folder.
        passwd = services.node_test_run(
            node=node, actor=owner, code="SELECT value FROM text.`/etc/passwd`"
        )
        wait_for_status([passwd.id], {"success", "failed"}, timeout=240)
        passwd = Instance.objects.get(pk=passwd.id)
        lines = [row[0] for row in passwd.result["rows"]]
        assert any(line.startswith("workbench:x:1000") for line in lines), lines
        assert not any(line.startswith("root:") for line in lines), lines
        secret = Path(settings.DATA_DIR) / "runs"
        probe = services.node_test_run(
            node=node, actor=owner, code=f"SELECT value FROM text.`{secret}`"
        )
        wait_for_status([probe.id], {"success", "failed"}, timeout=240)
        probe = Instance.objects.get(pk=probe.id)
        assert probe.status == "failed" and "PATH_NOT_FOUND" in probe.error, probe.error

        # A table listing (completion, the Data Map) is a Spark job too.
        base = f"/api/v1/projects/{project.id}/datasources"
        listed = client_for(owner).get(f"{base}/{source.id}/tables/").json()
        assert table in listed["tables"], listed

        # Another project's local Spark has its own warehouse: it does not see the table.
        other_owner = make_user("other-owner")
        other = factories.project(other_owner, name="other", timezone="UTC")
        stranger = project_services.datasource_create(
            project=other, actor=other_owner, name="lake", kind="spark", config=LOCAL
        )
        workflow = project_services.workflow_create(project=other, actor=other_owner, name="f")
        looker = factories.node(
            other, other_owner, workflow, "look", type="sql", datasource=stranger
        )
        look = services.node_test_run(node=looker, actor=other_owner, code=f"SELECT * FROM {table}")
        wait_for_status([look.id], {"success", "failed"}, timeout=240)
        look = Instance.objects.get(pk=look.id)
        assert look.status == "failed" and "TABLE_OR_VIEW_NOT_FOUND" in look.error, look.error

        # A timeout ends the sandbox, and the JVM with it.
        node.timeout_seconds = 25
        node.save(update_fields=["timeout_seconds"])
        slow = services.node_test_run(
            node=node,
            actor=owner,
            code="SELECT reflect('java.lang.Thread', 'sleep', CAST(600000 AS BIGINT))",
        )
        deadline = time.monotonic() + 60
        while not _java_processes(marker) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _java_processes(marker), "the Spark driver never started"
        started = time.monotonic()
        wait_for_status([slow.id], {"success", "failed"}, timeout=120)
        slow = Instance.objects.get(pk=slow.id)
        assert slow.status == "failed" and "timed out" in slow.error, slow.error
        assert time.monotonic() - started < 60
        deadline = time.monotonic() + 10
        while _java_processes(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _java_processes(marker), _java_processes(marker)
    finally:
        worker.stop()


@pytest.mark.stack
def test_two_runs_on_one_local_folder_take_turns(
    transactional_db, log_dir, owner, project, make_node
):
    # Derby lets one JVM at a time open a metastore: the second run waits for the first instead
    # of failing at its start.
    project.group_slots = {"default": 2}  # both of the worker's slots (the default share is one)
    project.save(update_fields=["group_slots"])
    worker = start_worker(log_dir)
    try:
        source = _local_source(project, owner, f"spark-{uuid.uuid4().hex[:10]}")
        runs = [
            services.node_test_run(
                node=make_node(f"n{n}", type="sql", datasource=source, timeout_seconds=240),
                actor=owner,
                code=f"CREATE TABLE t{n} (n INT) USING parquet; SELECT count(*) FROM t{n}",
            )
            for n in (1, 2)
        ]
        wait_for_status([r.id for r in runs], {"success", "failed"}, timeout=300)
        logs = [read_log(r.id) for r in runs]
        for run, log in zip(runs, logs, strict=True):
            run = Instance.objects.get(pk=run.id)
            assert run.status == "success", (run.error, log)
        # Before, the second run's log held thousands of lines of Derby's refusals while Hive
        # retried, and the run failed when the first outlasted the retries.
        assert not any("Another instance of Derby" in log for log in logs)
        waited = [log for log in logs if "take turns" in log]
        assert len(waited) == 1 and "its turn came after" in waited[0], logs
    finally:
        worker.stop()


@pytest.mark.stack
def test_sync_nodes_copy_a_spark_table_out_and_back_in(
    transactional_db, log_dir, owner, project, make_node, client_for
):
    """Spark as a sync's source and target: its driver starts in the copy's sandbox; the rows
    come out in batches, with their types, into a table of another data source (DuckDB here),
    and go back into a partition of a Spark table."""
    import duckdb

    marker = f"spark-{uuid.uuid4().hex[:10]}"
    source = _local_source(project, owner, marker)
    target = project_services.datasource_create(
        project=project, actor=owner, name="dw", kind="duckdb", config={"path": "dw.duckdb"}
    )
    # Spark tables have no MERGE: an upsert into one is refused on save.
    into_spark = {
        "source": {"datasource": target.id, "table": "t"},
        "target": {"datasource": source.id, "table": "t"},
        "mode": "upsert",
        "key": ["id"],
    }
    workflow = make_node("first").workflow_id
    refused = client_for(owner).post(
        f"/api/v1/projects/{project.id}/nodes/",
        {
            "name": "into_spark",
            "type": "sync",
            "code": json.dumps(into_spark),
            "workflow": workflow,
        },
        format="json",
    )
    assert refused.status_code == 400, refused.content
    assert "no upsert" in str(refused.json()), refused.json()

    worker = start_worker(log_dir)
    try:
        load = make_node("load", type="sql", datasource=source, timeout_seconds=240)
        code = (
            "CREATE TABLE orders USING parquet AS SELECT id, concat('o', string(id)) AS name, "
            "CAST(id / 4 AS DECIMAL(10,2)) AS amount, date_add(DATE'2024-01-01', CAST(id AS INT))"
            " AS day, id % 2 = 0 AS even FROM range(1000)"
        )
        created, log = finished_test_run(load, owner, code)
        assert created.status == "success", (created.error, log)

        sync_code = {
            "source": {"datasource": source.id, "query": "SELECT * FROM orders WHERE id < 700"},
            "target": {"datasource": target.id, "table": "ods_orders"},
            "mode": "overwrite",
            "batch_rows": 128,
        }
        node = make_node("export", type="sync", code=json.dumps(sync_code), timeout_seconds=240)
        for _ in range(2):  # a rerun of an overwrite gives the same table
            run, log = finished_test_run(node, owner)
            assert run.status == "success", (run.error, log)
            assert run.result == {"sync": {"read": 700, "written": 700, "rejected": 0}}, log
        folder = drivers_base.project_folder(project.id)
        with duckdb.connect(str(folder / "dw.duckdb"), read_only=True) as conn:
            shape = conn.execute("DESCRIBE ods_orders").fetchall()
            rows = conn.execute(
                "SELECT count(*), sum(amount), min(day), max(name), count(*) FILTER (even) "
                "FROM ods_orders"
            ).fetchone()
        types = {column: kind for column, kind, *_ in shape}
        assert types == {
            "id": "BIGINT",
            "name": "VARCHAR",
            "amount": "DECIMAL(10,2)",
            "day": "DATE",
            "even": "BOOLEAN",
        }, shape
        assert rows[0] == 700 and float(rows[1]) == sum(i / 4 for i in range(700)), rows
        assert str(rows[2]) == "2024-01-01" and rows[4] == 350, rows
        assert rows[3] == max(f"o{i}" for i in range(700)), rows

        # And back into Spark, a partition by the run's business date, read by a SQL node.
        back = {
            "source": {"datasource": target.id, "table": "ods_orders"},
            "target": {"datasource": source.id, "table": "orders_back"},
            "mode": "partition",
            "partition": "dt='${bizdate}'",
        }
        node = make_node("import", type="sync", code=json.dumps(back), timeout_seconds=240)
        run, log = finished_test_run(node, owner)
        assert run.status == "success", (run.error, log)
        assert run.result == {"sync": {"read": 700, "written": 700, "rejected": 0}}
        query = "SELECT dt, count(*), sum(amount) FROM orders_back GROUP BY dt"
        check, log = finished_test_run(load, owner, query)
        assert check.status == "success", (check.error, log)
        bizdate = run.bizdate.strftime("%Y%m%d")
        assert [r[:2] for r in check.result["rows"]] == [[bizdate, 700]], check.result
        assert float(check.result["rows"][0][2]) == sum(i / 4 for i in range(700))
    finally:
        worker.stop()
