"""Request bodies and query strings: unusable text and deep nesting are a 400 that names the
place, and a request that fails leaves nothing committed."""

import pytest
from rest_framework.test import APIClient

from projects.models import CanvasLayout, DataSource, Project
from quality.models import QualityRule
from tests.security.conftest import node, raw_json

pytestmark = pytest.mark.django_db

SURROGATE = '"bad \\ud800 text"'  # valid JSON, not Unicode
NUL = '"bad \\u0000 text"'


def _datasource_body(value: str) -> str:
    return (
        '{"name": "pg", "kind": "postgres", "config": {"host": "db.example.com", '
        f'"database": {value}, "user": "u"}}}}'
    )


@pytest.mark.parametrize("value", [SURROGATE, NUL], ids=["surrogate", "nul"])
def test_unusable_text_in_a_data_source_config_is_refused_and_nothing_is_kept(
    client_for, owner, project, value
):
    client = client_for(owner)
    response = raw_json(
        client, "post", f"/api/v1/projects/{project.id}/datasources/", _datasource_body(value)
    )
    assert response.status_code == 400, response.content
    assert "config.database" in response.json()["detail"]
    assert not DataSource.objects.filter(project=project).exists()
    for path in ("datasources/", "audit/"):
        assert client.get(f"/api/v1/projects/{project.id}/{path}").status_code == 200


@pytest.mark.parametrize("value", [SURROGATE, NUL], ids=["surrogate", "nul"])
def test_unusable_text_in_a_quality_rule_is_refused(client_for, owner, project, warehouse, value):
    body = (
        f'{{"name": "set", "datasource": {warehouse.id}, "table": "orders", "kind": "value_set", '
        f'"column": "status", "allowed_values": ["paid", {value}]}}'
    )
    client = client_for(owner)
    response = raw_json(client, "post", f"/api/v1/projects/{project.id}/quality/rules/", body)
    assert response.status_code == 400, response.content
    assert "allowed_values[1]" in response.json()["detail"]
    assert not QualityRule.objects.exists()
    assert client.get(f"/api/v1/projects/{project.id}/quality/rules/").status_code == 200


def test_a_key_with_a_lone_surrogate_is_refused(client_for, owner, project):
    body = '{"name": "x", "kind": "duckdb", "config": {"\\udc00": "y"}}'
    response = raw_json(
        client_for(owner), "post", f"/api/v1/projects/{project.id}/datasources/", body
    )
    assert response.status_code == 400
    assert "a key" in response.json()["detail"]


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_json_is_a_400(client_for, owner, project, depth):
    client = client_for(owner)
    nested = "[" * depth + "]" * depth
    for path, body in (
        ("datasources/", nested),
        ("datasources/", '{"name": "x", "kind": "duckdb", "config": {"a": ' + nested + "}}"),
        ("canvas/", '{"positions": {"1": ' + nested + "}}"),
    ):
        method = "patch" if path == "canvas/" else "post"
        response = raw_json(client, method, f"/api/v1/projects/{project.id}/{path}", body)
        assert response.status_code == 400, (path, response.status_code)
        assert "nested more than" in response.json()["detail"]
    assert not CanvasLayout.objects.exists()


def test_reasonable_nesting_is_accepted(client_for, owner, project, workflow):
    target = node(project, owner, workflow, "n")
    response = client_for(owner).patch(
        f"/api/v1/projects/{project.id}/canvas/",
        {"positions": {str(target.id): [1, 2]}},
        format="json",
    )
    assert response.status_code == 200


def test_nul_in_a_query_parameter_is_a_400(client_for, owner, project):
    response = client_for(owner).get(f"/api/v1/projects/{project.id}/nodes/?search=a%00b")
    assert response.status_code == 400
    assert response.json()["errors"] == {"search": ["text must not contain NUL characters"]}


def test_only_json_bodies_are_read(client_for, owner, project):
    response = client_for(owner).post(
        f"/api/v1/projects/{project.id}/workflows/",
        data="name=flow2",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415


def test_a_stored_lone_surrogate_does_not_break_answers():
    """Rows kept from before input was checked (SQLite stores such text) are sent escaped."""
    from workbench.api.renderers import JSONRenderer

    assert (
        JSONRenderer().render({"name": "a\ud800b", "x": "中"})
        == b'{"name":"a\\ud800b","x":"\\u4e2d"}'
    )
    assert JSONRenderer().render({"x": "中"}) == '{"x":"中"}'.encode()


def test_a_request_that_fails_leaves_nothing_committed(make_user, settings, monkeypatch):
    """The project is created by its (transactional) service, then the answer fails."""
    from projects.api import views

    settings.WORKBENCH_PROJECT_CREATORS = "everyone"
    user = make_user("creator", is_staff=True)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)

    class Broken(views.s.ProjectOutputSerializer):
        @property
        def data(self):
            raise RuntimeError("the answer could not be built")

    monkeypatch.setattr(views.s, "ProjectOutputSerializer", Broken)
    response = client.post("/api/v1/projects/", {"name": "half-made"}, format="json")
    assert response.status_code == 500
    assert not Project.objects.filter(name="half-made").exists()
