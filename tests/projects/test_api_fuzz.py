"""Property-based fuzz of the whole API from its OpenAPI schema (schemathesis), in-process.

As a member (owner) of one project and as a non-member: no 5xx anywhere, and nothing of the
other project (its name, its node, its credentials) in any response.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from projects import services
from workbench.tokens import token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
SECRET = "fuzz-secret-password-7741"
OTHER_NAME = "hidden-project-9163"


@pytest.fixture
def in_process():
    """Like Django's test client: keep the test transaction's connection open across requests."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(django_user_model, in_process):
    member = django_user_model.objects.create_user("fuzzer", password="x")
    stranger = django_user_model.objects.create_user("stranger-owner", password="x")
    mine = services.project_create(user=member, name="fuzz-mine")
    other = services.project_create(user=stranger, name=OTHER_NAME)
    workflow = services.workflow_create(project=other, actor=stranger, name="hidden-flow-5521")
    services.datasource_create(
        project=other,
        actor=stranger,
        name="hidden-ds",
        kind="postgres",
        config={"host": "h", "database": "d", "user": "u"},
        secret={"password": SECRET},
    )
    services.node_create(
        project=other, actor=stranger, name="hidden-node-3388", type="virtual", workflow=workflow
    )
    return {"token": token_create(user=member, name="fuzz")[1], "mine": mine, "other": other}


def _check(case, response, world):
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}"
    )
    body = response.get_data(as_text=True) if hasattr(response, "get_data") else response.text
    for leak in (SECRET, OTHER_NAME, "hidden-node-3388", "hidden-flow-5521"):
        assert leak not in body, f"{case.method} {case.formatted_path} leaked {leak}"


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("target", ["mine", "other"])
def test_api_fuzz(case, target, world):
    if "project_id" in (case.path_parameters or {}):
        case.path_parameters["project_id"] = world[target].id
    elif (
        case.path_parameters
        and "id" in case.path_parameters
        and case.formatted_path.startswith("/api/v1/projects/")
    ):
        case.path_parameters["id"] = world[target].id
    case.headers = {**(case.headers or {}), "Authorization": f"Token {world['token']}"}
    response = case.call()
    _check(case, response, world)
    if target == "other" and str(world["other"].id) in case.formatted_path:
        assert response.status_code in (400, 401, 404, 405), (
            case.method,
            case.formatted_path,
            response.status_code,
        )
