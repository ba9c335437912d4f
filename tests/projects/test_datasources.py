import pytest
from django.db import connection

from projects import crypto, services
from projects.drivers import connect
from projects.models import DataSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(owner, client_for):
    return client_for(owner)


def _stored_secret(datasource_id) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret_encrypted FROM projects_datasource WHERE id = %s", [datasource_id]
        )
        return cursor.fetchone()[0]


def test_credentials_are_encrypted_and_never_returned(admin, project):
    body = {
        "name": "pg",
        "kind": "postgres",
        "config": {
            "host": "127.0.0.1",
            "database": "test",
            "user": "postgres",
            "password": "hunter2-secret",
        },
    }
    created = admin.post(f"/api/v1/projects/{project.id}/datasources/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert "password" not in data["config"] and data["has_secret"] is True
    assert "hunter2" not in created.content.decode()
    stored = _stored_secret(data["id"])
    assert stored and "hunter2" not in stored
    assert crypto.decrypt_json(stored) == {"password": "hunter2-secret"}
    listed = admin.get(f"/api/v1/projects/{project.id}/datasources/").content.decode()
    audit = admin.get(f"/api/v1/projects/{project.id}/audit/").content.decode()
    assert "hunter2" not in listed and "hunter2" not in audit


def test_test_connection_answers_success_or_the_driver_error(admin, project):
    base = f"/api/v1/projects/{project.id}/datasources"
    duck = admin.post(
        f"{base}/", {"name": "wh", "kind": "duckdb", "config": {"path": "t.duckdb"}}, format="json"
    ).json()
    ok = admin.post(f"{base}/{duck['id']}/test/").json()
    assert ok["ok"] is True and ok["version"].startswith("v")
    bad = admin.post(
        f"{base}/",
        {
            "name": "down",
            "kind": "postgres",
            "config": {"host": "127.0.0.1", "port": 1, "database": "x", "user": "u"},
        },
        format="json",
    ).json()
    failed = admin.post(f"{base}/{bad['id']}/test/").json()
    assert failed["ok"] is False and "OperationalError" in failed["error"]


def test_bad_config_names_the_setting(admin, project):
    response = admin.post(
        f"/api/v1/projects/{project.id}/datasources/",
        {"name": "pg", "kind": "postgres", "config": {"host": "h", "colour": "red"}},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["config.database"] == ["required for postgres data sources"]
    assert errors["config.colour"] == ["unknown setting for postgres data sources"]


def test_key_rotation_keeps_old_secrets_readable(settings, project, owner):
    settings.WORKBENCH_SECRET_KEYS = ["old-key"]
    ds = services.datasource_create(
        project=project,
        actor=owner,
        name="pg",
        kind="postgres",
        config={"host": "h", "database": "d", "user": "u"},
        secret={"password": "p1"},
    )
    old_token = _stored_secret(ds.id)
    settings.WORKBENCH_SECRET_KEYS = ["new-key", "old-key"]
    assert crypto.decrypt_json(old_token) == {"password": "p1"}
    rotated = crypto.rotate(old_token)
    settings.WORKBENCH_SECRET_KEYS = ["new-key"]
    assert crypto.decrypt_json(rotated) == {"password": "p1"}
    with pytest.raises(Exception, match="cannot be decrypted"):
        crypto.decrypt_json(old_token)


def test_duckdb_driver_runs_sql_in_the_data_folder(project, owner, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    ds = services.datasource_create(
        project=project, actor=owner, name="wh", kind="duckdb", config={"path": "wh.duckdb"}
    )
    with connect(ds) as conn:
        conn.execute("create table t as select 42 as x")
    with connect(DataSource.objects.get(pk=ds.pk)) as conn:
        assert conn.execute("select x from t").fetchone() == (42,)
    assert (tmp_path / "wh.duckdb").exists()
