"""The Data Map's API: search, a table's page, preview, lineage, refresh, and who may see what."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import CatalogTable
from projects import drivers
from projects import services as project_services
from projects.models import AuditEntry
from quality import services as quality_services
from scheduler.models import Instance
from scheduler.states import RunKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogued(project, owner, pg_source, pg_database):
    """ods.orders -> (node load) -> dw.sales -> (node report) -> rpt.daily, all in PostgreSQL."""
    pg_database[2].cursor().execute(
        "CREATE SCHEMA ods; CREATE SCHEMA dw; CREATE SCHEMA rpt;"
        "CREATE TABLE ods.orders (id int, customer_email text, amount numeric);"
        "COMMENT ON COLUMN ods.orders.customer_email IS 'who ordered';"
        "INSERT INTO ods.orders VALUES (1, 'a@x', 10), (2, 'b@x', 20), (3, 'c@x', 30);"
        "CREATE TABLE dw.sales (id int, amount numeric); CREATE TABLE rpt.daily (total numeric);"
        "CREATE TABLE unrelated (x int)"
    )
    services.source_refresh(datasource_id=pg_source.id)
    return {t.qualified: t for t in CatalogTable.objects.filter(datasource=pg_source)}


@pytest.fixture
def pipeline(make_node, pg_source):
    load = make_node(
        "load",
        type="sql",
        datasource=pg_source,
        code="INSERT INTO dw.sales\nSELECT id, amount FROM ods.orders",
    )
    report = make_node(
        "report",
        type="sql",
        datasource=pg_source,
        code="INSERT INTO rpt.daily SELECT sum(amount) FROM dw.sales",
    )
    draft = make_node(
        "draft",
        type="sql",
        datasource=pg_source,
        code="INSERT INTO x SELECT * FROM dw.sales",
        deploy=False,
    )
    return load, report, draft


def test_search_finds_a_table_by_a_column_and_shows_the_column(api_owner, base, catalogued):
    body = api_owner.get(f"{base}/catalog/tables/", {"q": "EMAIL"}).json()

    assert [t["qualified"] for t in body["results"]] == ["ods.orders"]
    assert body["results"][0]["matched_columns"] == [
        {"name": "customer_email", "data_type": "text", "comment": "who ordered"}
    ]
    by_name = api_owner.get(f"{base}/catalog/tables/", {"q": "sal"}).json()["results"]
    assert [t["qualified"] for t in by_name] == ["dw.sales"]
    assert by_name[0]["matched_columns"] == []
    everything = api_owner.get(f"{base}/catalog/tables/").json()
    assert everything["count"] == 4
    # two letters match table names and comments only (no trigram could find columns)
    short = api_owner.get(f"{base}/catalog/tables/", {"q": "em"}).json()
    assert short["count"] == 0, [(t["qualified"], t["comment"]) for t in short["results"]]


def test_a_broad_search_counts_its_matches_up_to_a_thousand(api_owner, base, project, warehouse):
    def tables(n, prefix):
        CatalogTable.objects.bulk_create(
            CatalogTable(
                project=project,
                datasource=warehouse,
                name=f"{prefix}_{i:04d}",
                qualified=f"{prefix}_{i:04d}",
                refreshed_at=timezone.now(),
            )
            for i in range(n)
        )

    tables(1000, "fact")
    exact = api_owner.get(f"{base}/catalog/tables/", {"q": "fact_"}).json()
    assert (exact["count"], exact["count_capped"]) == (1000, False)
    tables(5, "fact_more")
    broad = api_owner.get(f"{base}/catalog/tables/", {"q": "fact_"}).json()
    assert (broad["count"], broad["count_capped"]) == (1000, True)
    assert len(broad["results"]) == 50 and broad["results"][0]["qualified"] == "fact_0000"
    narrow = api_owner.get(f"{base}/catalog/tables/", {"q": "fact_more"}).json()
    assert (narrow["count"], narrow["count_capped"]) == (5, False)


def test_the_table_page_shows_columns_users_rules_and_the_last_writer(
    api_owner, base, project, owner, catalogued, pipeline, pg_source
):
    load, report, _draft = pipeline
    sales = catalogued["dw.sales"]
    rule = quality_services.rule_create(
        project=project,
        actor=owner,
        name="sales rows",
        datasource=pg_source,
        table="dw.sales",
        kind="row_count",
        min_value=1,
    )
    quality_services.rule_create(
        project=project,
        actor=owner,
        name="other",
        datasource=pg_source,
        table="ods.orders",
        kind="row_count",
        min_value=1,
    )
    now = timezone.now()
    for hours, kind in ((2, RunKind.SCHEDULED), (1, RunKind.TEST)):
        Instance.objects.create(
            project=project,
            node=load,
            run_kind=kind,
            run_key=f"{kind}:{hours}",
            cyctime=now - dt.timedelta(hours=hours),
            bizdate=now.date(),
            status="success",
            finished_at=now - dt.timedelta(hours=hours),
        )

    body = api_owner.get(f"{base}/catalog/tables/{sales.id}/").json()

    assert body["table"]["qualified"] == "dw.sales"
    assert [c["name"] for c in body["columns"]] == ["id", "amount"]
    assert body["writers"] == [{"node": load.id, "name": "load", "line": 1}]
    # the draft is not deployed: only what runs counts
    assert body["readers"] == [{"node": report.id, "name": "report", "line": 1}]
    assert [r["id"] for r in body["quality_rules"]] == [rule.id]
    last = body["last_writer_instance"]
    assert last["node"] == load.id and last["run_kind"] == "scheduled"


def test_the_lineage_graph_goes_up_and_down_n_levels(api_owner, base, catalogued, pipeline):
    orders = catalogued["ods.orders"]

    one = api_owner.get(f"{base}/catalog/tables/{orders.id}/lineage/", {"depth": 1}).json()
    assert {(t["name"], t["level"]) for t in one["tables"]} == {("ods.orders", 0), ("dw.sales", 1)}
    assert [(e["node_name"]) for e in one["edges"]] == ["load"]

    two = api_owner.get(f"{base}/catalog/tables/{orders.id}/lineage/", {"depth": 2}).json()
    levels = {t["name"]: t["level"] for t in two["tables"]}
    assert levels == {"ods.orders": 0, "dw.sales": 1, "rpt.daily": 2}
    daily = catalogued["rpt.daily"]
    up = api_owner.get(f"{base}/catalog/tables/{daily.id}/lineage/", {"depth": 5}).json()
    assert {t["name"]: t["level"] for t in up["tables"]} == {
        "rpt.daily": 0,
        "dw.sales": -1,
        "ods.orders": -2,
    }
    assert {t["table"] for t in up["tables"]} == {daily.id, catalogued["dw.sales"].id, orders.id}

    too_deep = api_owner.get(f"{base}/catalog/tables/{orders.id}/lineage/", {"depth": 9})
    assert too_deep.status_code == 400 and "depth" in too_deep.json()["errors"]


def test_redeploying_changes_the_lineage(api_owner, base, project, owner, catalogued, pipeline):
    load = pipeline[0]
    sales = catalogued["dw.sales"]
    assert api_owner.get(f"{base}/catalog/tables/{sales.id}/").json()["writers"]
    project_services.node_update(node=load, actor=owner, code="SELECT 1")
    project_services.nodes_deploy(project=project, actor=owner, items=[(load, None)])

    assert api_owner.get(f"{base}/catalog/tables/{sales.id}/").json()["writers"] == []


def test_preview_reads_the_first_rows_and_is_audited(api_owner, base, catalogued, project):
    orders = catalogued["ods.orders"]

    body = api_owner.get(f"{base}/catalog/tables/{orders.id}/preview/", {"limit": 2}).json()

    assert body["columns"] == ["id", "customer_email", "amount"]
    assert len(body["rows"]) == 2 and body["rows"][0][1] in ("a@x", "b@x", "c@x")
    assert AuditEntry.objects.filter(
        project=project, action="catalog_table.preview", object_id=str(orders.id)
    ).exists()
    refused = api_owner.get(f"{base}/catalog/tables/{orders.id}/preview/", {"limit": 0})
    assert refused.status_code == 400 and "limit" in refused.json()["errors"]


def test_a_slow_preview_is_stopped(pg_source, pg_database, owner):
    pg_database[2].cursor().execute("CREATE VIEW slow AS SELECT pg_sleep(30)::text AS s")
    services.source_refresh(datasource_id=pg_source.id)
    slow = CatalogTable.objects.get(datasource=pg_source, name="slow")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cancel"):
        services.table_preview(table=slow, actor=owner, timeout_seconds=1)


def test_preview_of_a_file_engine_runs_in_the_sandbox(api_owner, base, warehouse):
    with drivers.connect(warehouse) as conn:
        conn.execute("CREATE TABLE sales AS SELECT range AS id FROM range(5)")
    services.source_refresh(datasource_id=warehouse.id)
    sales = CatalogTable.objects.get(datasource=warehouse, name="sales")

    body = api_owner.get(f"{base}/catalog/tables/{sales.id}/preview/", {"limit": 3}).json()

    assert body["columns"] == ["id"] and body["rows"] == [[0], [1], [2]], body


def test_refresh_asks_the_workers_and_is_audited(api_owner, base, project, warehouse):
    response = api_owner.post(f"{base}/catalog/refresh/", {}, format="json")

    assert response.status_code == 202
    assert [(s["name"], s["refreshing"]) for s in response.json()] == [("wh", True)]
    assert AuditEntry.objects.filter(project=project, action="catalog.refresh").exists()
    wrong = api_owner.post(f"{base}/catalog/refresh/", {"datasource": 999999}, format="json")
    assert wrong.status_code == 400 and "datasource" in wrong.json()["errors"]


def test_completion_offers_the_columns_of_catalogued_tables(api_owner, base, catalogued, pg_source):
    body = api_owner.get(f"{base}/authoring/tables/", {"datasource": pg_source.id}).json()
    orders = next(t for t in body["tables"] if t["name"] == "ods.orders")
    assert [c["name"] for c in orders["columns"]] == ["id", "customer_email", "amount"]


def test_outsiders_see_nothing_and_roles_are_checked(
    project, owner, make_user, base, catalogued, client_for
):
    users = factories.members(project, owner, make_user)
    orders = catalogued["ods.orders"]
    table = f"{base}/catalog/tables/{orders.id}"
    outsider = client_for(users["outsider"])
    for url in (
        f"{base}/catalog/tables/",
        f"{table}/",
        f"{table}/preview/",
        f"{table}/lineage/",
        f"{base}/catalog/sources/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"{base}/catalog/refresh/", {}, format="json").status_code == 404

    viewer = client_for(users["viewer"])
    assert viewer.get(f"{table}/").status_code == 200
    assert viewer.get(f"{table}/preview/").status_code == 403
    assert viewer.post(f"{base}/catalog/refresh/", {}, format="json").status_code == 403
    assert client_for(users["developer"]).get(f"{table}/preview/").status_code == 200

    # a table of another project is not found through this one
    other = factories.project(users["outsider"], name="theirs")
    theirs = f"/api/v1/projects/{other.id}/catalog/tables/{orders.id}/"
    assert client_for(users["outsider"]).get(theirs).status_code == 404
