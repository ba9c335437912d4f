"""Ad-hoc queries on a real worker: PostgreSQL over the address guard, DuckDB in the sandbox;
each statement's rows paged and downloaded, a long query cancelled, the history per member."""

import csv
import io
import uuid

import psycopg2
import pytest
from django.test import override_settings

from projects import services as project_services
from scheduler.models import AdhocQuery
from tests.factories import api_client, duckdb_source, pg_settings
from tests.stack import start_worker, wait_until

LOOPBACK = "127.0.0.1/32"


@pytest.fixture
def warehouse_db():
    name = f"wb_adhoc_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(**pg_settings("postgres"))
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    yield name
    admin.cursor().execute(f"DROP DATABASE {name} WITH (FORCE)")
    admin.close()


@pytest.fixture
def pg_source(project, owner, warehouse_db):
    with override_settings(WORKBENCH_DATASOURCE_ALLOW=[LOOPBACK]):
        return project_services.datasource_create(
            project=project,
            actor=owner,
            name="pg",
            kind="postgres",
            config=pg_settings(warehouse_db),
        )


@pytest.fixture
def worker(transactional_db, log_dir):
    proc = start_worker(log_dir, WORKBENCH_DATASOURCE_ALLOW=LOOPBACK)
    yield proc
    proc.stop()


def _base(project) -> str:
    return f"/api/v1/projects/{project.id}/adhoc-queries/"


def _run(client, project, datasource, sql, **extra):
    answer = client.post(
        _base(project), {"datasource": datasource.id, "sql": sql, **extra}, format="json"
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


def _finished(client, project, query_id, timeout=60) -> dict:
    def done():
        shown = client.get(f"{_base(project)}{query_id}/").json()
        return shown if shown["status"] not in ("queued", "running") else None

    return wait_until(done, timeout=timeout, message=f"ad-hoc query {query_id}")


def test_every_statement_is_paged_and_downloaded_from_postgres(
    worker, project, owner, members, pg_source
):
    client = api_client(members["developer"])
    sql = (
        "CREATE TABLE orders AS SELECT g AS id, 'day ${bizdate}' AS note "
        "FROM generate_series(1, 120) g;\n"
        "SELECT id, note FROM orders ORDER BY id;\n"
        "SELECT count(*) AS n FROM orders"
    )
    query = _run(client, project, pg_source, sql, bizdate="2026-03-01")
    assert "day 20260301" in query["rendered_sql"] and query["environment"] == "production"
    shown = _finished(client, project, query["id"])
    assert shown["status"] == "success", shown
    assert [(s["statement"], s["columns"], s["total"]) for s in shown["sets"]] == [
        (2, ["id", "note"], 120),
        (3, ["n"], 1),
    ]

    page = client.get(f"{_base(project)}{query['id']}/rows/?statement=2&offset=100&limit=50")
    assert page.status_code == 200, page.content
    body = page.json()
    assert body["total"] == 120 and not body["truncated"]
    assert body["rows"][0] == [101, "day 20260301"] and len(body["rows"]) == 20

    download = client.get(f"{_base(project)}{query['id']}/csv/?statement=2")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["id", "note"] and rows[1] == ["1", "day 20260301"] and len(rows) == 121

    missing = client.get(f"{_base(project)}{query['id']}/rows/?statement=1")
    assert missing.status_code == 400 and "statement" in missing.json()["errors"]


def test_a_long_query_is_cancelled(worker, project, owner, pg_source):
    client = api_client(owner)
    query = _run(client, project, pg_source, "SELECT pg_sleep(60)")
    wait_until(
        lambda: AdhocQuery.objects.get(pk=query["id"]).status == "running",
        timeout=30,
        message="the query to start",
    )
    cancelled = client.post(f"{_base(project)}{query['id']}/cancel/")
    assert cancelled.status_code == 200, cancelled.content
    shown = _finished(client, project, query["id"], timeout=20)  # well before the 60 s sleep
    assert shown["status"] == "cancelled", shown


def test_duckdb_runs_in_the_sandbox(worker, project, owner):
    source = duckdb_source(project, owner)
    client = api_client(owner)
    query = _run(client, project, source, "SELECT i, i * 2 AS twice FROM range(1, 301) t(i)")
    shown = _finished(client, project, query["id"])
    assert shown["status"] == "success", shown
    assert shown["sets"] == [{"statement": 1, "columns": ["i", "twice"], "total": 300}]
    page = client.get(f"{_base(project)}{query['id']}/rows/?statement=1&offset=299").json()
    assert page["rows"] == [[300, 600]]
    failed = _finished(client, project, _run(client, project, source, "SELECT nope")["id"])
    assert failed["status"] == "failed" and "nope" in failed["error"]


@pytest.mark.django_db
def test_history_is_per_member_and_project_and_needs_the_test_run_right(
    project, owner, members, pg_source
):
    developer = members["developer"]
    mine = _run(api_client(developer), project, pg_source, "SELECT 1")
    theirs = _run(api_client(owner), project, pg_source, "SELECT 2")

    listed = api_client(developer).get(_base(project)).json()["results"]
    assert [q["id"] for q in listed] == [mine["id"]]
    assert api_client(developer).get(f"{_base(project)}{theirs['id']}/").status_code == 404
    assert api_client(developer).post(f"{_base(project)}{theirs['id']}/cancel/").status_code == 404

    viewer = api_client(members["viewer"])
    assert (
        viewer.post(_base(project), {"datasource": pg_source.id, "sql": "SELECT 1"}).status_code
        == 403
    )
    assert viewer.get(_base(project)).status_code == 403

    # a member of another project reaches nothing of this one, not even with its data source
    stranger = members["outsider"]
    other = project_services.project_create(user=stranger, name="other", timezone="UTC")
    refused = api_client(stranger).post(
        _base(project), {"datasource": pg_source.id, "sql": "SELECT 1"}, format="json"
    )
    assert refused.status_code == 404
    foreign = api_client(stranger).post(
        _base(other), {"datasource": pg_source.id, "sql": "SELECT 1"}, format="json"
    )
    assert foreign.status_code == 400 and "datasource" in foreign.json()["errors"]
    assert api_client(stranger).get(f"{_base(other)}{mine['id']}/").status_code == 404

    empty = api_client(developer).post(
        _base(project), {"datasource": pg_source.id, "sql": "  "}, format="json"
    )
    assert empty.status_code == 400 and "sql" in empty.json()["errors"]


@pytest.mark.django_db
def test_a_standard_project_queries_development_only(project, owner, pg_source, warehouse_db):
    project_services.project_update(project=project, actor=owner, mode="standard")
    client = api_client(owner)
    refused = client.post(_base(project), {"datasource": pg_source.id, "sql": "SELECT 1"})
    assert refused.status_code == 400
    assert "no development connection" in str(refused.json()["errors"]["datasource"])
    with override_settings(WORKBENCH_DATASOURCE_ALLOW=[LOOPBACK]):
        project_services.datasource_update(
            datasource=pg_source, actor=owner, dev_config=pg_settings(warehouse_db)
        )
    assert _run(client, project, pg_source, "SELECT 1")["environment"] == "development"
