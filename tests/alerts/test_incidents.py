"""Incidents: failures of one subject grouped, one recovery message, acknowledgement and mute,
with a real alert worker posting to a real HTTP receiver."""

import re

import pytest

from alerts import incidents, services
from alerts.models import Alert, Delivery, Incident
from projects.models import Node
from scheduler import generation
from scheduler.models import Instance
from scheduler.states import InstanceState as S
from scheduler.transitions import transition
from tests.alerts.test_delivery import delivered, rule_for
from tests.scheduler.conftest import yesterday


def _hourly_instances(project, make_node, name="hourly"):
    node = make_node(name, cron="0 * * * *")
    generation.generate_day(yesterday(), node_ids=[node.id])
    return node, list(Instance.objects.filter(node=node).order_by("cyctime"))


def _fail(instance):
    transition([instance.id], S.QUEUED, reason="test")
    transition([instance.id], S.FAILED, reason="error", error="boom")


def _succeed(instance):
    transition([instance.id], S.QUEUED, reason="test")
    transition([instance.id], S.SUCCESS, reason="succeeded")


@pytest.fixture
def hook(receiver, project, owner, fast_retries):
    receiver.start()
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    return rule_for(project, owner, channel, min_interval_minutes=0)


def test_repeated_failures_are_one_incident_and_its_recovery_one_message(
    hook, receiver, alert_worker, project, make_node
):
    node, runs = _hourly_instances(project, make_node)
    for instance in runs[:4]:
        _fail(instance)
    incident = Incident.objects.get()
    assert (incident.status, incident.count, incident.node_id) == ("open", 4, node.id)
    states = sorted(Alert.objects.values_list("state", flat=True))
    assert states == ["grouped", "grouped", "grouped", "sent"]
    opened = delivered(count=1)
    body = receiver.requests[0]["json"]
    assert f"#{incident.id}" in str(body) and "incidents/acknowledge?token=" in str(body)

    _succeed(runs[4])
    incident.refresh_from_db()
    assert incident.status == "resolved" and incident.resolved_at is not None
    both = delivered(count=2)
    recovery = Delivery.objects.get(event="incident_resolved")
    assert recovery.incident_id == incident.id and {d.id for d in both} >= {
        opened[0].id,
        recovery.id,
    }
    assert "recovered" in recovery.subject
    assert len(receiver.requests) == 2

    # A new failure after the recovery opens a new incident, with a message of its own.
    _fail(runs[5])
    assert Incident.objects.filter(status="open").count() == 1
    assert Incident.objects.count() == 2
    delivered(count=3)


def test_acknowledged_and_muted_incidents_stay_quiet(
    hook, receiver, alert_worker, project, make_node, owner, client_for
):
    node, runs = _hourly_instances(project, make_node)
    _fail(runs[0])
    incident = Incident.objects.get()
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}/alerts/incidents"
    listed = client.get(f"{base}/?status=open").json()
    assert [item["id"] for item in listed["results"]] == [incident.id]
    answer = client.post(
        f"{base}/{incident.id}/acknowledge/", {"note": "on it", "mute_minutes": 60}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "acknowledged" and answer.json()["acknowledged_by"]
    _fail(runs[1])
    assert Incident.objects.get().count == 2
    assert Alert.objects.filter(state="grouped").count() == 1

    # Resolved, then failing again within the mute: a new incident, still no message.
    _succeed(runs[2])
    _fail(runs[3])
    assert Incident.objects.filter(status="open").count() == 1
    assert Alert.objects.order_by("-id").first().state == "throttled"
    delivered(count=2)  # the first failure's message and the recovery
    assert Delivery.objects.count() == 2

    detail = client.get(f"{base}/{incident.id}/").json()
    kinds = [item["kind"] for item in detail["timeline"]]
    assert kinds.count("alert") == 2 and "message" in kinds

    bad = client.post(f"{base}/{incident.id}/acknowledge/", {"mute_minutes": -1}, format="json")
    assert bad.status_code == 400 and "mute_minutes" in bad.json()["errors"]


@pytest.mark.django_db(transaction=True)
def test_the_link_in_the_message_acknowledges_only_on_a_click(
    hook, project, make_node, client, owner, make_user, client_for
):
    node, runs = _hourly_instances(project, make_node)
    _fail(runs[0])
    incident = Incident.objects.get()
    url = incidents.ack_url(incident)
    path = re.sub(r"^https?://[^/]+", "", url)

    shown = client.get(path)  # a mail scanner opening the link changes nothing
    assert shown.status_code == 200 and b"Acknowledge" in shown.content
    incident.refresh_from_db()
    assert incident.status == "open"

    clicked = client.post(path)
    assert clicked.status_code == 200
    incident.refresh_from_db()
    assert incident.status == "acknowledged" and incident.acknowledged_by is None

    forged = client.post(path[:-3] + "abc")
    assert forged.status_code == 400

    viewer = make_user("incident-viewer")
    from projects import services as project_services

    project_services.member_set(project=project, actor=owner, user=viewer, role="viewer")
    base = f"/api/v1/projects/{project.id}/alerts/incidents"
    assert client_for(viewer).get(f"{base}/").status_code == 200
    refused = client_for(viewer).post(f"{base}/{incident.id}/resolve/", {}, format="json")
    assert refused.status_code == 403
    stranger = client_for(make_user("incident-stranger"))
    assert stranger.get(f"{base}/").status_code == 404


def test_quiet_hours_hold_messages_and_send_one_digest_when_they_end(
    receiver, smtp, fast_retries, alert_worker, project, owner, make_node, make_user
):
    import datetime as dt

    from django.utils import timezone

    receiver.start()
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    now = timezone.now()  # the project's zone is UTC
    start = (now - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    rule_for(
        project,
        owner,
        channel,
        quiet_start=start,
        quiet_end=end,
        min_interval_minutes=0,
        notify_owner=True,
    )
    first, runs_a = _hourly_instances(project, make_node, "first")
    second, runs_b = _hourly_instances(project, make_node, "second")
    carol = make_user("carol", email="carol@example.com")
    Node.objects.filter(pk=second.pk).update(owner=carol)
    _fail(runs_a[0])
    _fail(runs_b[0])
    assert sorted(Alert.objects.values_list("state", flat=True)) == ["quiet", "quiet"]
    assert services.send_digests(now) == 0  # still quiet
    assert Delivery.objects.count() == 0

    after = now + dt.timedelta(hours=1, minutes=5)
    assert services.send_digests(after) == 1
    assert services.send_digests(after) == 0  # held alerts go out once
    sent = delivered(count=3)  # the channel's digest, and one to each owner of their own nodes
    digest = next(d for d in sent if d.channel_id)
    assert digest.event == "digest" and "2 alert(s)" in digest.subject
    body = str(receiver.requests[0]["json"])
    assert "first" in body and "second" in body
    assert sorted(d.recipient for d in sent if not d.channel_id) == [
        "carol@example.com",
        "owner@example.com",
    ]
    mails = {recipients[0]: message for recipients, message in smtp.messages}
    assert sorted(mails) == ["carol@example.com", "owner@example.com"]
    assert "1 alert(s)" in mails["carol@example.com"]["Subject"]
    carol_body = mails["carol@example.com"].get_body(("plain",)).get_content()
    assert "second" in carol_body and "first" not in carol_body
