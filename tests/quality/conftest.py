import uuid

import pytest

from projects import services
from projects.drivers import connect


@pytest.fixture
def owner(make_user):
    return make_user("dq-owner")


@pytest.fixture
def project(owner):
    return services.project_create(user=owner, name="dq", timezone="UTC")


@pytest.fixture
def workflow(project, owner):
    return services.workflow_create(project=project, actor=owner, name="flow")


@pytest.fixture
def warehouse(project, owner):
    ds = services.datasource_create(
        project=project,
        actor=owner,
        name="wh",
        kind="duckdb",
        config={"path": f"dq-{uuid.uuid4().hex}.duckdb"},
    )
    with connect(ds) as conn:
        conn.execute("create table orders (dt varchar, id int, customer varchar, amount int)")
        conn.commit() if hasattr(conn, "commit") else None
    return ds


def load_orders(ds, dt_value: str, rows):
    with connect(ds) as conn:
        for row in rows:
            conn.execute("insert into orders values (?, ?, ?, ?)", [dt_value, *row])
        conn.commit() if hasattr(conn, "commit") else None


from tests.scheduler.conftest import make_node  # noqa: E402, F401 - same fixture, our project
