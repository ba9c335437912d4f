"""Instance generation: DataWorks' mixed-cycle rules, self dependency, DST days, deploy hooks."""

import datetime as dt
import zoneinfo

import pytest

from projects import services as project_services
from scheduler import generation
from scheduler.generation import match_cycles
from scheduler.models import Instance, InstanceDependency

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 7, 2)


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
