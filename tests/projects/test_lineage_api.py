import pytest

from projects import services
from projects.models import Dependency
from tests.projects.conftest import sql_node

pytestmark = pytest.mark.django_db


def test_lineage_proposes_upstreams_with_table_and_line_and_applies(
    project, owner, workflow, client_for
):
    orders = sql_node(project, owner, workflow, "load_orders", output_tables=["ods.orders"])
    users = sql_node(project, owner, workflow, "load_users", output_tables=["dim.users"])
    sql_node(project, owner, workflow, "also_orders", output_tables=["ods.orders"])
    report = sql_node(
        project,
        owner,
        workflow,
        "report",
        code=(
            "insert overwrite table ads.report partition (ds='${bizdate}')\n"
            "select * from ods.orders o\n"
            "join dim.users u on u.id = o.user_id\n"
            "join ext.rates r on r.ccy = o.ccy"
        ),
    )
    client = client_for(owner)
    url = f"/api/v1/projects/{project.id}/nodes/{report.id}/lineage/"
    proposal = client.post(url, {}, format="json").json()
    edges = {(u["name"], u["table"], u["line"]) for u in proposal["upstreams"]}
    assert edges == {
        ("load_orders", "ods.orders", 2),
        ("also_orders", "ods.orders", 2),
        ("load_users", "dim.users", 3),
    }
    assert proposal["external_tables"] == ["ext.rates"]
    assert proposal["writes"] == [{"table": "ads.report", "line": 1}]
    assert any("produced by several nodes" in w for w in proposal["warnings"])
    assert Dependency.objects.filter(downstream=report).count() == 0  # a proposal writes nothing

    applied = client.post(url, {"apply": True}, format="json").json()["applied"]
    assert {d["name"] for d in applied["dependencies"]} == {
        "load_orders",
        "also_orders",
        "load_users",
    }
    assert applied["output_tables"] == ["ads.report"]
    edge = Dependency.objects.get(downstream=report, upstream=users)
    assert edge.source == {"table": "dim.users", "line": 3}
    again = client.post(url, {}, format="json").json()
    assert all(u["exists"] for u in again["upstreams"])
    assert orders.id in set(
        Dependency.objects.filter(downstream=report).values_list("upstream_id", flat=True)
    )


def test_two_nodes_writing_one_table_warns(project, owner, workflow, client_for):
    sql_node(project, owner, workflow, "first", output_tables=["dw.t"])
    second = sql_node(project, owner, workflow, "second", code="insert into dw.t select 1")
    services.node_update(node=second, actor=owner, output_tables=["dw.t"])
    proposal = (
        client_for(owner).post(f"/api/v1/projects/{project.id}/nodes/{second.id}/lineage/").json()
    )
    assert proposal["warnings"] == ["dw.t is also declared as an output of first"]
