"""Operator actions that follow dependencies into other projects act only where the caller may
operate, and graphs show only what the caller may read: one rule for runs, reruns, graphs and
backfills."""

import datetime as dt

import pytest

from projects import services
from projects.models import Role
from scheduler import generation
from scheduler.models import Instance

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def world(world, owner, project, make_user):
    """The suite's world, and: the caller operates A and only views the secret project; a
    stranger to the secret project operates A too."""
    caller = make_user("operator")
    services.member_set(project=project, actor=owner, user=caller, role=Role.OPERATOR)
    services.member_set(
        project=world["secret"], actor=world["b_owner"], user=caller, role=Role.VIEWER
    )
    stranger = make_user("stranger")
    services.member_set(project=project, actor=owner, user=stranger, role=Role.OPERATOR)
    return {**world, "caller": caller, "stranger": stranger}


def test_a_manual_run_with_downstream_stays_where_the_caller_may_operate(
    client_for, project, world
):
    response = client_for(world["caller"]).post(
        f"/api/v1/projects/{project.id}/nodes/{world['a'].id}/run/",
        {"bizdate": DAY.isoformat(), "with_downstream": True},
        format="json",
    )
    assert response.status_code == 201
    assert [i["node"] for i in response.json()] == [world["a"].id]
    assert not Instance.objects.filter(node=world["b"]).exists()


def _generated(world):
    generation.generate_day(DAY + dt.timedelta(days=1), node_ids=[world["a"].id, world["b"].id])
    Instance.objects.update(status="success")
    return {i.node_id: i for i in Instance.objects.all()}


def test_rerun_downstream_leaves_instances_of_other_projects_alone(client_for, project, world):
    instances = _generated(world)
    a, b = instances[world["a"].id], instances[world["b"].id]
    response = client_for(world["caller"]).post(
        f"/api/v1/projects/{project.id}/instances/{a.id}/rerun-downstream/"
    )
    assert response.status_code == 200
    assert response.json()["rerun"] == [a.id]
    b.refresh_from_db()
    assert b.status == "success"


def test_rerun_downstream_reaches_projects_the_caller_operates(client_for, project, world):
    instances = _generated(world)
    services.member_set(
        project=world["secret"],
        actor=world["secret"].created_by,
        user=world["caller"],
        role="operator",
    )
    a, b = instances[world["a"].id], instances[world["b"].id]
    response = client_for(world["caller"]).post(
        f"/api/v1/projects/{project.id}/instances/{a.id}/rerun-downstream/"
    )
    assert sorted(response.json()["rerun"]) == sorted([a.id, b.id])


def test_the_instance_graph_shows_only_readable_projects(client_for, project, world):
    instances = _generated(world)
    a, b = instances[world["a"].id], instances[world["b"].id]
    url = f"/api/v1/projects/{project.id}/instances/{a.id}/graph/"
    shown = client_for(world["stranger"]).get(url)
    assert shown.status_code == 200
    body = shown.json()
    assert [n["id"] for n in body["nodes"]] == [a.id]
    assert body["edges"] == [] and body["hidden"] == 1
    assert b"secret-b" not in shown.content
    # A viewer of B sees it.
    body = client_for(world["caller"]).get(url).json()
    assert sorted(n["id"] for n in body["nodes"]) == sorted([a.id, b.id])
    assert body["hidden"] == 0


def test_a_backfill_with_downstream_stays_where_the_caller_may_operate(client_for, project, world):
    response = client_for(world["caller"]).post(
        f"/api/v1/projects/{project.id}/backfills/preview/",
        {"root_nodes": [world["a"].id], "downstream": "all", "dates": [DAY.isoformat()]},
        format="json",
    )
    assert response.status_code == 200
    assert [n["id"] for n in response.json()["nodes"]] == [world["a"].id]
