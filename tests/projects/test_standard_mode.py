"""Standard-mode projects: a development and a production connection per data source; what a
member tries uses development, what the scheduler runs uses production."""

import uuid

import psycopg2
import pytest
from django.test import override_settings

from projects import services as project_services
from projects.crypto import decrypt_json
from projects.models import DataSource, Project
from scheduler import dispatch, generation
from scheduler import services as scheduler_services
from scheduler.logs import read_log
from scheduler.models import Instance
from tests.factories import api_client, pg_settings, postgres_source
from tests.scheduler.conftest import wait_for_status, yesterday
from tests.stack import start_worker

LOOPBACK = ["127.0.0.1/32"]


@pytest.fixture
def two_databases():
    """Two databases of their own on the PostgreSQL server: development and production."""
    names = {env: f"wb_{env[:3]}_{uuid.uuid4().hex[:10]}" for env in ("development", "production")}
    admin = psycopg2.connect(**{**pg_settings("postgres"), "host": "127.0.0.1"})
    admin.autocommit = True
    for name in names.values():
        admin.cursor().execute(f"CREATE DATABASE {name}")
    yield names
    for name in names.values():
        admin.cursor().execute(f"DROP DATABASE {name} WITH (FORCE)")
    admin.close()


def _rows(database: str, sql: str) -> list:
    conn = psycopg2.connect(**pg_settings(database))
    try:
        cursor = conn.cursor()
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        conn.close()


@pytest.mark.django_db
def test_switching_to_standard_keeps_production_and_refuses_test_runs_until_development(
    owner, project, make_node
):
    source = postgres_source(project, owner, host="prod-db")
    node = make_node("load", type="sql", datasource=source, code="SELECT 1", deploy=False)
    client = api_client(owner)
    base = f"/api/v1/projects/{project.id}"

    switched = client.patch(f"{base}/", {"mode": "standard"}, format="json")
    assert switched.status_code == 200, switched.content
    assert switched.json()["mode"] == "standard" and switched.json()["review_required"] is True
    stored = DataSource.objects.get(pk=source.pk)
    assert stored.config["host"] == "prod-db" and stored.dev_config == {}
    assert decrypt_json(stored.secret_encrypted) == {"password": "p1"}

    refused = client.post(f"{base}/nodes/{node.id}/test-run/", {}, format="json")
    assert refused.status_code == 400, refused.content
    assert "pg has no development connection" in str(refused.json()["errors"]["datasource"])
    assert not Instance.objects.filter(node=node).exists()

    filled = client.patch(
        f"{base}/datasources/{source.id}/",
        {
            "dev_config": {"host": "dev-db", "database": "dev", "user": "u"},
            "dev_secret": {"password": "dev-pw"},
        },
        format="json",
    )
    assert filled.status_code == 200, filled.content
    shown = filled.json()
    assert shown["dev_config"]["host"] == "dev-db" and shown["has_dev_secret"] is True
    assert "dev-pw" not in str(shown) and "dev_secret" not in shown
    stored.refresh_from_db()
    assert decrypt_json(stored.dev_secret_encrypted) == {"password": "dev-pw"}
    assert decrypt_json(stored.secret_encrypted) == {"password": "p1"}  # production untouched

    accepted = client.post(f"{base}/nodes/{node.id}/test-run/", {}, format="json")
    assert accepted.status_code in (200, 201), accepted.content
    run = Instance.objects.get(node=node)
    assert run.run_kind == "test" and run.environment == "development"

    back = client.patch(f"{base}/", {"mode": "basic"}, format="json")
    assert back.status_code == 400 and "mode" in back.json()["errors"]


@pytest.mark.django_db
def test_the_development_connection_passes_the_address_guard(owner, project, settings):
    settings.WORKBENCH_DATASOURCE_ALLOW = []
    project_services.project_update(project=project, actor=owner, mode="standard")
    source = postgres_source(project, owner, host="prod-db")
    client = api_client(owner)
    answer = client.patch(
        f"/api/v1/projects/{project.id}/datasources/{source.id}/",
        {"dev_config": {"host": "127.0.0.1", "database": "dev", "user": "u"}},
        format="json",
    )
    assert answer.status_code == 400, answer.content
    assert "WORKBENCH_DATASOURCE_ALLOW" in str(answer.json()["errors"]["dev_config.host"])
    assert DataSource.objects.get(pk=source.pk).dev_config == {}
    untested = client.post(
        f"/api/v1/projects/{project.id}/datasources/{source.id}/test/?environment=development"
    )
    assert untested.json() == {"ok": False, "error": "no development connection is filled in"}


@pytest.mark.django_db
def test_a_basic_project_has_no_development_connection(owner, project):
    source = postgres_source(project, owner)
    answer = api_client(owner).patch(
        f"/api/v1/projects/{project.id}/datasources/{source.id}/",
        {"dev_config": {"host": "dev-db", "database": "dev", "user": "u"}},
        format="json",
    )
    assert answer.status_code == 400 and "dev_config" in answer.json()["errors"]


@pytest.mark.stack
def test_a_test_run_writes_to_development_and_a_scheduled_run_to_production(
    transactional_db, log_dir, owner, project, make_node, two_databases
):
    # Deployed directly here: review before deploy has tests of its own.
    project_services.project_update(
        project=project, actor=owner, mode="standard", review_required=False
    )
    project = Project.objects.get(pk=project.pk)
    with override_settings(WORKBENCH_DATASOURCE_ALLOW=LOOPBACK):
        source = project_services.datasource_create(
            project=project,
            actor=owner,
            name="warehouse",
            kind="postgres",
            config=pg_settings(two_databases["production"]),
            dev_config=pg_settings(two_databases["development"]),
        )
    code = (
        "CREATE TABLE IF NOT EXISTS daily (dt TEXT, n INT);\n"
        "INSERT INTO daily VALUES ('${bizdate}', 7);\n"
        "SELECT dt, n FROM daily"
    )
    node = make_node("load", type="sql", datasource=source, code=code, deploy=True)
    worker = start_worker(log_dir, WORKBENCH_DATASOURCE_ALLOW="127.0.0.1/32")
    try:
        test = scheduler_services.node_test_run(node=node, actor=owner)
        wait_for_status([test.id], {"success", "failed"}, timeout=60)
        test.refresh_from_db()
        assert test.status == "success", read_log(test.id)
        assert test.environment == "development"
        assert "development environment" in read_log(test.id)
        assert len(_rows(two_databases["development"], "SELECT * FROM daily")) == 1
        missing = _rows(two_databases["production"], "SELECT to_regclass('public.daily') IS NULL")
        assert missing == [(True,)]  # the test run never touched production

        generation.generate_day(yesterday(), node_ids=[node.id])
        scheduled = Instance.objects.get(node=node, run_kind="scheduled")
        dispatch.release()
        wait_for_status([scheduled.id], {"success", "failed"}, timeout=60)
        scheduled.refresh_from_db()
        assert scheduled.status == "success", read_log(scheduled.id)
        assert scheduled.environment == "production"
        assert "(postgres, production)" in read_log(scheduled.id)
        bizdate = scheduled.bizdate.strftime("%Y%m%d")
        assert _rows(two_databases["production"], "SELECT dt, n FROM daily") == [(bizdate, 7)]
        assert len(_rows(two_databases["development"], "SELECT * FROM daily")) == 1
    finally:
        worker.stop()


def test_a_rule_run_by_hand_measures_development_and_says_so(db, owner, project, two_databases):
    import datetime as dt

    from quality import services as quality_services

    project_services.project_update(project=project, actor=owner, mode="standard")
    project = Project.objects.get(pk=project.pk)
    for env, rows in (("development", 3), ("production", 1)):
        with psycopg2.connect(**pg_settings(two_databases[env])) as conn:  # commits on leaving
            conn.cursor().execute(f"CREATE TABLE orders AS SELECT generate_series(1, {rows}) id")
        conn.close()
    with override_settings(WORKBENCH_DATASOURCE_ALLOW=LOOPBACK):
        source = project_services.datasource_create(
            project=project,
            actor=owner,
            name="warehouse",
            kind="postgres",
            config=pg_settings(two_databases["production"]),
            dev_config=pg_settings(two_databases["development"]),
        )
        rule = quality_services.rule_create(
            project=project,
            actor=owner,
            name="orders",
            datasource=source,
            table="orders",
            kind="row_count",
            min_value=1,
            strength="weak",
        )
        # Measured here rather than on a worker: what matters is which database it reads.
        run = quality_services.request_run(rule=rule, bizdate=dt.date(2026, 5, 1), actor=owner)
        run = quality_services.run_pending(run.id)
    assert run.verdict == "passed", run.message
    assert run.environment == "development" and run.value == 3  # development's three rows

    listed = api_client(owner).get(f"/api/v1/projects/{project.id}/quality/runs/?rule={rule.id}")
    assert listed.status_code == 200, listed.content
    assert [r["environment"] for r in listed.json()["results"]] == ["development"]
