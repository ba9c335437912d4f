"""Reading the tables of real engines into the catalogue, and keeping it on later reads."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import CatalogSource, CatalogTable
from projects import drivers
from projects import services as project_services

pytestmark = pytest.mark.django_db


def _tables(datasource) -> dict:
    return {
        t.qualified: t
        for t in CatalogTable.objects.filter(datasource=datasource).prefetch_related("columns")
    }


def test_postgres_tables_columns_comments_and_estimates_are_kept(pg_source, pg_database):
    _name, _params, conn = pg_database
    cursor = conn.cursor()
    cursor.execute(
        "CREATE SCHEMA ods; CREATE TABLE ods.orders (id bigint PRIMARY KEY, amount numeric(10,2));"
        "COMMENT ON TABLE ods.orders IS 'one row per order';"
        "COMMENT ON COLUMN ods.orders.amount IS 'in euros';"
        "INSERT INTO ods.orders SELECT g, g FROM generate_series(1, 500) g; ANALYZE ods.orders;"
        "CREATE TABLE customers (id int, name text);"
        "CREATE VIEW big_orders AS SELECT * FROM ods.orders WHERE amount > 100"
    )

    entry = services.source_refresh(datasource_id=pg_source.id)

    assert entry.error == "" and entry.table_count == 3
    tables = _tables(pg_source)
    assert set(tables) == {"ods.orders", "customers", "big_orders"}
    orders = tables["ods.orders"]
    assert (orders.schema, orders.name, orders.kind) == ("ods", "orders", "table")
    assert orders.comment == "one row per order" and orders.row_count == 500
    assert [(c.name, c.data_type, c.comment) for c in orders.columns.order_by("position")] == [
        ("id", "bigint", ""),
        ("amount", "numeric(10,2)", "in euros"),
    ]
    assert tables["big_orders"].kind == "view" and tables["big_orders"].row_count is None

    # A later read keeps the ids of tables that stayed, drops vanished ones, adds new columns.
    cursor.execute(
        "DROP TABLE customers; ALTER TABLE ods.orders ADD COLUMN dt date; CREATE TABLE dim (k int)"
    )
    services.source_refresh(datasource_id=pg_source.id)
    again = _tables(pg_source)
    assert set(again) == {"ods.orders", "big_orders", "dim"}
    assert again["ods.orders"].id == orders.id
    assert [c.name for c in again["ods.orders"].columns.order_by("position")] == [
        "id",
        "amount",
        "dt",
    ]


def test_mariadb_tables_are_read_with_their_comments(project, owner, mariadb, loopback_allowed):
    name, conn = mariadb
    conn.cursor().execute(
        "CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2) COMMENT 'in euros') "
        "COMMENT 'one row per order'"
    )
    conn.cursor().execute("INSERT INTO orders VALUES (1, 2.5), (2, 3.5)")
    conn.cursor().execute("CREATE VIEW v_orders AS SELECT id FROM orders")
    source = project_services.datasource_create(
        project=project,
        actor=owner,
        name="mdb",
        kind="mysql",
        config={"host": "127.0.0.1", "port": 3306, "database": name, "user": "root"},
    )

    entry = services.source_refresh(datasource_id=source.id)

    assert entry.error == "", entry.error
    tables = _tables(source)
    assert set(tables) == {"orders", "v_orders"}
    orders = tables["orders"]
    assert orders.schema == "" and orders.comment == "one row per order"
    assert orders.row_count is not None
    assert [(c.name, c.data_type, c.comment) for c in orders.columns.order_by("position")] == [
        ("id", "int(11)", ""),
        ("amount", "decimal(10,2)", "in euros"),
    ]
    assert tables["v_orders"].kind == "view"


def test_duckdb_and_sqlite_files_are_read(project, owner, warehouse):
    with drivers.connect(warehouse) as conn:
        conn.execute("CREATE SCHEMA dw; CREATE TABLE dw.sales (id INTEGER, region VARCHAR)")
        conn.execute("COMMENT ON COLUMN dw.sales.region IS 'where it was sold'")
    lite = project_services.datasource_create(
        project=project, actor=owner, name="lite", kind="sqlite", config={"path": "lite.db"}
    )
    with drivers.connect(lite) as conn:
        conn.execute("CREATE TABLE events (id INTEGER, kind TEXT)")

    services.source_refresh(datasource_id=warehouse.id)
    services.source_refresh(datasource_id=lite.id)

    sales = _tables(warehouse)["dw.sales"]
    assert [(c.name, c.data_type, c.comment) for c in sales.columns.order_by("position")] == [
        ("id", "INTEGER", ""),
        ("region", "VARCHAR", "where it was sold"),
    ]
    events = _tables(lite)["events"]
    assert [c.name for c in events.columns.order_by("position")] == ["id", "kind"]


def test_a_failed_read_keeps_the_tables_and_says_why(pg_source, pg_database, settings):
    pg_database[2].cursor().execute("CREATE TABLE kept (id int)")
    services.source_refresh(datasource_id=pg_source.id)
    settings.WORKBENCH_DATASOURCE_ALLOW = []  # the outbound guard now refuses the address

    entry = services.source_refresh(datasource_id=pg_source.id)

    assert "WORKBENCH_DATASOURCE_ALLOW" in entry.error
    assert set(_tables(pg_source)) == {"kept"}
    assert entry.refreshed_at < entry.attempted_at


def test_the_nightly_read_is_asked_once_per_day_after_the_local_time(project, warehouse, settings):
    settings.CATALOG_REFRESH_TIME = dt.time(2, 0)
    project.timezone = "Asia/Shanghai"
    project.save()
    before = dt.datetime(2026, 12, 3, 17, 30, tzinfo=dt.UTC)  # 01:30 in Shanghai
    after = before + dt.timedelta(hours=1)

    assert services.refresh_due(now=before) == []
    assert services.refresh_due(now=after) == [warehouse.id]
    assert services.refresh_due(now=after + dt.timedelta(hours=3)) == []
    assert services.refresh_due(now=after + dt.timedelta(days=1)) == [warehouse.id]
    entry = CatalogSource.objects.get(datasource=warehouse)
    assert entry.requested_at == after + dt.timedelta(days=1)


def test_archived_projects_are_not_read_at_night(project, warehouse):
    project.archived_at = timezone.now()
    project.save()
    assert services.refresh_due(now=timezone.now() + dt.timedelta(days=1)) == []


@pytest.mark.stack
def test_a_refresh_asked_through_the_api_is_read_by_a_real_worker(
    project, owner, warehouse, worker, client_for
):
    from tests.stack import wait_until

    with drivers.connect(warehouse) as conn:
        conn.execute("CREATE TABLE fresh (id INTEGER)")
    response = client_for(owner).post(
        f"/api/v1/projects/{project.id}/catalog/refresh/", {}, format="json"
    )
    assert response.status_code == 202

    entry = wait_until(
        lambda: CatalogSource.objects.filter(
            datasource=warehouse, refreshed_at__isnull=False
        ).first(),
        timeout=60,
        message="the worker's read of the warehouse",
    )
    assert entry.error == "" and entry.table_count == 1
    assert CatalogTable.objects.filter(datasource=warehouse, name="fresh").exists()


@pytest.mark.stack
def test_the_scheduler_step_sends_the_nightly_reads_to_a_real_worker(
    project, warehouse, worker, settings
):
    from catalog import tasks
    from scheduler import loop
    from tests.stack import wait_until

    assert "catalog.tasks.refresh_nightly" in loop.STEPS
    settings.CATALOG_WATCH_SECONDS = 0
    settings.CATALOG_REFRESH_TIME = dt.time(0, 0)  # passed already today

    assert tasks.refresh_nightly() == 1
    assert tasks.refresh_nightly() == 0  # asked once a day
    wait_until(
        lambda: CatalogSource.objects.filter(
            datasource=warehouse, refreshed_at__isnull=False
        ).exists(),
        timeout=60,
        message="the nightly read of the warehouse",
    )
