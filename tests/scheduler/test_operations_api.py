"""The operations center's dashboard and Gantt endpoints."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cycles import dates
from projects import services as project_services
from scheduler import generation
from scheduler.models import Instance
from scheduler.transitions import transition
from tests.factories import api_client

pytestmark = pytest.mark.django_db


def _move(instance, to, *, started=None, seconds=None, error=""):
    fields = {}
    if started is not None:
        fields["started_at"] = started
        if seconds is not None:
            fields["finished_at"] = started + dt.timedelta(seconds=seconds)
    if error:
        fields["error"] = error
    # pending -> queued -> running -> outcome, like a real run
    for step in ("queued", "running"):
        transition([instance.id], step, reason="test")
        if to == step:
            break
    if to not in ("queued", "running"):
        transition([instance.id], to, reason="test", **fields)
    elif fields:
        Instance.objects.filter(id=instance.id).update(**fields)


@pytest.fixture
def day_pipeline(make_node, project):
    """a -> b -> c daily, plus d alone; instances of two cycle dates (today and yesterday)."""
    a = make_node("a", cron="0 1 * * *")
    b = make_node("b", upstream=[a], cron="0 2 * * *")
    c = make_node("c", upstream=[b], cron="0 3 * * *")
    d = make_node("d", cron="0 4 * * *")
    today = timezone.now().date()
    for day in (today - dt.timedelta(days=1), today):
        generation.generate_day(day, project_ids=[project.id])
    bizdate = today - dt.timedelta(days=1)
    return {"nodes": (a, b, c, d), "bizdate": bizdate}


def _instance(node, bizdate):
    return Instance.objects.get(node=node, bizdate=bizdate, run_kind="scheduled")


def test_dashboard_counts_failures_running_and_history(
    day_pipeline, project, owner, django_assert_max_num_queries
):
    a, b, c, d = day_pipeline["nodes"]
    bizdate = day_pipeline["bizdate"]
    earlier = bizdate - dt.timedelta(days=1)
    t0 = timezone.now() - dt.timedelta(hours=3)
    # the day before: everything succeeded, 60 s and 120 s
    for node, seconds in ((a, 60), (b, 120), (c, 60), (d, 120)):
        _move(_instance(node, earlier), "success", started=t0, seconds=seconds)
    # today: a succeeded in 30 s, b failed, c is upstream_failed, d runs for 10 minutes now
    _move(_instance(a, bizdate), "success", started=t0, seconds=30)
    _move(_instance(b, bizdate), "failed", started=t0, seconds=5, error="boom")
    transition([_instance(c, bizdate).id], "upstream_failed", reason="test")
    _move(_instance(d, bizdate), "running", started=timezone.now() - dt.timedelta(minutes=10))

    api = api_client(owner)
    url = f"/api/v1/projects/{project.id}/operations/dashboard/"
    with django_assert_max_num_queries(12):
        data = api.get(url, {"bizdate": bizdate.isoformat()}).json()

    assert data["bizdate"] == bizdate.isoformat()
    assert data["counts"] == {"success": 1, "failed": 1, "upstream_failed": 1, "running": 1}
    assert data["total"] == 4
    assert [(r["node_name"], r["error"]) for r in data["attention"]] == [("b", "boom")]
    assert data["attention_total"] == 1
    assert [r["node_name"] for r in data["running"]] == ["d"]
    assert 590 <= data["running"][0]["elapsed_seconds"] <= 700
    assert [(r["node_name"], r["duration_seconds"]) for r in data["slowest"]] == [
        ("a", 30.0),
        ("b", 5.0),
    ]

    history = data["history"]
    assert len(history) == 14
    assert history[-1]["bizdate"] == bizdate.isoformat()
    assert history[-2]["bizdate"] == earlier.isoformat()
    assert history[-2] == {
        "bizdate": earlier.isoformat(),
        "total": 4,
        "success": 4,
        "failed": 0,
        "running": 0,
        "success_rate": 1.0,
        "avg_duration_seconds": 90.0,
        "max_duration_seconds": 120.0,
    }
    today = history[-1]
    assert (today["success"], today["failed"], today["running"]) == (1, 2, 1)
    assert today["success_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert today["avg_duration_seconds"] == 30.0
    assert history[0]["total"] == 0 and history[0]["success_rate"] is None


def test_dashboard_defaults_to_the_business_date_running_today(day_pipeline, project, owner):
    data = api_client(owner).get(f"/api/v1/projects/{project.id}/operations/dashboard/").json()
    assert data["bizdate"] == dates.business_date(timezone.now(), project.timezone).isoformat()


def test_dashboard_leaves_test_runs_out(day_pipeline, project, owner):
    a = day_pipeline["nodes"][0]
    from scheduler.services import node_test_run

    run = node_test_run(node=a, actor=owner, bizdate=day_pipeline["bizdate"])
    transition([run.id], "killed", reason="test")
    data = (
        api_client(owner)
        .get(
            f"/api/v1/projects/{project.id}/operations/dashboard/",
            {"bizdate": day_pipeline["bizdate"].isoformat()},
        )
        .json()
    )
    assert data["counts"] == {"pending": 4}


def test_gantt_rows_edges_and_filters(
    day_pipeline, project, owner, workflow, make_node, django_assert_max_num_queries
):
    a, b, c, d = day_pipeline["nodes"]
    bizdate = day_pipeline["bizdate"]
    t0 = timezone.now() - dt.timedelta(hours=2)
    _move(_instance(a, bizdate), "success", started=t0, seconds=60)
    _move(_instance(b, bizdate), "success", started=t0 + dt.timedelta(minutes=5), seconds=60)
    _move(_instance(d, bizdate), "failed", started=t0 - dt.timedelta(minutes=1), seconds=10)

    api = api_client(owner)
    url = f"/api/v1/projects/{project.id}/operations/gantt/"
    with django_assert_max_num_queries(8):
        data = api.get(url, {"bizdate": bizdate.isoformat()}).json()
    # started ones by start time, then those that have not started by cycle time
    assert [r["node_name"] for r in data["rows"]] == ["d", "a", "b", "c"]
    assert data["total"] == 4 and data["truncated"] is False
    ids = {r["node_name"]: r["id"] for r in data["rows"]}
    assert data["edges"] == [
        {"upstream": ids["a"], "downstream": ids["b"]},
        {"upstream": ids["b"], "downstream": ids["c"]},
    ]
    row_a = data["rows"][1]
    assert row_a["duration_seconds"] == 60.0 and row_a["status"] == "success"
    assert row_a["started_at"] and row_a["finished_at"] and row_a["cyctime"]

    failed = api.get(url, {"bizdate": bizdate.isoformat(), "status": "failed"}).json()
    assert [r["node_name"] for r in failed["rows"]] == ["d"] and failed["edges"] == []
    limited = api.get(url, {"bizdate": bizdate.isoformat(), "limit": 2}).json()
    assert len(limited["rows"]) == 2 and limited["truncated"] is True and limited["total"] == 4
    other = project_services.workflow_create(project=project, actor=owner, name="other")
    assert api.get(url, {"bizdate": bizdate.isoformat(), "workflow": other.id}).json()["rows"] == []
    assert len(api.get(url, {"bizdate": bizdate.isoformat(), "search": "b"}).json()["rows"]) == 1
    earlier = (bizdate - dt.timedelta(days=1)).isoformat()
    assert len(api.get(url, {"bizdate": earlier}).json()["rows"]) == 4


@pytest.mark.parametrize(
    "params, field",
    [
        ({"bizdate": "yesterday"}, "bizdate"),
        ({"run_kind": "nightly"}, "run_kind"),
        ({"status": "done"}, "status"),
        ({"workflow": "x"}, "workflow"),
        ({"limit": "0"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"backfill": "0"}, "backfill"),
        ({"run_kind": "backfill,nightly"}, "run_kind"),
    ],
)
def test_gantt_refuses_bad_filters_with_the_field(project, owner, params, field):
    response = api_client(owner).get(f"/api/v1/projects/{project.id}/operations/gantt/", params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_outsiders_get_404_and_viewers_may_read(project, owner, make_user):
    viewer = make_user("ops-viewer")
    project_services.member_set(project=project, actor=owner, user=viewer, role="viewer")
    stranger = make_user("ops-stranger")
    for name in ("dashboard", "gantt"):
        url = f"/api/v1/projects/{project.id}/operations/{name}/"
        assert api_client(viewer).get(url).status_code == 200
        assert api_client(stranger).get(url).status_code == 404
        assert APIClient().get(url).status_code in (401, 403)
        assert api_client(owner).post(url).status_code == 405


def test_gantt_edges_are_complete_when_read_in_chunks(day_pipeline, project, owner, monkeypatch):
    from scheduler import selectors

    url = f"/api/v1/projects/{project.id}/operations/gantt/"
    params = {"bizdate": day_pipeline["bizdate"].isoformat()}
    whole = api_client(owner).get(url, params).json()["edges"]
    monkeypatch.setattr(selectors, "EDGE_CHUNK", 1)
    assert api_client(owner).get(url, params).json()["edges"] == whole
    assert len(whole) == 2
