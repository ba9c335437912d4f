"""The permission matrix, cell by cell, through the API."""

import pytest

from projects import services
from projects.permissions import ACTIONS, MATRIX, role_can
from tests.projects.conftest import sql_node

pytestmark = pytest.mark.django_db

ROLES = ["owner", "admin", "developer", "operator", "viewer"]
EXPECTED = {
    "read": {"owner", "admin", "developer", "operator", "viewer"},
    "edit": {"owner", "admin", "developer"},
    "test_run": {"owner", "admin", "developer"},
    "operate": {"owner", "admin", "operator"},
    "manage": {"owner", "admin"},
    "deploy": {"owner", "admin"},
    "request_deploy": {"owner", "admin", "developer"},
    "delete_project": {"owner"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_matrix_cell(role, action):
    assert role_can(role, action) is (role in EXPECTED[action])


def test_every_role_and_action_is_covered():
    assert set(MATRIX) == set(ROLES)
    assert set(EXPECTED) == set(ACTIONS)
    assert not role_can(None, "read")


def _request(kind, client, project, node, n):
    base = f"/api/v1/projects/{project.id}"
    if kind == "read":
        return client.get(f"{base}/nodes/"), 200
    if kind == "edit":
        return client.post(f"{base}/workflows/", {"name": f"wf{n}"}, format="json"), 201
    if kind == "manage":
        return client.post(
            f"{base}/datasources/",
            {"name": f"ds{n}", "kind": "duckdb", "config": {"path": f"w{n}.duckdb"}},
            format="json",
        ), 201
    if kind == "deploy":
        return client.post(f"{base}/nodes/{node.id}/deploy/", {"message": "go"}, format="json"), 200
    if kind == "request_deploy":
        body = {"nodes": [{"node": node.id}], "message": "please"}
        return client.post(f"{base}/deploy-requests/", body, format="json"), 201
    if kind == "test_run":  # an ad-hoc query (stored; its run waits for the commit)
        source = project.datasources.create(name=f"q{n}", kind="duckdb", config={"path": "q.db"})
        body = {"datasource": source.id, "sql": "select 1"}
        return client.post(f"{base}/adhoc-queries/", body, format="json"), 201
    if kind == "delete_project":
        return client.delete(f"/api/v1/projects/{project.id}/"), 204
    raise AssertionError(kind)


@pytest.mark.parametrize("role", [*ROLES, "outsider", "anonymous"])
@pytest.mark.parametrize(
    "kind", ["read", "edit", "manage", "deploy", "request_deploy", "test_run", "delete_project"]
)
def test_endpoint_kind_by_role(kind, role, members, project, owner, workflow, client_for, anon):
    node = sql_node(project, owner, workflow, "n1")
    client = anon if role == "anonymous" else client_for(members[role])
    response, ok_status = _request(kind, client, project, node, 1)
    if role == "anonymous":
        assert response.status_code == 401
    elif role == "outsider":
        assert response.status_code == 404, "a non-member must not learn the project exists"
    elif role in EXPECTED[kind]:
        assert response.status_code == ok_status, response.content
    else:
        assert response.status_code == 403
        assert f"Your role ({role})" in response.json()["detail"]


def test_members_are_managed_by_admins_and_a_project_keeps_an_owner(members, project, client_for):
    admin = client_for(members["admin"])
    developer = client_for(members["developer"])
    base = f"/api/v1/projects/{project.id}/members/"
    assert (
        developer.post(base, {"username": "outsider", "role": "viewer"}, format="json").status_code
        == 403
    )
    added = admin.post(base, {"username": "outsider", "role": "viewer"}, format="json")
    assert added.status_code == 201 and added.json()["role"] == "viewer"
    owner_row = next(m for m in admin.get(base).json() if m["role"] == "owner")
    owner = client_for(members["owner"])
    refused = owner.patch(f"{base}{owner_row['id']}/", {"role": "viewer"}, format="json")
    assert refused.status_code == 400
    assert "at least one owner" in refused.json()["detail"]
    unknown = admin.post(base, {"username": "nobody", "role": "viewer"}, format="json")
    assert unknown.status_code == 400 and "username" in unknown.json()["errors"]


def test_project_list_shows_only_my_projects_with_my_role(members, project, make_user, client_for):
    other_owner = make_user("other")
    services.project_create(user=other_owner, name="secret-project")
    listed = client_for(members["viewer"]).get("/api/v1/projects/").json()
    assert [(p["name"], p["role"]) for p in listed] == [("sales", "viewer")]
    assert client_for(members["outsider"]).get("/api/v1/projects/").json() == []


@pytest.mark.parametrize("role", ROLES)
def test_project_carries_what_my_role_may_do(role, members, project, client_for):
    client = client_for(members[role])
    expected = {action: role in EXPECTED[action] for action in ACTIONS}
    listed = client.get("/api/v1/projects/").json()
    assert listed[0]["permissions"] == expected
    assert client.get(f"/api/v1/projects/{project.id}/").json()["permissions"] == expected


def test_outsider_gets_no_project_permissions(members, project, client_for):
    outsider = client_for(members["outsider"])
    assert outsider.get(f"/api/v1/projects/{project.id}/").status_code == 404
