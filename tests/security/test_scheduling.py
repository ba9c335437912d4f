"""A schedule that never fires is refused; one project's failing generation neither stops the
others nor goes unnoticed (logged, alerted, on /healthz) and is retried."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.test import Client

from alerts import services as alert_services
from alerts.models import Alert, AlertRule
from projects import services
from projects.models import NodeVersion
from scheduler import generation
from scheduler.models import GenerationFailure, GenerationMark, Instance
from tests.security.conftest import node
from workbench import health

pytestmark = pytest.mark.django_db

NEVER = "0 0 30 2 *"  # February 30th


def test_a_cron_that_never_fires_is_refused(client_for, owner, project, workflow):
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}"
    response = client.post(
        f"{base}/nodes/",
        {"name": "n", "type": "virtual", "workflow": workflow.id, "cron": NEVER},
        format="json",
    )
    assert response.status_code == 400
    assert "never fires" in response.json()["errors"]["cron"][0]
    response = client.get(f"{base}/authoring/cron/?cron={quote(NEVER)}")
    assert response.status_code == 400
    assert "never fires" in response.json()["errors"]["cron"][0]
    # A leap day is rare but comes.
    response = client.get(f"{base}/authoring/cron/?cron={quote('0 0 29 2 *')}")
    assert response.status_code == 200


def _store_cron(target, cron: str) -> None:
    """A version saved before schedules were checked (or edited behind the API's back)."""
    version = target.versions.order_by("-number").first()
    NodeVersion.objects.filter(pk=version.pk).update(snapshot={**version.snapshot, "cron": cron})


def test_deploying_a_stored_schedule_that_never_fires_is_a_400(
    client_for, owner, project, workflow
):
    target = node(project, owner, workflow, "old")
    _store_cron(target, NEVER)
    response = client_for(owner).post(
        f"/api/v1/projects/{project.id}/nodes/{target.id}/deploy/", {}, format="json"
    )
    assert response.status_code == 400
    assert "never fires" in response.json()["errors"]["nodes"][0]
    target.refresh_from_db()
    assert target.deployed_version_id is None


@pytest.fixture
def two_projects(owner, project, workflow):
    """`project` holds a node whose deployed schedule cannot be computed; `other` is healthy."""
    broken = node(project, owner, workflow, "broken", deploy=True)
    version = broken.deployed_version
    NodeVersion.objects.filter(pk=version.pk).update(
        snapshot={**version.snapshot, "cron": "61 * * * *"}
    )
    other = services.project_create(user=owner, name="sec-b", timezone="UTC")
    flow = services.workflow_create(project=other, actor=owner, name="flow")
    fine = node(other, owner, flow, "fine", deploy=True)
    GenerationMark.objects.all().delete()
    Instance.objects.all().delete()
    return broken, fine


@pytest.fixture
def watched(project, owner):
    channel = alert_services.channel_create(
        project=project, actor=owner, name="ops", kind="email", recipients=["ops@example.com"]
    )
    rule = AlertRule.objects.create(
        project=project, name="generation", events=["generation_failed"]
    )
    rule.channels.add(channel)
    return rule


def test_one_failing_project_does_not_stop_the_generation_of_the_others(
    two_projects, project, watched, monkeypatch
):
    broken, fine = two_projects
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    generation.generate_due(now)

    assert Instance.objects.filter(node=fine).count() == 1
    assert not Instance.objects.filter(node=broken).exists()
    failure = GenerationFailure.objects.get(project=project)
    assert "61 * * * *" in failure.error and failure.day == dt.date(2026, 6, 1)
    alert = Alert.objects.get(project=project, event="generation_failed")
    assert "could not be generated" in alert.context["detail"]

    # Not retried on every tick; retried once its time comes.
    generation.generate_due(now + dt.timedelta(seconds=5))
    assert GenerationFailure.objects.get(project=project).failures == 1
    generation.generate_due(failure.retry_at + dt.timedelta(seconds=1))
    assert GenerationFailure.objects.get(project=project).failures == 2
    assert Alert.objects.filter(project=project, event="generation_failed").count() == 1

    # Repaired: the next retry generates the day and the failure goes.
    version = broken.deployed_version
    NodeVersion.objects.filter(pk=version.pk).update(
        snapshot={**version.snapshot, "cron": "0 1 * * *"}
    )
    retry_at = GenerationFailure.objects.get(project=project).retry_at
    generation.generate_due(retry_at + dt.timedelta(seconds=1))
    assert not GenerationFailure.objects.exists()
    assert Instance.objects.filter(node=broken).count() == 1


@pytest.fixture
def all_up(monkeypatch):
    """The critical parts answer, whatever runs on this machine."""
    for name in ("workers", "scheduler"):
        monkeypatch.setitem(health.CHECKS, name, lambda: {"ok": True})


def test_failing_generation_shows_on_healthz_as_degraded(two_projects, project, all_up, make_user):
    generation.generate_due(dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC))
    anonymous = Client().get("/healthz")
    assert anonymous.status_code == 200
    assert anonymous.json() == {"status": "degraded"}

    staff = Client()
    staff.force_login(make_user("ops", is_staff=True))
    body = staff.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["generation"]["failing_projects"] == 1
    assert body["checks"]["generation"]["failures"][0]["project"] == project.id


def test_a_deploy_whose_generation_fails_is_kept_and_reported(
    client_for, owner, project, workflow, monkeypatch, django_capture_on_commit_callbacks
):
    """The deploy answers 200 (it is committed); the scheduler generates the day again."""
    target = node(project, owner, workflow, "n", instance_generation="immediately")
    GenerationMark.objects.create(project=project, day=dt.date.today())

    def explode(*args, **kwargs):
        raise RuntimeError("no room")

    monkeypatch.setattr(generation, "day_slots", explode)  # generation and the plan
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            f"/api/v1/projects/{project.id}/nodes/{target.id}/deploy/", {}, format="json"
        )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.deployed_version_id is not None
    assert "no room" in GenerationFailure.objects.get(project=project).error
    assert not GenerationMark.objects.filter(project=project).exists()
