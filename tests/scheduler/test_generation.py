"""Instance generation: DataWorks' mixed-cycle rules, self dependency, DST days, deploy hooks."""

import datetime as dt
import zoneinfo

import pytest

from projects import services as project_services
from projects.models import Node
from scheduler import generation, generation_sql
from scheduler.generation import match_cycles
from scheduler.models import Instance, InstanceDependency

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 7, 2)
DAY_2 = DAY + dt.timedelta(days=1)


def t(hour, minute=0):
    return dt.datetime(2024, 7, 2, hour, minute, tzinfo=dt.UTC)


def ids(pairs):
    return sorted(pairs)


def test_daily_upstream_of_hourly_downstream():
    assert ids(match_cycles([(t(1), 1)], [(t(h), 100 + h) for h in range(24)])) == [
        (1, 100 + h) for h in range(24)
    ]


def test_hourly_upstream_of_daily_downstream():
    assert ids(match_cycles([(t(h), h) for h in range(24)], [(t(5), 99)])) == [
        (h, 99) for h in range(24)
    ]


def test_hourly_to_hourly_is_one_to_one():
    up = [(t(h), h) for h in range(24)]
    down = [(t(h), 100 + h) for h in range(24)]
    assert ids(match_cycles(up, down)) == [(h, 100 + h) for h in range(24)]


def test_different_hours_wait_for_the_upstream_runs_since_the_previous_one():
    up = [(t(h), h) for h in range(24)]  # hourly
    down = [(t(6), 106), (t(12), 112), (t(18), 118)]  # every 6 hours
    pairs = match_cycles(up, down)
    assert sorted(u for u, d in pairs if d == 106) == list(range(0, 7))
    assert sorted(u for u, d in pairs if d == 112) == list(range(7, 13))
    assert sorted(u for u, d in pairs if d == 118) == list(range(13, 19))


def test_minute_downstream_before_the_upstream_ran_waits_for_its_first_run():
    up = [(t(2), 2), (t(14), 14)]
    down = [(t(1, 0), 50), (t(1, 30), 51), (t(3), 52)]
    assert ids(match_cycles(up, down)) == [(2, 50), (2, 51), (2, 52)]


def _node(project, owner, workflow, name, cron, upstream=(), **extra):
    node = project_services.node_create(
        project=project,
        actor=owner,
        name=name,
        type="virtual",
        workflow=workflow,
        cron=cron,
        **extra,
    )
    for up, kind in upstream:
        project_services.dependency_add(downstream=node, upstream=up, actor=owner, kind=kind)
    project_services.nodes_deploy(project=project, actor=owner, items=[(node, None)])
    return node


def test_mixed_cycles_through_generation(project, owner, workflow):
    hourly = _node(project, owner, workflow, "hourly", "0 * * * *")
    daily = _node(project, owner, workflow, "daily", "0 5 * * *", [(hourly, "same_cycle")])
    after = _node(project, owner, workflow, "after_daily", "30 * * * *", [(daily, "same_cycle")])
    generation.generate_day(DAY)
    daily_instance = Instance.objects.get(node=daily)
    assert InstanceDependency.objects.filter(downstream=daily_instance).count() == 24
    assert InstanceDependency.objects.filter(upstream=daily_instance).count() == 24
    assert set(
        InstanceDependency.objects.filter(upstream=daily_instance).values_list(
            "downstream__node_id", flat=True
        )
    ) == {after.id}
    assert daily_instance.bizdate == DAY - dt.timedelta(days=1)


def test_self_dependency_links_days(project, owner, workflow):
    node = _node(project, owner, workflow, "cumulative", "0 2 * * *")
    project_services.dependency_add(
        downstream=node, upstream=node, actor=owner, kind="self_previous_cycle"
    )
    up = _node(project, owner, workflow, "source", "0 1 * * *")
    prev = _node(
        project, owner, workflow, "uses_yesterday", "0 3 * * *", [(up, "upstream_previous_cycle")]
    )
    generation.generate_day(DAY)
    generation.generate_day(DAY + dt.timedelta(days=1))
    first, second = Instance.objects.filter(node=node).order_by("cyctime")
    assert InstanceDependency.objects.filter(
        upstream=first, downstream=second, kind="self_previous_cycle"
    ).exists()
    source_day1 = Instance.objects.filter(node=up).order_by("cyctime").first()
    prev_day2 = Instance.objects.filter(node=prev).order_by("cyctime").last()
    assert InstanceDependency.objects.filter(upstream=source_day1, downstream=prev_day2).exists()


@pytest.mark.parametrize(
    "tz,spring,fall",
    [
        ("Europe/Berlin", dt.date(2024, 3, 31), dt.date(2024, 10, 27)),
        ("America/New_York", dt.date(2024, 3, 10), dt.date(2024, 11, 3)),
    ],
)
def test_dst_days_give_one_instance_per_local_time(owner, tz, spring, fall):
    project = project_services.project_create(
        user=owner, name=f"dst-{tz.replace('/', '-')}", timezone=tz
    )
    workflow = project_services.workflow_create(project=project, actor=owner, name="wf")
    hourly = _node(project, owner, workflow, "hourly", "0 * * * *")
    daily = _node(project, owner, workflow, "daily", "30 2 * * *", [(hourly, "same_cycle")])
    for day in (spring, fall):
        generation.generate_day(day, project_ids=[project.id])
        generation.generate_day(day, project_ids=[project.id])  # twice: nothing doubles
    zone = zoneinfo.ZoneInfo(tz)

    def local_day(instance):
        return instance.cyctime.astimezone(zone).date()

    hourly_instances = list(Instance.objects.filter(node=hourly))
    assert sum(local_day(i) == spring for i in hourly_instances) == 23
    assert sum(local_day(i) == fall for i in hourly_instances) == 24
    daily_instances = Instance.objects.filter(node=daily).order_by("cyctime")
    assert [i.cyctime.astimezone(zone).strftime("%H:%M") for i in daily_instances] == [
        "03:30",
        "02:30",
    ]
    assert [InstanceDependency.objects.filter(downstream=i).count() for i in daily_instances] == [
        23,
        24,
    ]


def test_deploy_immediately_makes_past_slots_dry_runs(
    project, owner, workflow, django_capture_on_commit_callbacks
):
    node = project_services.node_create(
        project=project,
        actor=owner,
        name="now",
        type="virtual",
        workflow=workflow,
        cron="*/30 * * * *",
        instance_generation="immediately",
    )
    with django_capture_on_commit_callbacks(execute=True):
        project_services.nodes_deploy(project=project, actor=owner, items=[(node, None)])
    instances = list(Instance.objects.filter(node=node))
    now = dt.datetime.now(dt.UTC)
    assert instances, "deploying 'immediately' creates today's instances"
    assert all(i.status == "skipped" and i.dry_run for i in instances if i.cyctime < now)
    assert all(i.status == "pending" for i in instances if i.cyctime > now)


def test_paused_nodes_are_frozen_and_dates_outside_the_window_are_dry_runs(
    project, owner, workflow
):
    paused = _node(project, owner, workflow, "paused", "0 1 * * *", paused=True)
    ended = _node(
        project, owner, workflow, "ended", "0 1 * * *", end_date=DAY - dt.timedelta(days=3)
    )
    generation.generate_day(DAY)
    assert Instance.objects.get(node=paused).status == "frozen"
    assert Instance.objects.get(node=ended).dry_run is True


@pytest.mark.parametrize("batch,small", [(10_000, 2000), (2, 0)])
def test_small_batches_and_the_time_window_path_give_the_same_graph(
    project, owner, workflow, monkeypatch, batch, small
):
    # (2, 0): several statements per day, and the reads by time window that large days take.
    monkeypatch.setattr(generation_sql, "BATCH", batch)
    monkeypatch.setattr(generation_sql, "SMALL", small)
    hourly = _node(project, owner, workflow, "hourly", "0 * * * *")
    six = _node(project, owner, workflow, "six", "0 */6 * * *", [(hourly, "same_cycle")])
    daily = _node(project, owner, workflow, "daily", "0 23 * * *", [(six, "same_cycle")])
    project_services.dependency_add(
        downstream=daily, upstream=daily, actor=owner, kind="self_previous_cycle"
    )
    # hourly -> every 6 hours: hours 0, 1-6, 7-12, 13-18 (hours 19-23 feed nobody); the four
    # -> daily; from the second day on, the daily's self dependency.
    same_cycle = 1 + 6 + 6 + 6 + 4
    for day, edges in ((DAY, same_cycle), (DAY_2, same_cycle + 1), (DAY_2, same_cycle + 1)):
        assert generation.generate_day(day) == {"slots": 24 + 4 + 1, "edges": edges}
    assert Instance.objects.count() == 2 * 29
    assert InstanceDependency.objects.filter(kind="same_cycle").count() == 2 * same_cycle
    first, second = Instance.objects.filter(node=daily).order_by("cyctime")
    assert InstanceDependency.objects.filter(
        upstream=first, downstream=second, kind="self_previous_cycle"
    ).exists()
    assert InstanceDependency.objects.count() == 2 * same_cycle + 1


def test_a_node_deployed_later_links_to_the_instances_already_there(project, owner, workflow):
    up = _node(project, owner, workflow, "up", "0 */12 * * *")
    generation.generate_day(DAY)
    up_ids = set(Instance.objects.filter(node=up).values_list("id", flat=True))
    down = _node(project, owner, workflow, "down", "0 12 * * *", [(up, "same_cycle")])
    assert generation.generate_day(DAY, node_ids=[down.id]) == {"slots": 1, "edges": 2}
    assert set(Instance.objects.filter(node=up).values_list("id", flat=True)) == up_ids
    down_instance = Instance.objects.get(node=down)
    assert (
        set(
            InstanceDependency.objects.filter(downstream=down_instance).values_list(
                "upstream_id", flat=True
            )
        )
        == up_ids
    )


def test_instances_carry_the_deployed_configuration(project, owner, workflow):
    node = _node(
        project,
        owner,
        workflow,
        "configured",
        "15 4 * * *",
        retries=2,
        priority=7,
        resource_group="heavy",
        timeout_seconds=90,
        code="select 1",
    )
    node.refresh_from_db()
    generation.generate_day(DAY)
    instance = Instance.objects.get(node=node)
    assert instance.cyctime == t(4, 15)
    assert (instance.run_kind, instance.run_key) == ("scheduled", "scheduled")
    assert instance.version_id == node.deployed_version_id
    assert instance.version_snapshot == node.deployed_version.snapshot
    assert instance.version_snapshot["code"] == "select 1"
    assert (instance.max_attempts, instance.priority, instance.queue) == (3, 7, "heavy")
    assert (instance.timeout_seconds, instance.attempt, instance.params) == (90, 0, {})
    assert (instance.status, instance.reason, instance.dry_run) == ("pending", "generated", False)
    assert instance.bizdate == DAY - dt.timedelta(days=1)
    assert instance.project_id == project.id and instance.created_at is not None


def test_past_slots_become_skipped_dry_runs_and_paused_ones_stay_frozen(project, owner, workflow):
    hourly = _node(project, owner, workflow, "hourly", "0 * * * *")
    paused = _node(project, owner, workflow, "paused", "0 * * * *", paused=True)
    generation.generate_day(DAY, now=t(12, 30), past_as_dry_run=True)
    rows = Instance.objects.filter(node=hourly).order_by("cyctime")
    assert [(i.status, i.reason, i.dry_run) for i in rows] == [
        ("skipped", "past_slot", True)
    ] * 13 + [("pending", "generated", False)] * 11
    rows = Instance.objects.filter(node=paused).order_by("cyctime")
    assert [(i.status, i.dry_run) for i in rows] == [("frozen", True)] * 13 + [
        ("frozen", False)
    ] * 11


def test_edges_across_time_zones_use_each_projects_local_day(owner):
    east = project_services.project_create(user=owner, name="east", timezone="Asia/Shanghai")
    west = project_services.project_create(user=owner, name="west", timezone="America/Los_Angeles")
    east_flow = project_services.workflow_create(project=east, actor=owner, name="wf")
    west_flow = project_services.workflow_create(project=west, actor=owner, name="wf")
    # 01:00 in Shanghai is the previous UTC day; 22:00 in Los Angeles the next one.
    source = _node(east, owner, east_flow, "source", "0 1 * * *")
    report = _node(west, owner, west_flow, "report", "0 22 * * *", [(source, "same_cycle")])
    lagged = _node(
        west, owner, west_flow, "lagged", "0 22 * * *", [(source, "upstream_previous_cycle")]
    )
    for day in (DAY - dt.timedelta(days=1), DAY):
        generation.generate_day(day)

    source_today = Instance.objects.get(node=source, cyctime=t(17) - dt.timedelta(days=1))
    report_today = Instance.objects.get(node=report, cyctime=t(22) + dt.timedelta(hours=7))
    assert InstanceDependency.objects.filter(
        upstream=source_today, downstream=report_today
    ).exists()
    source_yesterday = Instance.objects.get(node=source, cyctime=t(17) - dt.timedelta(days=2))
    lagged_today = Instance.objects.get(node=lagged, cyctime=t(22) + dt.timedelta(hours=7))
    assert list(
        InstanceDependency.objects.filter(downstream=lagged_today).values_list(
            "upstream_id", flat=True
        )
    ) == [source_yesterday.id]
    assert InstanceDependency.objects.count() == 2 + 1  # the lagged's first day has no yesterday


def test_no_edge_to_an_upstream_that_is_not_deployed(project, owner, workflow):
    up = _node(project, owner, workflow, "up", "0 1 * * *")
    _node(project, owner, workflow, "down", "0 2 * * *", [(up, "same_cycle")])
    # Deploys refuse this state; older data, or a direct database edit, may still have it.
    Node.objects.filter(pk=up.pk).update(deployed_version=None)
    assert generation.generate_day(DAY) == {"slots": 1, "edges": 0}
