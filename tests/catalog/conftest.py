import uuid

import psycopg2
import pymysql
import pytest
from django.conf import settings as django_settings

from projects import services


@pytest.fixture
def loopback_allowed(settings):
    settings.WORKBENCH_DATASOURCE_ALLOW = ["127.0.0.1/32"]


@pytest.fixture
def pg_database():
    """A PostgreSQL database of its own beside the application's (dropped afterwards)."""
    app = django_settings.DATABASES["default"]
    if not app["ENGINE"].endswith("postgresql"):
        pytest.fail("the catalogue's tests need DATABASE_URL on PostgreSQL (see .ci/run)")
    name = f"wb_src_{uuid.uuid4().hex[:10]}"
    params = {"host": app.get("HOST") or "127.0.0.1", "port": app.get("PORT") or 5432}
    params["user"] = app.get("USER") or "postgres"
    admin = psycopg2.connect(dbname="postgres", password=app.get("PASSWORD") or None, **params)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    conn = psycopg2.connect(dbname=name, password=app.get("PASSWORD") or None, **params)
    conn.autocommit = True
    yield name, params, conn
    conn.close()
    admin.cursor().execute(f"DROP DATABASE {name} WITH (FORCE)")
    admin.close()


@pytest.fixture
def pg_source(project, owner, pg_database, loopback_allowed):
    name, params, _conn = pg_database
    return services.datasource_create(
        project=project,
        actor=owner,
        name="pg",
        kind="postgres",
        config={"host": "127.0.0.1", "port": params["port"], "database": name, "user": "postgres"},
    )


@pytest.fixture
def mariadb():
    name = f"wb_{uuid.uuid4().hex[:12]}"
    try:
        admin = pymysql.connect(host="127.0.0.1", port=3306, user="root", autocommit=True)
    except pymysql.err.OperationalError as exc:
        pytest.fail(f"MariaDB must answer on 127.0.0.1:3306 (see .ci/run): {exc}")
    admin.cursor().execute(f"CREATE DATABASE {name}")
    conn = pymysql.connect(host="127.0.0.1", port=3306, user="root", database=name, autocommit=True)
    yield name, conn
    conn.close()
    admin.cursor().execute(f"DROP DATABASE {name}")
    admin.close()


@pytest.fixture
def api_owner(owner):
    from tests import factories

    return factories.api_client(owner)
