import pytest
from rest_framework.test import APIClient

from projects import services
from tests import factories


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_deploy_history_names_who_which_version_and_why(project, owner, workflow, members):
    load = factories.node(project, owner, workflow, "load", deploy=True)
    report = factories.node(project, owner, workflow, "report")
    services.node_update(node=report, actor=owner, description="second")
    services.nodes_deploy(
        project=project, actor=owner, items=[(report, 1), (load, None)], message="first report"
    )
    base = f"/api/v1/projects/{project.id}/deployments/"

    rows = _client(members["viewer"]).get(base).json()["results"]
    assert len(rows) == 3
    assert {(r["node_name"], r["version_number"], r["message"]) for r in rows[:2]} == {
        ("report", 1, "first report"),
        ("load", 1, "first report"),
    }
    assert rows[-1]["node_name"] == "load" and rows[-1]["deployed_by"] == "owner"

    only = _client(owner).get(base, {"node": report.id}).json()["results"]
    assert [(r["version_number"], r["message"]) for r in only] == [(1, "first report")]


@pytest.mark.django_db
def test_deploy_history_is_the_projects_own_and_checks_its_filter(
    project, owner, workflow, members, make_user
):
    factories.node(project, owner, workflow, "load", deploy=True)
    other = factories.project(owner, name="other", timezone="UTC")
    other_flow = services.workflow_create(project=other, actor=owner, name="flow")
    factories.node(other, owner, other_flow, "elsewhere", deploy=True)
    base = f"/api/v1/projects/{project.id}/deployments/"

    names = [r["node_name"] for r in _client(owner).get(base).json()["results"]]
    assert names == ["load"]
    bad = _client(owner).get(base, {"node": "x"})
    assert bad.status_code == 400 and "node" in bad.json()["errors"]
    assert _client(members["outsider"]).get(base).status_code == 404
