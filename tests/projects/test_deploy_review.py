"""Review before deploy: a request, its checks and diffs, a decision by another member with the
deploy right; deploy packages rolled back as one, the plan following."""

import datetime as dt

import pytest

from projects import deploy_requests
from projects import services as project_services
from projects.models import AuditEntry, DeployRequest, Node
from quality import services as quality_services
from scheduler import generation
from scheduler.models import GenerationMark, Instance
from tests.factories import api_client, duckdb_source

pytestmark = pytest.mark.django_db

TOMORROW = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


@pytest.fixture
def standard(project, owner):
    project_services.project_update(project=project, actor=owner, mode="standard")
    project.refresh_from_db()
    assert project.review_required
    return project


@pytest.fixture
def source(standard, owner):
    made = duckdb_source(standard, owner)
    project_services.datasource_update(
        datasource=made, actor=owner, dev_config={"path": "dev-warehouse.duckdb"}
    )
    return made


def _sql_node(project, actor, workflow, name, code, **fields):
    return project_services.node_create(
        project=project, actor=actor, workflow=workflow, name=name, type="sql", code=code, **fields
    )


def _submit(client, project, nodes, message="load orders daily"):
    return client.post(
        f"/api/v1/projects/{project.id}/deploy-requests/",
        {"nodes": [{"node": n.id} for n in nodes], "message": message},
        format="json",
    )


def _checks(answer, check):
    return [c for c in answer["checks"] if c["check"] == check]


def test_a_deploy_is_refused_until_another_member_approves(
    standard, source, members, workflow, django_capture_on_commit_callbacks
):
    developer, admin, owner = members["developer"], members["admin"], members["owner"]
    node = _sql_node(
        standard,
        developer,
        workflow,
        "orders",
        "INSERT INTO orders_daily SELECT * FROM ods_orders WHERE dt = '${bizdate}'",
        datasource=source,
    )
    base = f"/api/v1/projects/{standard.id}"

    direct = api_client(admin).post(f"{base}/nodes/{node.id}/deploy/", {"message": "go"})
    assert direct.status_code == 400
    assert "reviewed requests" in str(direct.json()["errors"]["nodes"])

    submitted = _submit(api_client(developer), standard, [node])
    assert submitted.status_code == 201, submitted.content
    request = submitted.json()
    assert request["status"] == "pending" and request["author"] == developer.username
    item = request["items"][0]
    assert item["version_number"] == 1 and item["previous_version_number"] is None
    assert "+INSERT INTO orders_daily" in item["diff"]["code"]
    assert "datasource_id" in item["diff"]["fields"]
    assert [c["ok"] for c in _checks(request, "parameters")] == [True]
    assert [c["ok"] for c in _checks(request, "sql")] == [True]
    tested = _checks(request, "test_run")
    assert tested[0]["ok"] is False and tested[0]["message"] == "never test-run"
    assert Node.objects.get(pk=node.pk).deployed_version_id is None

    approve = f"{base}/deploy-requests/{request['id']}/approve/"
    # A developer has no deploy right; the author may not approve their own request.
    assert api_client(developer).post(approve, {}).status_code == 403
    own = _submit(api_client(admin), standard, [node]).json()
    refused = api_client(admin).post(f"{base}/deploy-requests/{own['id']}/approve/", {})
    assert refused.status_code == 403
    assert "another member" in refused.json()["detail"]

    held = api_client(admin).post(approve, {"comment": "fine"})
    assert held.status_code == 400
    assert "give a reason" in str(held.json()["errors"]["override_reason"])
    assert Node.objects.get(pk=node.pk).deployed_version_id is None

    with django_capture_on_commit_callbacks(execute=True):
        approved = api_client(admin).post(
            approve, {"comment": "ok", "override_reason": "tried on the dev warehouse by hand"}
        )
    assert approved.status_code == 200, approved.content
    decided = approved.json()
    assert decided["status"] == "approved" and decided["reviewer"] == admin.username
    assert decided["override_reason"] == "tried on the dev warehouse by hand"
    node.refresh_from_db()
    assert node.deployed_version.number == 1
    package = api_client(owner).get(f"{base}/deploy-packages/").json()["results"][0]
    assert package["id"] == decided["package"] and package["request"] == request["id"]
    assert [d["node_name"] for d in package["deployments"]] == ["orders"]

    again = api_client(owner).post(approve, {"override_reason": "x"})
    assert again.status_code == 400
    actions = set(
        AuditEntry.objects.filter(project=standard, object_type="deployrequest").values_list(
            "action", flat=True
        )
    )
    assert {"request_deploy", "approve_deploy"} <= actions
    entry = AuditEntry.objects.get(action="approve_deploy")
    assert entry.changes["overridden"] == ["orders: test_run"]


def test_a_rejection_needs_a_comment_and_deploys_nothing(standard, source, members, workflow):
    node = _sql_node(standard, members["developer"], workflow, "n", "SELECT 1", datasource=source)
    request = _submit(api_client(members["developer"]), standard, [node]).json()
    reject = f"/api/v1/projects/{standard.id}/deploy-requests/{request['id']}/reject/"
    admin = api_client(members["admin"])
    assert admin.post(reject, {"comment": ""}).status_code == 400
    rejected = admin.post(reject, {"comment": "name the partition"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert rejected.json()["comment"] == "name the partition"
    assert Node.objects.get(pk=node.pk).deployed_version_id is None
    outsider = api_client(members["outsider"])
    assert outsider.get(f"/api/v1/projects/{standard.id}/deploy-requests/").status_code == 404


def test_checks_name_broken_parameters_sql_lineage_and_guarding_rules(
    standard, source, owner, workflow
):
    writer = _sql_node(
        standard,
        owner,
        workflow,
        "writer",
        "INSERT INTO dwd_orders SELECT 1",
        datasource=source,
        output_tables=["dwd_orders"],
    )
    twin = _sql_node(
        standard,
        owner,
        workflow,
        "twin",
        "INSERT INTO dwd_orders SELECT 2",
        datasource=source,
        output_tables=["dwd_orders"],
    )
    reader = _sql_node(
        standard, owner, workflow, "reader", "SELECT * FROM dwd_orders", datasource=source
    )
    broken = _sql_node(
        standard, owner, workflow, "broken", "SELEC x FROM WHERE (", datasource=source
    )
    unknown = _sql_node(
        standard, owner, workflow, "unknown", "SELECT '$[no_such_thing]'", datasource=source
    )
    quality_services.rule_create(
        project=standard,
        actor=owner,
        name="orders not empty",
        datasource=source,
        table="dwd_orders",
        kind="row_count",
        min_value=1,
        strength="strong",
    )
    request = deploy_requests.deploy_request_submit(
        project=standard,
        actor=owner,
        items=[(n, None) for n in (twin, reader, broken, unknown)],
        message="many",
    )
    by_node = {}
    for check in request.checks:
        by_node.setdefault(check["name"], {}).setdefault(check["check"], []).append(check)
    assert by_node["broken"]["sql"][0]["ok"] is False
    assert "does not parse as duckdb" in by_node["broken"]["sql"][0]["message"]
    assert by_node["unknown"]["parameters"][0]["ok"] is False
    assert "no_such_thing" in by_node["unknown"]["parameters"][0]["message"]
    assert "sql" not in by_node["unknown"]  # nothing to parse when it does not render
    twin_lineage = " ".join(c["message"] for c in by_node["twin"]["lineage"])
    assert "also declared as an output of writer" in twin_lineage
    reader_lineage = " ".join(c["message"] for c in by_node["reader"]["lineage"])
    assert "not an upstream" in reader_lineage and "writer" in reader_lineage
    assert "orders not empty (strong, dwd_orders)" in by_node["twin"]["quality"][0]["message"]
    assert writer.deployed_version_id is None


def test_rolling_back_a_package_restores_the_previous_versions_and_the_plan(
    standard, owner, members, workflow, django_capture_on_commit_callbacks
):
    developer, admin = members["developer"], members["admin"]

    def ship(nodes):
        request = deploy_requests.deploy_request_submit(
            project=standard, actor=developer, items=[(n, None) for n in nodes], message="ship"
        )
        with django_capture_on_commit_callbacks(execute=True):
            deploy_requests.deploy_request_approve(
                request=request, actor=admin, override_reason="virtual nodes"
            )
        request.refresh_from_db()
        return request.package

    first = project_services.node_create(
        project=standard,
        actor=developer,
        workflow=workflow,
        name="a",
        type="virtual",
        cron="30 23 * * *",
    )
    ship([first])
    first.refresh_from_db()
    project_services.node_update(node=first, actor=developer, cron="0 22 * * *")
    added = project_services.node_create(
        project=standard, actor=developer, workflow=workflow, name="b", type="virtual"
    )
    second = ship([first, added])
    generation.generate_day(TOMORROW, project_ids=[standard.id])
    GenerationMark.objects.create(project=standard, day=TOMORROW)
    pending = Instance.objects.get(node=first, run_key="scheduled", status="pending")
    assert pending.version.number == 2 and pending.version_snapshot["cron"] == "0 22 * * *"
    assert Instance.objects.filter(node=added, status="pending").exists()

    client = api_client(developer)
    rollback = f"/api/v1/projects/{standard.id}/deploy-packages/{second.id}/rollback/"
    assert client.post(rollback, {}).status_code == 403  # rolling back is a deploy
    with django_capture_on_commit_callbacks(execute=True):
        answer = api_client(admin).post(rollback, {"message": "22:00 is too early"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["rollback_of"] == second.id
    first.refresh_from_db()
    added.refresh_from_db()
    assert first.deployed_version.number == 1 and added.deployed_version_id is None
    # The plan follows: tomorrow runs version 1 at 23:30 again, and b not at all.
    live = Instance.objects.filter(node=first, run_key="scheduled", status="pending")
    assert [(i.version.number, i.version_snapshot["cron"]) for i in live] == [(1, "30 23 * * *")]
    assert not Instance.objects.filter(node=added, status="pending").exists()
    assert AuditEntry.objects.filter(action="rollback", object_id=str(second.id)).exists()

    # Rolled back already: a second rollback of it would undo the rollback unseen.
    twice = api_client(admin).post(rollback, {})
    assert twice.status_code == 400
    assert "deployed again since" in str(twice.json()["errors"]["package"])
    assert DeployRequest.objects.filter(project=standard).count() == 2


def test_the_requests_of_one_node_are_listed_for_the_studio(standard, source, members, workflow):
    developer = members["developer"]
    first = _sql_node(standard, developer, workflow, "first", "SELECT 1", datasource=source)
    second = _sql_node(standard, developer, workflow, "second", "SELECT 2", datasource=source)
    client = api_client(developer)
    both = _submit(client, standard, [first, second]).json()
    only_second = _submit(client, standard, [second]).json()
    base = f"/api/v1/projects/{standard.id}/deploy-requests/"

    def listed(query):
        answer = client.get(base + query)
        assert answer.status_code == 200, answer.content
        return [r["id"] for r in answer.json()["results"]]

    assert listed(f"?status=pending&node={first.id}") == [both["id"]]
    assert listed(f"?node={second.id}") == [only_second["id"], both["id"]]
    bad = client.get(base + "?node=x")
    assert bad.status_code == 400 and "node" in bad.json()["errors"]
