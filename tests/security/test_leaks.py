"""Nothing names what the caller cannot read: nodes and projects of other projects in graphs,
edges, messages and answers. The owners of a node see that other projects depend on it and may
remove those edges, which would otherwise keep them from undeploying or deleting it."""

import pytest

from projects import services
from projects.models import AuditEntry, Dependency, Role
from tests.security.conftest import node

pytestmark = pytest.mark.django_db

SECRETS = (b"secret-b", b"secret-project")


def _clean(response):
    for secret in SECRETS:
        assert secret not in response.content, (response.request["PATH_INFO"], secret)
    return response


def test_the_graph_does_not_name_unreadable_nodes(client_for, owner, project, world):
    body = _clean(client_for(owner).get(f"/api/v1/projects/{project.id}/graph/")).json()
    assert body["external"] == [
        {"id": world["b"].id, "name": None, "project": None, "project_name": None, "workflow": None}
    ]
    # A member of both sees it named.
    body = client_for(world["b_owner"]).get(f"/api/v1/projects/{project.id}/graph/").json()
    assert body["external"][0]["name"] == "secret-b"
    assert body["external"][0]["project_name"] == "secret-project"


def test_the_owner_sees_and_removes_inbound_edges(client_for, owner, project, world):
    client = client_for(owner)
    a = world["a"]
    base = f"/api/v1/projects/{project.id}/nodes/{a.id}"
    refused = _clean(client.post(f"{base}/undeploy/"))
    assert refused.status_code == 400
    assert "1 node(s) of projects you cannot read" in refused.json()["detail"]
    assert _clean(client.delete(f"{base}/")).status_code == 400

    inbound = _clean(client.get(f"{base}/inbound/")).json()
    assert len(inbound) == 1
    edge = inbound[0]
    assert edge["readable"] is False and edge["downstream_name"] is None
    assert edge["project_name"] is None and edge["project"] is None

    assert client.delete(f"{base}/inbound/{edge['id']}/").status_code == 204
    assert not Dependency.objects.filter(pk=edge["id"]).exists()
    assert AuditEntry.objects.filter(project=world["secret"], action="delete_dependency").exists()
    assert client.post(f"{base}/undeploy/").status_code == 200
    assert client.delete(f"{base}/").status_code == 204


def test_inbound_edges_are_named_when_readable(client_for, project, world):
    response = client_for(world["b_owner"]).get(
        f"/api/v1/projects/{project.id}/nodes/{world['a'].id}/inbound/"
    )
    (edge,) = response.json()
    assert edge["readable"] and edge["downstream_name"] == "secret-b"
    assert edge["project_name"] == "secret-project"


def test_only_editors_remove_inbound_edges(client_for, project, members, world):
    edge = Dependency.objects.get(upstream=world["a"])
    url = f"/api/v1/projects/{project.id}/nodes/{world['a'].id}/inbound/{edge.id}/"
    assert client_for(members["viewer"]).delete(url).status_code == 403
    assert client_for(members["operator"]).delete(url).status_code == 403
    assert client_for(members["outsider"]).delete(url).status_code == 404
    assert client_for(members["developer"]).delete(url).status_code == 204


def test_an_edge_of_another_node_is_not_removed_through_this_one(
    client_for, owner, project, workflow, world
):
    other = node(project, owner, workflow, "other")
    edge = Dependency.objects.get(upstream=world["a"])
    response = client_for(owner).delete(
        f"/api/v1/projects/{project.id}/nodes/{other.id}/inbound/{edge.id}/"
    )
    assert response.status_code == 404
    assert Dependency.objects.filter(pk=edge.pk).exists()


def test_messages_and_answers_do_not_name_unreadable_nodes(
    client_for, owner, project, workflow, world, make_user
):
    # A loop through the secret node, closed by someone who cannot read it.
    c = node(project, owner, workflow, "c")
    bridge = make_user("bridge")
    services.member_set(project=project, actor=owner, user=bridge, role=Role.DEVELOPER)
    services.member_set(
        project=world["secret"], actor=world["b_owner"], user=bridge, role=Role.VIEWER
    )
    services.dependency_add(downstream=c, upstream=world["b"], actor=bridge)
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}"
    loop = _clean(
        client.post(
            f"{base}/dependencies/", {"upstream": c.id, "downstream": world["a"].id}, format="json"
        )
    )
    assert loop.status_code == 400
    assert "a node of a project you cannot read" in loop.json()["detail"]

    upstreams = _clean(client.get(f"{base}/nodes/{c.id}/upstreams/")).json()
    assert upstreams[0]["upstream_name"] == "a node of a project you cannot read"
    _clean(client.get(f"{base}/dependencies/"))
    _clean(client.get(f"{base}/nodes/{c.id}/deploy-preview/"))
    deployed = _clean(client.post(f"{base}/nodes/{world['a'].id}/deploy/", {}, format="json"))
    assert deployed.json()["deployed"][0]["downstream_affected"] == [
        "a node of a project you cannot read"
    ]
    services.node_undeploy(node=world["b"], actor=world["b_owner"])
    refused = _clean(client.post(f"{base}/nodes/{c.id}/deploy/", {}, format="json"))
    assert refused.status_code == 400
    assert "a node of a project you cannot read" in refused.json()["detail"]
    preview = _clean(client.get(f"{base}/nodes/{c.id}/deploy-preview/")).json()
    assert "a node of a project you cannot read" in preview["blockers"][0]


def test_project_names_do_not_reveal_other_projects(client_for, make_user, owner, project, world):
    staff = client_for(make_user("tenant-admin", is_staff=True))
    created = staff.post("/api/v1/projects/", {"name": "secret-project"}, format="json")
    assert created.status_code == 201
    mine = client_for(owner)
    clash = mine.patch(f"/api/v1/projects/{project.id}/", {"name": "secret-project"}, format="json")
    assert clash.status_code == 200  # owner is no member of the other one
    own = services.project_create(user=owner, name="second", timezone="UTC")
    clash = mine.patch(f"/api/v1/projects/{own.id}/", {"name": "secret-project"}, format="json")
    assert clash.status_code == 400
    assert "among your projects" in clash.json()["detail"]


def test_adding_members_does_not_tell_unknown_from_deactivated(
    client_for, owner, project, make_user
):
    make_user("gone", is_active=False)
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}/members/"
    answers = [
        client.post(base, {"username": name, "role": "viewer"}, format="json")
        for name in ("gone", "nobody-at-all")
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert [a.json()["errors"]["username"][0].split("'")[0] for a in answers] == [
        "no active user named ",
        "no active user named ",
    ]


def test_adding_members_is_rate_limited(client_for, owner, project, monkeypatch):
    from projects.api.views import MemberAddThrottle

    monkeypatch.setattr(MemberAddThrottle, "THROTTLE_RATES", {"member_add": "3/min"})
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}/members/"
    codes = [
        client.post(base, {"username": f"guess{i}", "role": "viewer"}, format="json").status_code
        for i in range(5)
    ]
    assert codes[:3] == [400, 400, 400] and codes[3:] == [429, 429]
