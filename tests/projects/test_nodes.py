import pytest

from projects import services
from projects.models import AuditEntry, Deployment, Node, NodeVersion
from tests.projects.conftest import sql_node

pytestmark = pytest.mark.django_db


def _create(admin, base, workflow, **fields):
    body = {"name": "n", "type": "sql", "workflow": workflow.id, "code": "select 1", **fields}
    return admin.post(f"{base}/nodes/", body, format="json")


@pytest.mark.parametrize(
    "fields,field,reason",
    [
        ({"cron": "61 * * * *"}, "cron", "not a valid 5-field cron"),
        ({"cron": "* * *"}, "cron", "not a valid 5-field cron"),
        ({"datasource": 999999}, "datasource", "no such data source"),
        ({"code": "x" * (1024 * 1024 + 1)}, "code", "larger than 1 MB"),
        ({"type": "java"}, "type", "not a valid choice"),
        ({"output_tables": ["ok_table", "bad table"]}, "output_tables", "is not a table name"),
        ({"parameters": {"bad key": "x"}}, "parameters", "not a valid parameter name"),
        (
            {"start_date": "2024-02-01", "end_date": "2024-01-01"},
            "end_date",
            "before the start date",
        ),
        ({"retries": -1}, "retries", "greater than or equal to 0"),
        ({"name": ""}, "name", "may not be blank"),
    ],
)
def test_node_validation_names_the_field(admin, base, workflow, fields, field, reason):
    response = _create(admin, base, workflow, **fields)
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"], body
    assert reason in body["errors"][field][0]
    assert Node.objects.count() == 0  # nothing half-made


def test_name_clash_in_the_project(admin, base, workflow):
    assert _create(admin, base, workflow, name="load").status_code == 201
    clash = _create(admin, base, workflow, name="load")
    assert clash.status_code == 400
    assert clash.json()["errors"]["name"] == ["a node named 'load' exists in this project"]


def test_data_source_of_another_project_is_unknown(admin, base, workflow, make_user):
    other = services.project_create(user=make_user("x"), name="other")
    foreign = services.datasource_create(
        project=other, actor=None, name="wh", kind="duckdb", config={"path": "o.duckdb"}
    )
    response = _create(admin, base, workflow, datasource=foreign.id)
    assert response.status_code == 400 and "datasource" in response.json()["errors"]


def test_edits_make_versions_and_diff_and_restore(admin, base, workflow):
    node = _create(admin, base, workflow, code="select 1\n", cron="0 2 * * *").json()
    url = f"{base}/nodes/{node['id']}"
    assert (
        admin.patch(f"{url}/", {"code": "select 2\n", "message": "two"}, format="json").status_code
        == 200
    )
    assert (
        admin.patch(f"{url}/", {"code": "select 2\n"}, format="json").status_code == 200
    )  # no change
    assert admin.patch(f"{url}/", {"retries": 3}, format="json").status_code == 200
    versions = admin.get(f"{url}/versions/").json()
    assert [v["number"] for v in versions] == [3, 2, 1]
    assert versions[1]["message"] == "two"

    diff = admin.get(f"{url}/versions/diff/", {"a": 1, "b": 3}).json()
    assert "-select 1" in diff["code"] and "+select 2" in diff["code"]
    assert diff["fields"] == {"retries": {"before": 0, "after": 3}}

    restored = admin.post(f"{url}/versions/1/restore/")
    assert restored.status_code == 200
    assert restored.json()["code"] == "select 1\n" and restored.json()["retries"] == 0
    assert restored.json()["latest_version"] == 4
    assert admin.get(f"{url}/versions/diff/", {"a": 1, "b": 9}).status_code == 400


def test_moving_a_node_between_workflows_keeps_its_history(admin, base, project, owner, workflow):
    other = services.workflow_create(project=project, actor=owner, name="weekly")
    node = _create(admin, base, workflow).json()
    moved = admin.patch(f"{base}/nodes/{node['id']}/", {"workflow": other.id}, format="json")
    assert moved.status_code == 200 and moved.json()["workflow"] == other.id
    assert NodeVersion.objects.filter(node_id=node["id"]).count() == 1


def test_deploy_needs_deployed_upstreams_unless_in_the_same_batch(
    admin, base, project, owner, workflow
):
    a = sql_node(project, owner, workflow, "a")
    b = sql_node(project, owner, workflow, "b")
    services.dependency_add(downstream=b, upstream=a, actor=owner)
    refused = admin.post(f"{base}/nodes/{b.id}/deploy/", {"message": "go"}, format="json")
    assert refused.status_code == 400
    assert "b depends on a, which is not deployed" in refused.json()["detail"]
    assert Deployment.objects.count() == 0

    batch = admin.post(
        f"{base}/deploy/",
        {"nodes": [{"node": b.id}, {"node": a.id}], "message": "first"},
        format="json",
    )
    assert batch.status_code == 200, batch.content
    deployed = {d["name"]: d for d in batch.json()["deployed"]}
    assert deployed["a"]["version"] == 1 and deployed["a"]["downstream_affected"] == []
    assert Node.objects.get(pk=b.pk).deployed_version.number == 1

    admin.patch(f"{base}/nodes/{a.id}/", {"code": "select 42"}, format="json")
    again = admin.post(f"{base}/nodes/{a.id}/deploy/", {"message": "v2"}, format="json").json()[
        "deployed"
    ][0]
    assert again["version"] == 2 and "+select 42" in again["changes"]["code"]

    assert admin.post(f"{base}/nodes/{a.id}/undeploy/").status_code == 400  # b still depends on it
    assert admin.post(f"{base}/nodes/{b.id}/undeploy/").status_code == 200
    assert admin.post(f"{base}/nodes/{a.id}/undeploy/").json()["deployed_version_number"] is None
    assert AuditEntry.objects.filter(action="deploy").count() == 3


def test_cycles_are_refused_with_the_loop(admin, base, project, owner, workflow):
    a, b, c = (sql_node(project, owner, workflow, n) for n in "abc")
    for up, down in ((a, b), (b, c)):
        assert (
            admin.post(
                f"{base}/dependencies/", {"upstream": up.id, "downstream": down.id}, format="json"
            ).status_code
            == 201
        )
    refused = admin.post(
        f"{base}/dependencies/", {"upstream": c.id, "downstream": a.id}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "upstream: this would close a loop: c -> a -> b -> c"
    # a previous-cycle edge cannot close a loop
    ok = admin.post(
        f"{base}/dependencies/",
        {"upstream": c.id, "downstream": a.id, "kind": "upstream_previous_cycle"},
        format="json",
    )
    assert ok.status_code == 201
    self_dep = admin.post(
        f"{base}/dependencies/",
        {"upstream": a.id, "downstream": a.id, "kind": "self_previous_cycle"},
        format="json",
    )
    assert self_dep.status_code == 201
    same = admin.post(
        f"{base}/dependencies/", {"upstream": a.id, "downstream": a.id}, format="json"
    )
    assert same.status_code == 400


def test_replace_upstreams_in_one_call(admin, base, project, owner, workflow):
    a, b, c, d = (sql_node(project, owner, workflow, n) for n in "abcd")
    url = f"{base}/nodes/{d.id}/upstreams/"
    body = {"upstreams": [{"node": a.id}, {"node": b.id}]}
    assert sorted(e["upstream_name"] for e in admin.put(url, body, format="json").json()) == [
        "a",
        "b",
    ]
    body = {"upstreams": [{"node": c.id}, {"node": d.id, "kind": "self_previous_cycle"}]}
    edges = admin.put(url, body, format="json").json()
    assert sorted((e["upstream_name"], e["kind"]) for e in edges) == [
        ("c", "same_cycle"),
        ("d", "self_previous_cycle"),
    ]
    services.dependency_add(downstream=a, upstream=d, actor=owner)
    refused = admin.put(
        f"{base}/nodes/{c.id}/upstreams/", {"upstreams": [{"node": a.id}]}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "upstream: this would close a loop: a -> c -> d -> a"


def test_graph_of_a_project_and_of_a_workflow(admin, base, project, owner, workflow):
    other = services.workflow_create(project=project, actor=owner, name="other")
    a = sql_node(project, owner, workflow, "a")
    b = sql_node(project, owner, workflow, "b")
    c = services.node_create(project=project, actor=owner, name="c", type="virtual", workflow=other)
    services.dependency_add(downstream=b, upstream=a, actor=owner)
    services.dependency_add(downstream=c, upstream=b, actor=owner)
    whole = admin.get(f"{base}/graph/").json()
    assert {n["name"] for n in whole["nodes"]} == {"a", "b", "c"}
    assert {(e["upstream"], e["downstream"]) for e in whole["edges"]} == {
        (a.id, b.id),
        (b.id, c.id),
    }
    part = admin.get(f"{base}/graph/", {"workflow": workflow.id}).json()
    assert {n["name"] for n in part["nodes"]} == {"a", "b"}
    assert [x["name"] for x in part["external"]] == ["c"]


def test_audit_lists_writes_with_filters(admin, base, project, owner, workflow):
    sql_node(project, owner, workflow, "a")
    entries = admin.get(f"{base}/audit/").json()["results"]
    assert [e["action"] for e in entries][:2] == ["create", "create"]
    nodes_only = admin.get(f"{base}/audit/", {"object_type": "node"}).json()["results"]
    assert [(e["object_repr"], e["actor"]) for e in nodes_only] == [("a", "owner")]
    assert admin.get(f"{base}/audit/", {"since": "yesterday"}).status_code == 400
