"""Inputs that cost the server too much, or that it cannot use, are a quick 400 naming the field:
SQL formatting and lineage are CPU-bounded; ids, ports and dialects are checked."""

import time

import pytest

from tests.security.conftest import node

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client_for, owner):
    return client_for(owner)


@pytest.fixture
def sql_node(project, owner, workflow):
    return node(project, owner, workflow, "q", type="sql", code="select 1")


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.mark.parametrize(
    "sql",
    [
        "select " + "(" * 3000 + "1" + ")" * 3000,
        "select " + ", ".join(f"c{i}" for i in range(450_000)) + " from t",
        "select " + ", ".join(f"c{i}" for i in range(12_000)) + " from t",
    ],
    ids=["deep", "huge", "many-tokens"],
)
def test_formatting_is_bounded(client, base, sql):
    response, seconds = _timed(
        lambda: client.post(f"{base}/authoring/format-sql/", {"sql": sql}, format="json")
    )
    assert response.status_code == 400, response.content[:200]
    assert "sql" in response.json()["errors"]
    assert seconds < 3


def test_formatting_still_formats(client, base):
    response = client.post(
        f"{base}/authoring/format-sql/",
        {"sql": "select a,b from t where dt='${bizdate}'"},
        format="json",
    )
    assert response.status_code == 200
    assert "${bizdate}" in response.json()["sql"]


def test_lineage_of_deep_nesting_answers(client, base, sql_node):
    code = "insert into out_t select * from src_t where x in " + "(" * 3000 + "1" + ")" * 3000
    response, seconds = _timed(
        lambda: client.post(
            f"{base}/nodes/{sql_node.id}/lineage-preview/", {"code": code}, format="json"
        )
    )
    assert response.status_code == 200
    assert seconds < 5
    body = response.json()
    assert [t["table"] for t in body["writes"]] == ["out_t"]


def test_lineage_of_too_much_sql_is_a_400(client, base, sql_node):
    code = "select " + ", ".join(f"c{i}" for i in range(40_000)) + " from t"
    response, seconds = _timed(
        lambda: client.post(
            f"{base}/nodes/{sql_node.id}/lineage-preview/", {"code": code}, format="json"
        )
    )
    assert response.status_code == 400
    assert "too large" in response.json()["errors"]["code"][0]
    assert seconds < 3


@pytest.mark.parametrize("dialect", ["klingon", "x" * 40])
def test_an_unknown_dialect_is_a_400(client, base, sql_node, dialect):
    for path in ("lineage-preview/", "lineage/"):
        response = client.post(
            f"{base}/nodes/{sql_node.id}/{path}", {"dialect": dialect}, format="json"
        )
        assert response.status_code == 400, path
        assert "unknown SQL dialect" in response.json()["errors"]["dialect"][0]


@pytest.mark.parametrize("body", [[], "text", {"dialect": ["x"]}, {"apply": "maybe"}])
def test_lineage_with_a_malformed_body_is_a_400(client, base, sql_node, body):
    response = client.post(f"{base}/nodes/{sql_node.id}/lineage/", body, format="json")
    assert response.status_code == 400


def test_a_canvas_key_beyond_any_id_is_a_400(client, base):
    response = client.patch(f"{base}/canvas/", {"positions": {"9" * 30: [1, 2]}}, format="json")
    assert response.status_code == 400
    assert "not a node id" in response.json()["detail"]


def test_a_channel_url_with_an_impossible_port_is_a_400(client, base):
    response = client.post(
        f"{base}/alerts/channels/",
        {"name": "hook", "kind": "webhook", "url": "https://example.com:99999/hook"},
        format="json",
    )
    assert response.status_code == 400
    assert "url" in response.json()["errors"]
