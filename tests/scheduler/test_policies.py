"""Per-node catch-up and daylight-saving policies: generation, and the real scheduler and workers."""

import datetime as dt
import zoneinfo

import pytest

from projects import services as project_services
from scheduler import dispatch, generation
from scheduler.logs import read_log
from scheduler.models import Instance
from tests.scheduler.conftest import wait_for_status
from tests.scheduler.test_generation import DAY, _node, t
from tests.stack import wait_until

pytestmark = pytest.mark.django_db


def _rows(node):
    return [
        (i.status, i.reason, i.dry_run)
        for i in Instance.objects.filter(node=node).order_by("cyctime")
    ]


def test_catch_up_policies_decide_which_past_slots_run(project, owner, workflow):
    none = _node(project, owner, workflow, "none", "0 * * * *")
    latest = _node(project, owner, workflow, "latest", "0 * * * *", catch_up="latest")
    every = _node(project, owner, workflow, "all", "0 * * * *", catch_up="all")
    paused = _node(project, owner, workflow, "paused", "0 * * * *", catch_up="latest", paused=True)
    generation.generate_day(DAY, now=t(12, 30), past_as_dry_run=True)
    future = [("pending", "generated", False)] * 11
    assert _rows(none) == [("skipped", "past_slot", True)] * 13 + future
    assert (
        _rows(latest)
        == [("skipped", "past_slot", True)] * 12 + [("pending", "caught_up", False)] + future
    )
    assert _rows(every) == [("pending", "caught_up", False)] * 13 + future
    assert [r[0] for r in _rows(paused)] == ["frozen"] * 24
    assert [r[2] for r in _rows(paused)] == [True] * 12 + [False] * 12


def test_catch_up_applies_only_to_late_generation(project, owner, workflow):
    node = _node(project, owner, workflow, "latest", "0 * * * *", catch_up="latest")
    generation.generate_day(DAY, now=t(12, 30))  # the nightly generation: nothing is past
    assert _rows(node) == [("pending", "generated", False)] * 24


@pytest.mark.parametrize(
    "day,cron,gap,overlap,local_times",
    [
        # Europe/Berlin: 2024-03-31 02:00 -> 03:00, 2024-10-27 03:00 -> 02:00
        (dt.date(2024, 3, 31), "30 2 * * *", "shift", "first", ["03:30+02:00"]),
        (dt.date(2024, 3, 31), "30 2 * * *", "skip", "first", []),
        (dt.date(2024, 10, 27), "30 2 * * *", "shift", "first", ["02:30+02:00"]),
        (dt.date(2024, 10, 27), "30 2 * * *", "shift", "both", ["02:30+02:00", "02:30+01:00"]),
        (dt.date(2024, 10, 27), "0 * * * *", "shift", "both", [None] * 25),
        (dt.date(2024, 10, 27), "0 * * * *", "shift", "first", [None] * 24),
        (dt.date(2024, 3, 31), "0 * * * *", "skip", "first", [None] * 23),
    ],
)
def test_daylight_saving_policies(owner, day, cron, gap, overlap, local_times):
    project = project_services.project_create(user=owner, name="berlin", timezone="Europe/Berlin")
    workflow = project_services.workflow_create(project=project, actor=owner, name="flow")
    node = _node(project, owner, workflow, "n", cron, dst_gap=gap, dst_overlap=overlap)
    generation.generate_day(day, node_ids=[node.id])
    generation.generate_day(day, node_ids=[node.id])  # twice: still each instance once
    times = list(
        Instance.objects.filter(node=node).order_by("cyctime").values_list("cyctime", flat=True)
    )
    assert len(times) == len(local_times) == len(set(times))
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    for expected, at in zip(local_times, times, strict=True):
        if expected:
            assert at.astimezone(zone).isoformat()[11:] == expected.replace("+", ":00+")


def test_policies_are_versioned_with_the_schedule(project, owner, workflow):
    node = _node(project, owner, workflow, "v", "0 * * * *")
    project_services.node_update(node=node, actor=owner, catch_up="all")  # saved, not deployed
    generation.generate_day(DAY, now=t(3, 30), past_as_dry_run=True)
    assert [r[1] for r in _rows(node)][:4] == ["past_slot"] * 4


@pytest.mark.parametrize("policy,runs", [("latest", 1), ("all", None)])
def test_the_scheduler_runs_what_the_catch_up_policy_keeps(
    worker, scheduler_proc, make_node, policy, runs
):
    # Deployed before the scheduler generated today (a fresh install, an outage): its past
    # slots follow the policy, and the kept ones run on the worker at once.
    node = make_node(
        "late", type="shell", code="echo caught up", cron="*/20 * * * *", catch_up=policy
    )
    now = dt.datetime.now(dt.UTC)

    def past():  # the scheduler generates today on its first tick
        ids = Instance.objects.filter(node=node, cyctime__lt=now).order_by("cyctime")
        return list(ids.values_list("id", flat=True)) or None

    ids = wait_until(past, timeout=60, message="today's instances")
    kept = ids if runs is None else ids[-runs:]
    wait_for_status(kept, {"success"}, timeout=90)
    dropped = [i for i in ids if i not in kept]
    assert all(
        (i.status, i.reason, i.dry_run) == ("skipped", "past_slot", True)
        for i in Instance.objects.filter(id__in=dropped)
    )
    assert "caught up" in read_log(kept[-1])


def test_edges_saved_from_the_studio_run_in_order_on_the_worker(worker, project, owner, make_node):
    # An upstream accepted from lineage (with its reason) and a self dependency, both saved
    # through the upstream list as the Studio does.
    orders = make_node("orders", type="shell", code="echo orders", output_tables=["dw.orders"])
    report = make_node("report", type="shell", code="echo report", deploy=False)
    project_services.upstreams_replace(
        downstream=report,
        actor=owner,
        upstreams=[
            (orders, "same_cycle", {"table": "dw.orders", "line": 1}),
            (report, "self_previous_cycle", None),
        ],
    )
    project_services.nodes_deploy(project=project, actor=owner, items=[(report, None)])
    first, second = DAY - dt.timedelta(days=1), DAY
    for day in (first, second):
        generation.generate_day(day, node_ids=[orders.id, report.id])
    runs = {
        (i.node_id, i.cyctime.date()): i.id
        for i in Instance.objects.filter(node__in=[orders, report])
    }
    dispatch.release()
    ids = list(runs.values())
    wait_for_status(ids, {"success"}, timeout=90)
    done = {i.id: i for i in Instance.objects.filter(id__in=ids)}
    earlier, later = done[runs[report.id, first]], done[runs[report.id, second]]
    assert later.started_at >= earlier.finished_at  # waited for its own previous cycle
    assert later.started_at >= done[runs[orders.id, second]].finished_at
    reasons = dict(report.upstream_edges.values_list("kind", "source"))
    assert reasons == {"same_cycle": {"table": "dw.orders", "line": 1}, "self_previous_cycle": {}}
