"""The plan on deploy: redeploy, undeploy and pause change the generated days; dispatch runs only
deployed nodes; the plan diff shown before a deploy."""

import datetime as dt

import pytest

from projects import services as project_services
from scheduler import dispatch, generation
from scheduler import services as scheduler_services
from scheduler.models import GenerationMark, Instance, InstanceDependency, InstanceEvent
from scheduler.transitions import transition
from tests.scheduler.conftest import wait_for_status

TOMORROW = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
DAYS = (TOMORROW, TOMORROW + dt.timedelta(days=1))


def at(day, hour, minute):
    return dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)


@pytest.fixture
def deploy(project, owner, django_capture_on_commit_callbacks):
    """Edit and deploy a node, running what the deploy does after commit (the plan)."""

    def run(node, **fields):
        if fields:
            project_services.node_update(node=node, actor=owner, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            project_services.nodes_deploy(project=project, actor=owner, items=[(node, None)])
        node.refresh_from_db()
        return node

    return run


def generate(project):
    for day in DAYS:
        generation.generate_day(day, project_ids=[project.id])
        GenerationMark.objects.create(project=project, day=day)


def slots(node):
    return {
        (i.cyctime, i.status): i
        for i in Instance.objects.filter(node=node, run_key="scheduled").select_related("version")
    }


@pytest.mark.django_db
def test_redeploy_cancels_moved_slots_and_runs_the_new_version_elsewhere(
    project, make_node, deploy
):
    node = make_node("late", cron="50 23 * * *")
    generate(project)
    done = Instance.objects.get(node=node, cyctime=at(DAYS[1], 23, 50))
    transition([done.id], "success", reason="set_success")  # finished: never touched

    deploy(node, cron="55 23 * * *")
    found = slots(node)
    today, later = DAYS
    assert set(found) == {
        (at(today, 23, 50), "cancelled"),
        (at(today, 23, 55), "pending"),
        (at(later, 23, 50), "success"),
        (at(later, 23, 55), "pending"),
    }
    assert found[at(today, 23, 55), "pending"].version.number == 2
    event = InstanceEvent.objects.get(
        instance=found[at(today, 23, 50), "cancelled"], to_status="cancelled"
    )
    assert (event.reason, event.message) == ("superseded", "superseded by version 2")

    # Back to 23:50: the cancelled slot comes back (same key), 23:55 goes.
    deploy(node, cron="50 23 * * *")
    found = slots(node)
    assert (at(today, 23, 50), "pending") in found and (at(today, 23, 55), "cancelled") in found
    assert found[at(today, 23, 50), "pending"].version_snapshot["cron"] == "50 23 * * *"


@pytest.mark.django_db
def test_unchanged_slots_run_the_new_version(project, make_node, deploy):
    node = make_node("same", cron="0 3 * * *", retries=0)
    generate(project)
    deploy(node, code="echo v2", retries=2, priority=7)
    instances = Instance.objects.filter(node=node)
    assert instances.count() == 2
    for instance in instances:
        assert instance.status == "pending" and instance.version.number == 2
        assert instance.version_snapshot["code"] == "echo v2"
        assert (instance.max_attempts, instance.priority) == (3, 7)


@pytest.mark.django_db
def test_undeploy_cancels_what_has_not_started(
    project, owner, make_node, django_capture_on_commit_callbacks
):
    node = make_node("gone", cron="0 3 * * *")
    generate(project)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.node_undeploy(node=node, actor=owner)
    assert set(Instance.objects.filter(node=node).values_list("status", "reason")) == {
        ("cancelled", "undeployed")
    }


@pytest.mark.django_db
def test_pause_freezes_and_unpause_releases_but_not_an_operators_freeze(
    project, owner, make_node, deploy
):
    node = make_node("p", cron="0 3 * * *")
    generate(project)
    held = Instance.objects.get(node=node, cyctime=at(DAYS[1], 3, 0))
    scheduler_services.instance_freeze(instance=held, actor=owner)
    deploy(node, paused=True)
    assert set(Instance.objects.filter(node=node).values_list("status", flat=True)) == {"frozen"}
    deploy(node, paused=False)
    assert dict(Instance.objects.filter(node=node).values_list("cyctime", "status")) == {
        at(DAYS[0], 3, 0): "pending",
        at(DAYS[1], 3, 0): "frozen",
    }


@pytest.mark.django_db
def test_downstream_waits_on_the_new_slot_not_the_cancelled_one(project, owner, make_node, deploy):
    up = make_node("up", cron="50 23 * * *")
    down = make_node("down", cron="0 5 * * *", upstream=[up])
    up_self = make_node("chain", cron="0 1,2 * * *")
    project_services.dependency_add(
        downstream=up_self, upstream=up_self, actor=owner, kind="self_previous_cycle"
    )
    generate(project)
    deploy(up, cron="55 23 * * *")
    for day in DAYS:
        below = Instance.objects.get(node=down, cyctime=at(day, 5, 0))
        assert list(
            InstanceDependency.objects.filter(downstream=below).values_list(
                "upstream__cyctime", "upstream__status"
            )
        ) == [(at(day, 23, 55), "pending")]
    # A self-dependent node moved to one slot a day: tomorrow's first waits on today's last.
    deploy(up_self, cron="0 2 * * *")
    first_of_later = Instance.objects.get(node=up_self, cyctime=at(DAYS[1], 2, 0))
    assert list(
        InstanceDependency.objects.filter(downstream=first_of_later).values_list(
            "upstream__cyctime", flat=True
        )
    ) == [at(DAYS[0], 2, 0)]


@pytest.mark.django_db
def test_dispatch_never_starts_an_undeployed_node(project, owner, make_node):
    node = make_node("n", cron="0 3 * * *")
    generation.generate_day(DAYS[0], project_ids=[project.id])
    instance = Instance.objects.get(node=node)
    later = at(DAYS[0], 4, 0)
    assert dispatch.ready(later) == [instance.id]
    project_services.node_undeploy(node=node, actor=owner)  # the plan is not run here
    assert not dispatch.ready(later)
    assert "its node is not deployed" in dispatch.why_waiting(instance, later)


def test_a_redeployed_and_an_undeployed_node_run_only_what_is_deployed(
    worker, project, owner, make_node, deploy
):
    moved = make_node("moved", cron="50 23 * * *")
    gone = make_node("gone", cron="0 23 * * *")
    generate(project)
    deploy(moved, cron="55 23 * * *")
    project_services.node_undeploy(node=gone, actor=owner)  # the plan follows on commit
    day = DAYS[0]
    dispatch.release(now=at(day, 23, 59))
    new = Instance.objects.get(node=moved, cyctime=at(day, 23, 55))
    wait_for_status([new.id], {"success"})
    assert Instance.objects.get(node=moved, cyctime=at(day, 23, 50)).status == "cancelled"
    assert Instance.objects.get(node=gone, cyctime=at(day, 23, 0)).status == "cancelled"
    assert (
        not InstanceEvent.objects.filter(instance__node__in=[moved, gone], to_status="queued")
        .exclude(instance=new)
        .exists()
    )


# --- the plan diff ------------------------------------------------------------------------


@pytest.fixture
def api(owner, client_for):
    return client_for(owner)


def _generate_from_today(project):
    today = dt.datetime.now(dt.UTC).date()
    for day in (today, today + dt.timedelta(days=1)):
        generation.generate_day(day, project_ids=[project.id])
        GenerationMark.objects.get_or_create(project=project, day=day)
    return today


@pytest.mark.django_db
def test_the_deploy_preview_shows_the_plan_diff(api, project, owner, make_node):
    node = make_node("late", cron="50 23 * * *", parameters={"dt": "${yyyymmdd}"})
    down = make_node("below", cron="0 5 * * *", upstream=[node])
    other = make_node("source", cron="0 1 * * *")
    today = _generate_from_today(project)
    tomorrow = today + dt.timedelta(days=1)
    project_services.node_update(
        node=node, actor=owner, cron="55 23 * * *", parameters={"dt": "$[yyyymmdd-2]"}
    )
    project_services.dependency_add(downstream=node, upstream=other, actor=owner)

    response = api.get(f"/api/v1/projects/{project.id}/nodes/{node.id}/deploy-preview/")
    assert response.status_code == 200, response.json()
    plan_ = response.json()["plan"]
    day = plan_["days"][1]
    assert (day["label"], day["generated"]) == ("tomorrow", True)
    assert day["moved"] == [
        {
            "before": at(tomorrow, 23, 50).isoformat(),
            "after": at(tomorrow, 23, 55).isoformat(),
        }
    ]
    assert day["added"] == day["removed"] == [] and day["kept"] == 0
    assert plan_["dependencies"] == {
        "added": [{"upstream": "source", "kind": "same_cycle"}],
        "removed": [],
    }
    [param] = plan_["parameters"]
    assert param["name"] == "dt"
    assert param["before"]["expression"] == "${yyyymmdd}"
    assert param["after"]["expression"] == "$[yyyymmdd-2]"
    assert param["before"]["value"] != param["after"]["value"]
    affected = {d["name"]: d["instances"] for d in plan_["downstream"]}
    assert affected["below"] >= 1 and down.id in {d["node"] for d in plan_["downstream"]}

    # The deploy stores the same diff with the deployment.
    deployed = api.post(
        f"/api/v1/projects/{project.id}/nodes/{node.id}/deploy/",
        {"message": "later"},
        format="json",
    )
    assert deployed.status_code == 200, deployed.json()
    stored = node.deployments.latest("id").plan
    assert stored["days"][1]["moved"] == day["moved"]
    assert deployed.json()["deployed"][0]["plan"]["days"][1]["moved"] == day["moved"]


@pytest.mark.django_db
def test_the_diff_of_today_counts_only_the_remaining_slots(project, owner, make_node):
    node = make_node("hourly", cron="0 * * * *")
    today = _generate_from_today(project)
    project_services.node_update(node=node, actor=owner, cron="30 * * * *", paused=True)
    node.refresh_from_db()
    from scheduler import plan

    target = node.versions.order_by("-number").first()
    now = at(today, 20, 10)
    result = plan.diff(node, target, readable={project.id}, now=now)
    day = result["days"][0]
    assert day["label"] == "today"
    # Only slots from 20:10 on: 21:00, 22:00 and 23:00 move to half past, 23:30 is new.
    hhmm = lambda values: [v[11:16] for v in values]  # noqa: E731
    assert hhmm(m["before"] for m in day["moved"]) == ["21:00", "22:00", "23:00"]
    assert hhmm(m["after"] for m in day["moved"]) == ["20:30", "21:30", "22:30"]
    assert hhmm(day["added"]) == ["23:30"] and day["removed"] == []
    undeploy = plan.diff(node, None, readable={project.id}, now=now)
    assert len(undeploy["days"][1]["removed"]) == 24
