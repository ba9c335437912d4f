"""Channels and alert rules through the API: validation, secrets, permissions."""

import pytest
from rest_framework.test import APIClient

from projects import services as project_services


@pytest.fixture
def client(owner, client_for):
    return client_for(owner)


def url(project, path):
    return f"/api/v1/projects/{project.id}/alerts/{path}"


def test_webhook_to_loopback_is_refused_unless_allowed(client, project, settings, db):
    body = {"name": "hook", "kind": "webhook", "url": "http://127.0.0.1:9/hook"}
    refused = client.post(url(project, "channels/"), body, format="json")
    assert refused.status_code == 400
    assert "private or loopback" in refused.json()["errors"]["url"][0]
    settings.WEBHOOK_ALLOW = ["127.0.0.1/32"]
    created = client.post(url(project, "channels/"), {**body, "secret": "s"}, format="json")
    assert created.status_code == 201
    data = created.json()
    assert data["has_secret"] is True and "secret" not in data and data["state"] == "ok"


def test_email_channel_needs_addresses(client, project, db):
    response = client.post(
        url(project, "channels/"),
        {"name": "mail", "kind": "email", "recipients": ["not-an-address"]},
        format="json",
    )
    assert response.status_code == 400 and "recipients" in response.json()["errors"]


def test_rule_validation(client, project, db):
    channel = client.post(
        url(project, "channels/"),
        {"name": "mail", "kind": "email", "recipients": ["ops@example.com"]},
        format="json",
    ).json()
    base = {"name": "late", "events": ["deadline_missed"], "channels": [channel["id"]]}
    cases = [
        ({}, "deadline"),
        ({"deadline": "07:00", "scope": "node"}, "node"),
        ({"deadline": "07:00", "events": ["duration_exceeded"]}, "duration_factor"),
        ({"deadline": "07:00", "quiet_start": "22:00"}, "quiet_end"),
        ({"deadline": "07:00", "channels": [999999]}, "channels"),
        ({"deadline": "07:00", "events": ["nonsense"]}, "events.0"),
    ]
    for change, field in cases:
        response = client.post(url(project, "rules/"), {**base, **change}, format="json")
        assert response.status_code == 400, change
        assert field in response.json()["errors"], (change, response.json())
    ok = client.post(url(project, "rules/"), {**base, "deadline": "07:00"}, format="json")
    assert ok.status_code == 201 and ok.json()["deadline"] == "07:00"


def test_developers_cannot_manage_alerts_and_strangers_see_nothing(project, owner, make_user, db):
    developer, stranger = make_user("dev"), make_user("stranger")
    project_services.member_set(project=project, actor=owner, user=developer, role="developer")
    c = APIClient()
    c.force_authenticate(developer)
    body = {"name": "mail", "kind": "email", "recipients": ["ops@example.com"]}
    assert c.post(url(project, "channels/"), body, format="json").status_code == 403
    assert c.get(url(project, "channels/")).status_code == 200
    c.force_authenticate(stranger)
    assert c.get(url(project, "deliveries/")).status_code == 404
