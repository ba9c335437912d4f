"""Cross-tenant attempts: every object endpoint answers 404 and lists never leak."""

import pytest

from projects import services
from tests import factories
from tests.projects.conftest import sql_node

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_projects(make_user):
    alice, bob = make_user("alice2"), make_user("bob2")
    mine = services.project_create(user=alice, name="mine")
    theirs = services.project_create(user=bob, name="theirs")
    objects = {}
    for project, user in ((mine, alice), (theirs, bob)):
        wf = services.workflow_create(project=project, actor=user, name="wf")
        ds = factories.duckdb_source(project, user)
        a = sql_node(project, user, wf, f"{project.name}-a", output_tables=[f"{project.name}.t"])
        b = sql_node(project, user, wf, f"{project.name}-b")
        dep = services.dependency_add(downstream=b, upstream=a, actor=user)
        objects[project.name] = {
            "project": project,
            "workflow": wf,
            "datasource": ds,
            "node": a,
            "dependency": dep,
        }
    return alice, objects


def _object_urls(project_id, o):
    node = o["node"].id
    return [
        ("get", f"/api/v1/projects/{project_id}/"),
        ("get", f"/api/v1/projects/{project_id}/workflows/{o['workflow'].id}/"),
        ("patch", f"/api/v1/projects/{project_id}/workflows/{o['workflow'].id}/"),
        ("get", f"/api/v1/projects/{project_id}/datasources/{o['datasource'].id}/"),
        ("post", f"/api/v1/projects/{project_id}/datasources/{o['datasource'].id}/test/"),
        ("get", f"/api/v1/projects/{project_id}/nodes/{node}/"),
        ("patch", f"/api/v1/projects/{project_id}/nodes/{node}/"),
        ("delete", f"/api/v1/projects/{project_id}/nodes/{node}/"),
        ("get", f"/api/v1/projects/{project_id}/nodes/{node}/versions/"),
        ("post", f"/api/v1/projects/{project_id}/nodes/{node}/deploy/"),
        ("post", f"/api/v1/projects/{project_id}/nodes/{node}/lineage/"),
        ("get", f"/api/v1/projects/{project_id}/nodes/{node}/upstreams/"),
        ("delete", f"/api/v1/projects/{project_id}/dependencies/{o['dependency'].id}/"),
        ("get", f"/api/v1/projects/{project_id}/graph/"),
        ("get", f"/api/v1/projects/{project_id}/audit/"),
    ]


def test_another_projects_objects_are_404_by_their_url_and_through_mine(two_projects, client_for):
    alice, objects = two_projects
    client = client_for(alice)
    theirs = objects["theirs"]
    mine_id = objects["mine"]["project"].id
    for method, url in _object_urls(theirs["project"].id, theirs):
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
    # their object ids under my project's URLs
    for method, url in _object_urls(mine_id, theirs)[1:]:
        if url.endswith(("/graph/", "/audit/")):
            continue
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code in (404, 400), (method, url, response.status_code)
        assert "theirs" not in response.content.decode()


def test_lists_never_show_other_projects(two_projects, client_for):
    alice, objects = two_projects
    client = client_for(alice)
    base = f"/api/v1/projects/{objects['mine']['project'].id}"
    for path in (
        "nodes/",
        "workflows/",
        "datasources/",
        "dependencies/",
        "graph/",
        "audit/",
        "members/",
    ):
        body = client.get(f"{base}/{path}").content.decode()
        assert "theirs" not in body and "bob2" not in body, path


def test_upstream_from_an_unreadable_project_is_refused(two_projects, client_for):
    alice, objects = two_projects
    mine = objects["mine"]
    response = client_for(alice).post(
        f"/api/v1/projects/{mine['project'].id}/dependencies/",
        {"upstream": objects["theirs"]["node"].id, "downstream": mine["node"].id},
        format="json",
    )
    assert response.status_code == 400
    assert "in a project you can read" in response.json()["errors"]["upstream"][0]


def test_cross_project_upstream_when_readable(two_projects, client_for):
    alice, objects = two_projects
    theirs = objects["theirs"]
    services.member_set(project=theirs["project"], actor=None, user=alice, role="viewer")
    mine = objects["mine"]
    response = client_for(alice).post(
        f"/api/v1/projects/{mine['project'].id}/dependencies/",
        {"upstream": theirs["node"].id, "downstream": mine["node"].id},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["upstream_project"] == theirs["project"].id
