"""The Studio's helper endpoints: parameter and cron previews, SQL format, tables, deploy and
lineage previews. All read-only, all project-scoped."""

import datetime as dt

import pytest
from django.utils import timezone

from projects import services
from projects.drivers import connect
from projects.models import NodeVersion
from tests import factories
from tests.projects.conftest import sql_node

pytestmark = pytest.mark.django_db


def test_render_shows_each_parameter_and_expression_for_a_business_date(admin, base):
    code = (
        "select '${bizdate}' as b,\n"
        "       '$[yyyymmdd-1]' as d, '$[hh24miss-1/24]' as t\n"
        "from x where ds = '${mydate}' and ds2 = '${bizdate}'"
    )
    body = {
        "bizdate": "2024-03-01",
        "code": code,
        "parameters": {"mydate": "${yyyymmdd-7}", "month": "${yyyymm}"},
        "cron": "30 2 * * *",
    }
    response = admin.post(f"{base}/authoring/render/", body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    # Asia/Shanghai project: the run for 2024-03-01 is the next day's 02:30 slot
    assert data["cyctime"] == "2024-03-02 02:30:00"
    assert data["timezone"] == "Asia/Shanghai"
    assert data["parameters"] == [
        {"name": "mydate", "expression": "${yyyymmdd-7}", "value": "20240223", "error": None},
        {"name": "month", "expression": "${yyyymm}", "value": "202403", "error": None},
    ]
    values = {row["expression"]: (row["value"], row["line"]) for row in data["expressions"]}
    assert values == {
        "${bizdate}": ("20240301", 1),  # listed once, at its first line
        "$[yyyymmdd-1]": ("20240301", 2),
        "$[hh24miss-1/24]": ("013000", 2),
        "${mydate}": ("20240223", 3),
    }
    assert {r["expression"]: r["source"] for r in data["expressions"]}["${mydate}"] == "parameter"
    assert "ds = '20240223'" in data["code"] and data["error"] is None


def test_render_reports_a_bad_expression_without_failing_the_rest(admin, base):
    body = {"bizdate": "2024-01-31", "code": "select '${nope}', '${bizdate}'", "parameters": {}}
    data = admin.post(f"{base}/authoring/render/", body, format="json").json()
    rows = {row["expression"]: row for row in data["expressions"]}
    assert rows["${nope}"]["value"] is None and rows["${nope}"]["error"] == "unknown parameter"
    assert rows["${bizdate}"]["value"] == "20240131"
    assert data["code"] is None and "${nope}" in data["error"]


def test_render_defaults_to_the_nodes_saved_code_and_yesterday(
    admin, base, project, owner, workflow
):
    node = sql_node(
        project, owner, workflow, "n1", code="select '$bizdate', '$nodeid'", cron="0 5 * * *"
    )
    data = admin.post(f"{base}/authoring/render/", {"node": node.id}, format="json").json()
    shanghai_today = timezone.now().astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    assert data["bizdate"] == (shanghai_today - dt.timedelta(days=1)).isoformat()
    assert data["cyctime"].endswith("05:00:00")
    assert f"'{node.id}'" in data["code"]


def test_render_validates_its_input(admin, base):
    bad = admin.post(f"{base}/authoring/render/", {"bizdate": "yesterday"}, format="json")
    assert bad.status_code == 400 and "bizdate" in bad.json()["errors"]
    unknown = admin.post(f"{base}/authoring/render/", {"node": 999999}, format="json")
    assert unknown.status_code == 400 and "node" in unknown.json()["errors"]


def test_cron_preview_gives_the_next_times_in_the_project_zone(admin, base):
    data = admin.get(f"{base}/authoring/cron/", {"cron": "30  1 * * *"}).json()
    assert data["cron"] == "30 1 * * *"
    assert data["timezone"] == "Asia/Shanghai"
    assert data["description"] == "every day at 01:30"
    times = [dt.datetime.fromisoformat(t) for t in data["next"]]
    assert len(times) == 5
    assert all(t.utcoffset() == dt.timedelta(hours=8) for t in times)
    assert all((t.hour, t.minute) == (1, 30) for t in times)
    assert [b - a for a, b in zip(times, times[1:], strict=False)] == [dt.timedelta(days=1)] * 4
    assert times[0] > timezone.now()


def test_cron_preview_respects_start_and_end_dates(admin, base):
    start = timezone.now().date() + dt.timedelta(days=30)
    data = admin.get(
        f"{base}/authoring/cron/",
        {
            "cron": "0 0 * * *",
            "count": 10,
            "start_date": start.isoformat(),
            "end_date": (start + dt.timedelta(days=2)).isoformat(),
        },
    ).json()
    assert [t[:10] for t in data["next"]] == [
        (start + dt.timedelta(days=n)).isoformat() for n in range(3)
    ]


@pytest.mark.parametrize(
    "query,field",
    [
        ({"cron": "61 * * * *"}, "cron"),
        ({}, "cron"),
        ({"cron": "* * * * *", "count": "0"}, "count"),
        ({"cron": "* * * * *", "count": "x"}, "count"),
        ({"cron": "* * * * *", "start_date": "soon"}, "start_date"),
        ({"cron": "* * * * *", "start_date": "2024-02-01", "end_date": "2024-01-01"}, "end_date"),
    ],
)
def test_cron_preview_names_the_bad_field(admin, base, query, field):
    response = admin.get(f"{base}/authoring/cron/", query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_format_sql_upper_cases_keywords_and_keeps_parameters(admin, base):
    sql = "select a,b from t where ds='${bizdate}' and h=$[hh24miss - 1/24] and m=$[yyyymmdd-1]"
    data = admin.post(f"{base}/authoring/format-sql/", {"sql": sql}, format="json").json()
    assert data["sql"] == (
        "SELECT a,\n"
        "       b\n"
        "FROM t\n"
        "WHERE ds='${bizdate}'\n"
        "  AND h=$[hh24miss - 1/24]\n"
        "  AND m=$[yyyymmdd-1]\n"
    )
    empty = admin.post(f"{base}/authoring/format-sql/", {"sql": ""}, format="json")
    assert empty.json() == {"sql": ""}


def test_tables_lists_data_source_tables_and_declared_outputs(
    admin, base, project, owner, workflow
):
    source = factories.duckdb_source(project, owner)
    with connect(source) as conn:
        conn.execute("create table ods_orders (id int)")
    node = sql_node(project, owner, workflow, "load", output_tables=["dw.orders"])
    data = admin.get(f"{base}/authoring/tables/").json()
    assert {
        "name": "ods_orders",
        "datasource": source.id,
        "datasource_name": "wh",
        "columns": [],
    } in data["tables"]
    assert data["outputs"] == [{"name": "dw.orders", "node": node.id, "node_name": "load"}]
    one = admin.get(f"{base}/authoring/tables/", {"datasource": source.id}).json()
    assert [t["name"] for t in one["tables"]] == ["ods_orders"]
    assert admin.get(f"{base}/authoring/tables/", {"datasource": 999}).status_code == 400


def test_columns_of_a_table_are_read_from_the_data_source(
    admin, base, project, owner, client_for, make_user
):
    source = factories.duckdb_source(project, owner)
    with connect(source) as conn:
        conn.execute("create schema dw")
        conn.execute("create table ods_orders (id int, amount decimal(10,2), note varchar)")
        conn.execute("create table dw.facts (k bigint)")
    url = f"{base}/datasources/{source.id}/columns/"
    data = admin.get(url, {"table": "ods_orders"}).json()
    assert [c["name"] for c in data["columns"]] == ["id", "amount", "note"]
    assert data["columns"][0]["type"] == "INTEGER"
    assert admin.get(url, {"table": "dw.facts"}).json() == {
        "columns": [{"name": "k", "type": "BIGINT"}]
    }
    missing = admin.get(url, {"table": "nope"})
    assert missing.status_code == 400 and "nope" in str(missing.json()["errors"]["table"])
    assert "table" in admin.get(url).json()["errors"]
    outsider = make_user("outsider")
    assert client_for(outsider).get(url, {"table": "ods_orders"}).status_code == 404


def test_deploy_preview_shows_the_diff_and_the_downstream(admin, base, project, owner, workflow):
    extract = sql_node(project, owner, workflow, "extract", code="select 1")
    middle = sql_node(project, owner, workflow, "middle")
    report = sql_node(project, owner, workflow, "report")
    services.dependency_add(downstream=middle, upstream=extract, actor=owner)
    services.dependency_add(downstream=report, upstream=middle, actor=owner)

    first = admin.get(f"{base}/nodes/{extract.id}/deploy-preview/").json()
    assert first["deployed_version"] is None and first["version"] == 1
    assert first["snapshots"]["deployed"] is None
    assert first["snapshots"]["target"]["code"] == "select 1"
    assert [(d["name"], d["depth"], d["deployed"]) for d in first["downstream"]] == [
        ("middle", 1, False),
        ("report", 2, False),
    ]
    assert first["blockers"] == []

    services.nodes_deploy(project=project, actor=owner, items=[(extract, None)])
    services.node_update(node=extract, actor=owner, code="select 2", retries=3)
    second = admin.get(f"{base}/nodes/{extract.id}/deploy-preview/").json()
    assert (second["deployed_version"], second["version"], second["up_to_date"]) == (1, 2, False)
    assert "-select 1" in second["diff"]["code"] and "+select 2" in second["diff"]["code"]
    assert second["diff"]["fields"] == {"retries": {"before": 0, "after": 3}}

    same = admin.get(f"{base}/nodes/{extract.id}/deploy-preview/", {"version": 1}).json()
    assert same["up_to_date"] is True and same["diff"]["code"] == ""

    blocked = admin.get(f"{base}/nodes/{report.id}/deploy-preview/").json()
    assert blocked["blockers"] == [
        "report depends on middle, which is not deployed; deploy middle first"
    ]
    missing = admin.get(f"{base}/nodes/{extract.id}/deploy-preview/", {"version": 9})
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    assert NodeVersion.objects.filter(node=extract).count() == 2  # previews change nothing


def test_lineage_preview_reads_unsaved_code(admin, base, project, owner, workflow):
    sql_node(project, owner, workflow, "load_orders", output_tables=["ods.orders"])
    report = sql_node(project, owner, workflow, "report", code="select 1")
    url = f"{base}/nodes/{report.id}/lineage-preview/"
    data = admin.post(url, {"code": "insert into ads.r\nselect * from ods.orders"}, format="json")
    assert data.status_code == 200, data.content
    proposal = data.json()
    assert [(u["name"], u["table"], u["line"]) for u in proposal["upstreams"]] == [
        ("load_orders", "ods.orders", 2)
    ]
    assert proposal["writes"] == [{"table": "ads.r", "line": 1}]
    report.refresh_from_db()
    assert report.code == "select 1"


def test_a_viewer_may_preview_and_a_non_member_sees_nothing(
    base, project, owner, workflow, members, client_for
):
    node = sql_node(project, owner, workflow, "n")
    viewer, outsider = client_for(members["viewer"]), client_for(members["outsider"])
    calls = [
        ("post", f"{base}/authoring/render/", {"code": "select '${bizdate}'"}),
        ("get", f"{base}/authoring/cron/", {"cron": "0 0 * * *"}),
        ("post", f"{base}/authoring/format-sql/", {"sql": "select 1"}),
        ("get", f"{base}/authoring/tables/", None),
        ("get", f"{base}/nodes/{node.id}/deploy-preview/", None),
        ("post", f"{base}/nodes/{node.id}/lineage-preview/", {"code": "select 1"}),
    ]
    for method, url, body in calls:
        kwargs = {"format": "json"} if method == "post" else {}
        assert getattr(viewer, method)(url, body, **kwargs).status_code == 200, url
        assert getattr(outsider, method)(url, body, **kwargs).status_code == 404, url


def test_a_node_of_another_project_is_not_found(admin, base, make_user):
    stranger = make_user("stranger")
    other = services.project_create(user=stranger, name="other")
    flow = services.workflow_create(project=other, actor=stranger, name="f")
    hidden = sql_node(other, stranger, flow, "hidden")
    assert admin.get(f"{base}/nodes/{hidden.id}/deploy-preview/").status_code == 404
    assert admin.post(f"{base}/nodes/{hidden.id}/lineage-preview/", {}).status_code == 404
    render = admin.post(f"{base}/authoring/render/", {"node": hidden.id}, format="json")
    assert render.status_code == 400
