"""The baselines API: members with the right role manage them, everyone else is refused."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts import baselines
from projects import services as project_services
from projects.models import AuditEntry
from scheduler import generation
from scheduler.models import Instance


@pytest.fixture
def url(project):
    return f"/api/v1/projects/{project.id}/alerts/baselines/"


def test_a_baseline_is_created_listed_and_forecast(db, url, client_for, owner, make_node, project):
    load = make_node("load", cron="0 0 * * *")
    report = make_node("report", upstream=[load], cron="0 0 * * *")
    client = client_for(owner)
    made = client.post(
        url,
        {"name": "daily", "nodes": [report.id], "committed_time": "23:59", "margin_minutes": 15},
        format="json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["nodes"] == [report.id] and body["committed_time"] == "23:59"
    assert AuditEntry.objects.filter(action="baseline.create").exists()

    today = timezone.now().date()
    generation.generate_day(today, node_ids=[load.id, report.id])
    baseline = baselines.Baseline.objects.get()
    baselines.evaluate(baseline, now=timezone.now())
    [listed] = client.get(url).json()
    assert listed["latest"]["status"] in ("safe", "warning")

    forecast = client.get(f"{url}{body['id']}/forecast/?day={today}").json()
    ids = dict(Instance.objects.values_list("node_id", "id"))
    assert forecast["critical_path"] == [ids[load.id], ids[report.id]]
    assert forecast["edges"] == [[ids[load.id], ids[report.id]]]
    names = {run["node_name"]: run for run in forecast["runs"]}
    assert names["report"]["own"] and not names["load"]["own"]
    assert all(run["critical"] for run in forecast["runs"])
    assert forecast["slack_seconds"] is not None and forecast["upstream_count"] == 2

    changed = client.patch(f"{url}{body['id']}/", {"margin_minutes": 5}, format="json")
    assert changed.status_code == 200 and changed.json()["margin_minutes"] == 5
    assert client.delete(f"{url}{body['id']}/").status_code == 204


def test_bad_input_is_refused_with_its_field(
    db, url, client_for, owner, make_node, make_user, project
):
    from projects.models import Project

    node = make_node("mine")
    client = client_for(owner)
    other_project = Project.objects.create(name="elsewhere", timezone="UTC")
    foreign = make_node("foreign")
    foreign.project = other_project
    foreign.save(update_fields=["project"])
    cases = [
        ({"nodes": [], "committed_time": "08:00"}, "nodes"),
        ({"nodes": [node.id], "committed_time": "25:00"}, "committed_time"),
        ({"nodes": [node.id], "committed_time": "08:00", "margin_minutes": -1}, "margin_minutes"),
        ({"nodes": [foreign.id], "committed_time": "08:00"}, "nodes"),
    ]
    for data, field in cases:
        answer = client.post(url, {"name": "b", **data}, format="json")
        assert answer.status_code == 400, (data, answer.content)
        assert field in answer.json()["errors"], answer.json()


def test_viewers_read_and_strangers_see_nothing(
    db, url, client_for, owner, make_node, make_user, project
):
    node = make_node("mine")
    baseline = baselines.baseline_create(
        project=project, actor=owner, name="b", nodes=[node.id], committed_time=dt.time(8)
    )
    viewer = make_user("baseline-viewer")
    project_services.member_set(project=project, actor=owner, user=viewer, role="viewer")
    assert client_for(viewer).get(url).status_code == 200
    assert client_for(viewer).get(f"{url}{baseline.id}/forecast/").status_code == 200
    refused = client_for(viewer).post(
        url, {"name": "c", "nodes": [node.id], "committed_time": "08:00"}, format="json"
    )
    assert refused.status_code == 403
    stranger = client_for(make_user("baseline-stranger"))
    assert stranger.get(url).status_code == 404
    assert stranger.get(f"{url}{baseline.id}/forecast/").status_code == 404
