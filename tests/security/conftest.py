"""Fixtures of the security regression suite: an owner's project, one member per role and an
outsider, plus a second project the caller may or may not belong to."""

import uuid

import pytest
from rest_framework.test import APIClient

from projects import services
from projects.models import Role


@pytest.fixture
def owner(make_user):
    return make_user("sec-owner")


@pytest.fixture
def project(owner):
    return services.project_create(user=owner, name="sec-a", timezone="UTC")


@pytest.fixture
def workflow(project, owner):
    return services.workflow_create(project=project, actor=owner, name="flow")


@pytest.fixture
def members(project, owner, make_user):
    """One user per role of `project`, keyed by role; plus 'outsider' (member of nothing)."""
    users = {Role.OWNER.value: owner}
    for role in (Role.ADMIN, Role.DEVELOPER, Role.OPERATOR, Role.VIEWER):
        user = make_user(f"sec-{role.value}")
        services.member_set(project=project, actor=owner, user=user, role=role)
        users[role.value] = user
    users["outsider"] = make_user("sec-outsider")
    return users


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def warehouse(project, owner):
    return services.datasource_create(
        project=project,
        actor=owner,
        name="wh",
        kind="duckdb",
        config={"path": f"sec-{uuid.uuid4().hex}.duckdb"},
    )


def node(project, actor, workflow, name, *, type="virtual", deploy=False, upstream=(), **fields):
    created = services.node_create(
        project=project, actor=actor, name=name, type=type, workflow=workflow, **fields
    )
    for up in upstream:
        services.dependency_add(downstream=created, upstream=up, actor=actor)
    if deploy:
        services.nodes_deploy(project=project, actor=actor, items=[(created, None)])
    created.refresh_from_db()
    return created


def raw_json(client, method: str, url: str, text: str):
    """Send `text` as the JSON body as it is (escapes such as \\ud800 included)."""
    return getattr(client, method)(url, data=text.encode(), content_type="application/json")
