import pytest
from django.db import connection

from projects import crypto, services
from projects.drivers import connect
from projects.models import DataSource
from tests import factories

pytestmark = pytest.mark.django_db


def _stored_secret(datasource_id) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret_encrypted FROM projects_datasource WHERE id = %s", [datasource_id]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def local_warehouses(settings):
    """Loopback PostgreSQL data sources allowed, as an administrator would for a local one."""
    settings.WORKBENCH_DATASOURCE_ALLOW = ["127.0.0.1/32"]


def test_credentials_are_encrypted_and_never_returned(admin, project, local_warehouses):
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


def test_test_connection_answers_success_or_the_driver_error(admin, project, local_warehouses):
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
    ds = factories.postgres_source(project, owner, password="p1")
    old_token = _stored_secret(ds.id)
    settings.WORKBENCH_SECRET_KEYS = ["new-key", "old-key"]
    assert crypto.decrypt_json(old_token) == {"password": "p1"}
    rotated = crypto.rotate(old_token)
    settings.WORKBENCH_SECRET_KEYS = ["new-key"]
    assert crypto.decrypt_json(rotated) == {"password": "p1"}
    with pytest.raises(Exception, match="cannot be decrypted"):
        crypto.decrypt_json(old_token)


def test_duckdb_driver_keeps_its_file_in_the_projects_folder(project, owner, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    ds = services.datasource_create(
        project=project, actor=owner, name="wh", kind="duckdb", config={"path": "marts/wh.duckdb"}
    )
    with connect(ds) as conn:
        conn.execute("create table t as select 42 as x")
    with connect(DataSource.objects.get(pk=ds.pk)) as conn:
        assert conn.execute("select x from t").fetchone() == (42,)
    assert (tmp_path / "files" / str(project.id) / "marts" / "wh.duckdb").exists()


@pytest.mark.parametrize(
    "kind,path",
    [
        ("duckdb", "/etc/passwd"),
        ("duckdb", "../workbench.sqlite3"),
        ("sqlite", "../../workbench.sqlite3"),
        ("sqlite", "a/../../b.db"),
        ("duckdb", "~/x.duckdb"),
        ("sqlite", "./x.db"),
        ("duckdb", "dir/"),
    ],
)
def test_file_data_sources_stay_in_the_projects_folder(admin, project, kind, path):
    response = admin.post(
        f"/api/v1/projects/{project.id}/datasources/",
        {"name": "f", "kind": kind, "config": {"path": path}},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "config.path" in response.json()["errors"]


def test_a_link_out_of_the_projects_folder_is_refused_when_used(project, owner, settings, tmp_path):
    from projects.drivers import DriverError, problems
    from projects.drivers.base import project_folder

    settings.DATA_DIR = tmp_path
    (tmp_path / "workbench.sqlite3").write_text("the application's database")
    ds = services.datasource_create(
        project=project, actor=owner, name="f", kind="sqlite", config={"path": "app.db"}
    )
    folder = project_folder(project.id)
    folder.mkdir(parents=True)
    (folder / "app.db").symlink_to(tmp_path / "workbench.sqlite3")
    with pytest.raises(DriverError, match="leads out of the project's folder"), connect(ds):
        pass
    assert problems(ds) == []  # the configuration itself is fine; the link is what leads out


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "10.1.2.3", "192.168.0.5", "[::1]", "169.254.169.254"]
)
def test_network_data_sources_may_not_reach_inside(admin, project, host):
    response = admin.post(
        f"/api/v1/projects/{project.id}/datasources/",
        {"name": "pg", "kind": "postgres", "config": {"host": host, "database": "d", "user": "u"}},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "WORKBENCH_DATASOURCE_ALLOW" in response.json()["errors"]["config.host"][0]


def test_the_applications_own_database_is_never_a_data_source(
    admin, project, local_warehouses, settings
):
    app = settings.DATABASES["default"]
    if not app["ENGINE"].endswith("postgresql"):
        # The application's database is a file here: a file data source cannot name it.
        response = admin.post(
            f"/api/v1/projects/{project.id}/datasources/",
            {"name": "app", "kind": "sqlite", "config": {"path": str(app["NAME"])}},
            format="json",
        )
        assert response.status_code == 400, response.content
        assert "absolute paths" in response.json()["errors"]["config.path"][0]
        return
    config = {
        "host": app.get("HOST") or "127.0.0.1",
        "port": int(app.get("PORT") or 5432),
        "database": app["NAME"],
        "user": app.get("USER") or "postgres",
    }
    response = admin.post(
        f"/api/v1/projects/{project.id}/datasources/",
        {"name": "app", "kind": "postgres", "config": config},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "application's own database" in response.json()["errors"]["config.host"][0]


def test_an_existing_data_source_that_breaks_the_rules_is_refused_when_used(project, owner):
    from projects.drivers import DriverError, problems

    ds = DataSource.objects.create(
        project=project, name="old", kind="sqlite", config={"path": "/var/lib/secret.db"}
    )
    assert problems(ds) and "absolute paths" in problems(ds)[0]
    with pytest.raises(DriverError, match="absolute paths are not allowed"), connect(ds):
        pass
