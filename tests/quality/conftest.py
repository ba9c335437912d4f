import pytest

from projects.drivers import connect
from tests import factories


@pytest.fixture
def project_fields():
    return {"name": "dq", "timezone": "UTC"}


@pytest.fixture
def warehouse(project, owner):
    """A DuckDB source with an empty `orders` table."""
    ds = factories.duckdb_source(project, owner)
    with connect(ds) as conn:
        conn.execute("create table orders (dt varchar, id int, customer varchar, amount int)")
        conn.commit() if hasattr(conn, "commit") else None
    return ds


def load_orders(ds, dt_value: str, rows):
    with connect(ds) as conn:
        for row in rows:
            conn.execute("insert into orders values (?, ?, ?, ?)", [dt_value, *row])
        conn.commit() if hasattr(conn, "commit") else None
