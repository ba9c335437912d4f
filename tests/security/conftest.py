"""The security regression suite: an owner's project, one member per role and an outsider (the
shared fixtures of tests/conftest.py), plus helpers its tests share."""

import pytest

from projects import services
from projects.models import Role
from tests.factories import node


@pytest.fixture
def project_fields():
    return {"name": "sec-a", "timezone": "UTC"}


def raw_json(client, method: str, url: str, text: str):
    """Send `text` as the JSON body as it is (escapes such as \\ud800 included)."""
    return getattr(client, method)(url, data=text.encode(), content_type="application/json")


@pytest.fixture
def world(owner, project, workflow, make_user):
    """a (project A, owned by `owner`) -> secret-b (project "secret-project"), whose owner
    `b_owner` only views A; `owner` is no member of the secret project."""
    b_owner = make_user("b-owner")
    services.member_set(project=project, actor=owner, user=b_owner, role=Role.VIEWER)
    secret = services.project_create(user=b_owner, name="secret-project", timezone="UTC")
    flow = services.workflow_create(project=secret, actor=b_owner, name="flow")
    a = node(project, owner, workflow, "a", deploy=True)
    b = node(secret, b_owner, flow, "secret-b", deploy=True, upstream=[a])
    return {"a": a, "b": b, "secret": secret, "b_owner": b_owner}
