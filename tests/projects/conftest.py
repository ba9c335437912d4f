import pytest
from rest_framework.test import APIClient

from projects import services
from projects.models import Role


@pytest.fixture
def owner(make_user):
    return make_user("owner")


@pytest.fixture
def project(owner):
    return services.project_create(user=owner, name="sales", timezone="Asia/Shanghai")


@pytest.fixture
def workflow(project, owner):
    return services.workflow_create(project=project, actor=owner, name="daily")


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def members(project, owner, make_user):
    """One user per role in `project`, keyed by role; plus 'outsider' (member of nothing here)."""
    users = {Role.OWNER.value: owner}
    for role in (Role.ADMIN, Role.DEVELOPER, Role.OPERATOR, Role.VIEWER):
        user = make_user(f"{role.value}-user")
        services.member_set(project=project, actor=owner, user=user, role=role)
        users[role.value] = user
    users["outsider"] = make_user("outsider")
    return users


def sql_node(project, owner, workflow, name, code="select 1", **extra):
    return services.node_create(
        project=project, actor=owner, name=name, type="sql", workflow=workflow, code=code, **extra
    )
