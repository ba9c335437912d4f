"""Only owners grant or take away the owner role; who may create projects is a setting."""

import pytest

from projects.models import Membership, Project, Role

pytestmark = pytest.mark.django_db


def _member(project, user):
    return Membership.objects.get(project=project, user=user)


def test_an_admin_cannot_take_the_project(client_for, project, members):
    admin, owner = members["admin"], members["owner"]
    client = client_for(admin)
    base = f"/api/v1/projects/{project.id}/members"
    attempts = [
        client.patch(f"{base}/{_member(project, admin).id}/", {"role": "owner"}, format="json"),
        client.patch(f"{base}/{_member(project, owner).id}/", {"role": "viewer"}, format="json"),
        client.delete(f"{base}/{_member(project, owner).id}/"),
        client.post(
            f"{base}/", {"username": members["viewer"].username, "role": "owner"}, format="json"
        ),
        client.post(
            f"{base}/", {"username": members["outsider"].username, "role": "owner"}, format="json"
        ),
    ]
    for response in attempts:
        assert response.status_code == 403, response.content
        assert "Only an owner" in response.json()["detail"]
    assert _member(project, owner).role == Role.OWNER
    assert _member(project, admin).role == Role.ADMIN
    assert _member(project, members["viewer"]).role == Role.VIEWER
    assert not Membership.objects.filter(project=project, user=members["outsider"]).exists()
    assert client.delete(f"/api/v1/projects/{project.id}/").status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_an_admin_still_manages_other_members(client_for, project, members):
    client = client_for(members["admin"])
    base = f"/api/v1/projects/{project.id}/members"
    viewer = _member(project, members["viewer"])
    assert (
        client.patch(f"{base}/{viewer.id}/", {"role": "developer"}, format="json").status_code
        == 200
    )
    outsider = members["outsider"].username
    added = client.post(f"{base}/", {"username": outsider, "role": "admin"}, format="json")
    assert added.status_code == 201
    assert client.delete(f"{base}/{viewer.id}/").status_code == 204


def test_an_owner_grants_and_takes_the_owner_role(client_for, project, members):
    client = client_for(members["owner"])
    base = f"/api/v1/projects/{project.id}/members"
    admin = _member(project, members["admin"])
    assert client.patch(f"{base}/{admin.id}/", {"role": "owner"}, format="json").status_code == 200
    assert client.patch(f"{base}/{admin.id}/", {"role": "admin"}, format="json").status_code == 200
    assert client.patch(f"{base}/{admin.id}/", {"role": "owner"}, format="json").status_code == 200
    assert client.delete(f"{base}/{admin.id}/").status_code == 204


def test_only_staff_create_projects_by_default(client_for, make_user, settings):
    assert settings.WORKBENCH_PROJECT_CREATORS == "staff"
    plain = client_for(make_user("plain"))
    response = plain.post("/api/v1/projects/", {"name": "mine"}, format="json")
    assert response.status_code == 403
    assert not Project.objects.filter(name="mine").exists()
    assert plain.get("/api/v1/me").json()["can_create_projects"] is False

    staff = client_for(make_user("tenant-admin", is_staff=True))
    assert staff.get("/api/v1/me").json()["can_create_projects"] is True
    created = staff.post("/api/v1/projects/", {"name": "mine"}, format="json")
    assert created.status_code == 201
    assert created.json()["role"] == "owner"


def test_everyone_may_create_projects_when_configured(client_for, make_user, settings):
    settings.WORKBENCH_PROJECT_CREATORS = "everyone"
    response = client_for(make_user("plain")).post(
        "/api/v1/projects/", {"name": "mine"}, format="json"
    )
    assert response.status_code == 201


def test_the_bootstrap_admin_may_create_projects(django_user_model):
    from projects.permissions import may_create_projects

    admin = django_user_model.objects.create_superuser("admin", password="x")
    assert may_create_projects(admin)
