"""Backfills: the plan, date order and parallelism on a real worker, pause/resume/cancel, reruns."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from projects import services as project_services
from scheduler import backfills
from scheduler import services as scheduler_services
from scheduler.models import Backfill, Instance, InstanceEvent
from scheduler.transitions import transition
from tests.scheduler.conftest import wait_for_status
from tests.stack import wait_until

DAY = dt.date(2026, 3, 1)


def days(n):
    return [DAY + dt.timedelta(days=i) for i in range(n)]


@pytest.fixture
def client(owner, client_for):
    return client_for(owner)


def spec(roots, **extra):
    return backfills.Spec(name="bf", root_nodes=[n.id for n in roots], **extra)


def test_preview_equals_what_is_created(client, project, make_node, db):
    a = make_node("a")
    b = make_node("b", upstream=[a])
    make_node("hourly", upstream=[b], cron="0 */6 * * *")
    body = {
        "name": "march",
        "root_nodes": [a.id],
        "downstream": "all",
        "start_date": "2026-03-01",
        "end_date": "2026-03-03",
        "order": "desc",
        "parallelism": 2,
    }
    url = f"/api/v1/projects/{project.id}/backfills/"
    preview = client.post(f"{url}preview/", body, format="json").json()
    assert preview["instance_count"] == 3 * (1 + 1 + 4)
    assert preview["dates"] == ["2026-03-03", "2026-03-02", "2026-03-01"]
    assert {n["name"] for n in preview["nodes"]} == {"a", "b", "hourly"}
    assert Instance.objects.count() == 0  # a preview writes nothing

    created = client.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["instances_total"] == preview["instance_count"]
    assert [d["bizdate"] for d in data["per_date"]] == preview["dates"]
    instances = Instance.objects.filter(backfill_id=data["id"])
    assert set(instances.values_list("run_kind", flat=True)) == {"backfill"}
    assert sorted({str(d) for d in instances.values_list("bizdate", flat=True)}) == sorted(
        preview["dates"]
    )
    # separate from scheduled runs of the same node and date
    assert instances.filter(run_key=f"backfill:{data['id']}").count() == data["instances_total"]
    # the progress page counts down from the preview's estimate, not from its own guess
    assert data["estimated_seconds"] == preview["estimated_seconds"] > 0
    finish = dt.datetime.fromisoformat(data["estimated_finish"])
    left = (finish - timezone.now()).total_seconds()
    assert preview["estimated_seconds"] - 30 < left <= preview["estimated_seconds"]


def test_downstream_selection(project, owner, make_node, db):
    a = make_node("a")
    b = make_node("b", upstream=[a])
    c = make_node("c", upstream=[b])
    make_node("undeployed", upstream=[a], deploy=False)
    names = lambda s: {n.name for n in backfills.select_nodes(project, owner, s)}  # noqa: E731
    assert names(spec([a], downstream="none")) == {"a"}
    assert names(spec([a], downstream="all")) == {"a", "b", "c"}
    assert names(spec([a], downstream="selected", downstream_nodes=[c.id])) == {"a", "c"}
    with pytest.raises(ValidationError) as error:
        backfills.select_nodes(
            project, owner, spec([b], downstream="selected", downstream_nodes=[a.id])
        )
    assert "downstream_nodes" in error.value.message_dict


def test_bad_requests_name_the_field(client, project, make_node, db):
    a = make_node("a")
    url = f"/api/v1/projects/{project.id}/backfills/preview/"
    cases = [
        ({"root_nodes": [a.id], "start_date": "2026-03-05", "end_date": "2026-03-01"}, "end_date"),
        ({"root_nodes": [a.id]}, "start_date"),
        ({"root_nodes": [999999], "dates": ["2026-03-01"]}, "root_nodes"),
        ({"root_nodes": [a.id], "dates": ["2026-03-01"], "hour_from": 9, "hour_to": 3}, "hour_to"),
        ({"root_nodes": [a.id], "dates": ["2026-03-01"], "parallelism": 0}, "parallelism"),
    ]
    for body, field in cases:
        response = client.post(url, body, format="json")
        assert response.status_code == 400, body
        assert field in response.json()["errors"], (body, response.json())


def _running_windows(backfill):
    """bizdate -> (first start, last finish) of its instances."""
    windows = {}
    for instance in Instance.objects.filter(backfill=backfill):
        lo, hi = windows.get(instance.bizdate, (instance.started_at, instance.finished_at))
        windows[instance.bizdate] = (min(lo, instance.started_at), max(hi, instance.finished_at))
    return windows


def test_dates_run_one_after_another(worker, project, owner, make_node):
    a = make_node("a", type="shell", code="sleep 0.3")
    make_node("b", upstream=[a], type="shell", code="sleep 0.2")
    backfill = backfills.create(
        project=project, actor=owner, spec=spec([a], downstream="all", dates=days(3))
    )
    ids = list(backfill.instances.values_list("id", flat=True))
    wait_for_status(ids, {"success"}, timeout=90)
    windows = _running_windows(backfill)
    for earlier, later in zip(days(3), days(3)[1:], strict=False):
        assert windows[later][0] >= windows[earlier][1], (earlier, windows)
    wait_until(lambda: Backfill.objects.get(pk=backfill.pk).status == "success", timeout=10)


def test_descending_with_two_dates_at_once(worker, project, owner, make_node):
    a = make_node("a", type="shell", code="sleep 0.5")
    backfill = backfills.create(
        project=project, actor=owner, spec=spec([a], dates=days(4), order="desc", parallelism=2)
    )
    ids = list(backfill.instances.values_list("id", flat=True))
    wait_for_status(ids, {"success"}, timeout=90)
    windows = _running_windows(backfill)
    starts = sorted(windows, key=lambda d: windows[d][0])
    assert starts[:2] == [days(4)[3], days(4)[2]] or set(starts[:2]) == set(days(4)[2:])
    # at no moment were more than two dates running
    for day, (start, _) in windows.items():
        overlapping = [d for d, (s, f) in windows.items() if s <= start < f]
        assert len(overlapping) <= 2, (day, windows)
    # the third date waited until one of the first two had finished (a window of two dates)
    first_done = min(windows[days(4)[3]][1], windows[days(4)[2]][1])
    assert windows[days(4)[1]][0] >= first_done


def test_pause_resume_cancel(worker, project, owner, make_node):
    a = make_node("a", type="shell", code="sleep 1")
    backfill = backfills.create(project=project, actor=owner, spec=spec([a], dates=days(5)))
    first = Instance.objects.get(backfill=backfill, bizdate=DAY)
    wait_for_status([first.id], {"running", "success"})
    backfills.pause(backfill=backfill, actor=owner)
    wait_for_status([first.id], {"success"})
    # The first date's end opens the second; while paused, nothing of it is released.
    second_date = Instance.objects.filter(backfill=backfill, bizdate=days(2)[1])
    wait_until(
        lambda: not second_date.filter(not_before__isnull=False).exists(),
        message="the second date to open",
    )
    from scheduler import dispatch

    dispatch.release()
    assert not second_date.exclude(status="pending").exists()
    backfills.resume(backfill=backfill, actor=owner)
    second = Instance.objects.get(backfill=backfill, bizdate=days(2)[1])
    wait_for_status([second.id], {"running", "success"})
    backfills.cancel(backfill=backfill, actor=owner)
    rest = Instance.objects.filter(backfill=backfill, bizdate__gt=days(2)[1])
    wait_for_status(list(rest.values_list("id", flat=True)), {"killed"})
    backfill.refresh_from_db()
    assert backfill.status == "cancelled" and backfill.finished_at is not None
    dates = {d["bizdate"]: d["status"] for d in backfills.per_date(backfill)}
    assert dates[DAY.isoformat()] == "success"
    assert {dates[day.isoformat()] for day in days(5)[2:]} == {"cancelled"}
    with pytest.raises(ValidationError):
        backfills.resume(backfill=backfill, actor=owner)


def test_failure_blocks_later_dates_and_rerun_finishes(
    worker, project, owner, make_node, project_files
):
    marker = project_files / "fixed"
    flaky = make_node(
        "flaky",
        type="shell",
        code='if [ "${bizdate}" = "20260302" ] && [ ! -f /sandbox/data/fixed ]; then exit 4; fi',
    )
    after = make_node("after", upstream=[flaky])
    backfill = backfills.create(
        project=project, actor=owner, spec=spec([flaky], downstream="all", dates=days(3))
    )
    wait_until(
        lambda: Backfill.objects.get(pk=backfill.pk).status == "failed",
        timeout=60,
        message="the backfill to fail",
    )
    by_date = {(i.node_id, i.bizdate): i for i in Instance.objects.filter(backfill=backfill)}
    assert by_date[flaky.id, days(3)[0]].status == "success"
    broken = by_date[flaky.id, days(3)[1]]
    assert broken.status == "failed"
    assert by_date[after.id, days(3)[1]].status == "upstream_failed"
    held = by_date[flaky.id, days(3)[2]]
    assert held.status == "pending" and held.not_before == backfills.HELD  # the next date waits

    marker.write_text("ok")
    scheduler_services.instance_rerun_downstream(instance=broken, actor=owner)
    wait_until(
        lambda: Backfill.objects.get(pk=backfill.pk).status == "success",
        timeout=60,
        message="the backfill to finish after the rerun",
    )
    assert set(Instance.objects.filter(backfill=backfill).values_list("status", flat=True)) == {
        "success"
    }
    assert InstanceEvent.objects.filter(instance=broken, to_status="failed").exists()


def test_operators_only(project, owner, make_user, make_node, db):
    a = make_node("a")
    viewer = make_user("viewer")
    project_services.member_set(project=project, actor=owner, user=viewer, role="viewer")
    c = APIClient()
    c.force_authenticate(viewer)
    url = f"/api/v1/projects/{project.id}/backfills/"
    body = {"root_nodes": [a.id], "dates": ["2026-03-01"]}
    assert c.post(f"{url}preview/", body, format="json").status_code == 200
    assert c.post(url, body, format="json").status_code == 403


@pytest.mark.parametrize("alongside", [True, False])
def test_setting_for_backfills_alongside_scheduled_runs(
    project, owner, make_node, settings, alongside, db
):
    settings.BACKFILL_ALONGSIDE_SCHEDULED = alongside
    node = make_node("a", type="shell", code="true")
    from scheduler import dispatch, generation
    from scheduler.states import InstanceState
    from scheduler.transitions import transition

    generation.generate_day(DAY)
    scheduled = Instance.objects.get(node=node, run_kind="scheduled")
    transition([scheduled.id], InstanceState.QUEUED, reason="test")
    transition([scheduled.id], InstanceState.RUNNING, reason="test")
    backfill = backfills.create(project=project, actor=owner, spec=spec([node], dates=days(1)))
    [waiting] = backfill.instances.all()
    dispatch.release()
    waiting.refresh_from_db()
    assert waiting.status == ("queued" if alongside else "pending")


def test_usual_seconds_is_the_mean_of_the_last_runs(make_node, db):
    import datetime as dt_

    from scheduler.selectors import usual_seconds

    node = make_node("timed")
    start = dt_.datetime(2026, 1, 1, tzinfo=dt_.UTC)
    for day, seconds in enumerate([100, 1, 2, 3]):
        Instance.objects.create(
            project=node.project,
            node=node,
            run_kind="manual",
            run_key=f"m{day}",
            cyctime=start + dt_.timedelta(days=day),
            bizdate=DAY,
            status="success",
            started_at=start,
            finished_at=start + dt_.timedelta(seconds=seconds),
        )
    assert usual_seconds([node.id], last=3) == {node.id: 2.0}  # the oldest run is left out
    assert usual_seconds([node.id]) == {node.id: 26.5}


@pytest.mark.parametrize(
    ("counts", "cancelled", "status"),
    [
        ({}, 0, "empty"),
        ({"success": 2, "skipped": 1}, 0, "success"),
        ({"success": 1, "running": 1}, 0, "running"),
        ({"failed": 1, "upstream_failed": 2}, 0, "failed"),
        ({"failed": 1, "pending": 2}, 0, "blocked"),
        ({"pending": 3}, 0, "waiting"),
        ({"success": 1, "killed": 2}, 2, "cancelled"),
        ({"failed": 1, "killed": 2, "upstream_failed": 1}, 2, "failed"),
        ({"killed": 3}, 2, "failed"),  # one was killed by an operator before the cancel
    ],
)
def test_a_date_as_a_whole(counts, cancelled, status):
    assert backfills._date_status(counts, cancelled=cancelled) == status


def test_a_window_whose_last_hook_was_lost_moves_on_the_next_tick(project, owner, make_node, db):
    """A worker killed between committing a date's last run and its hook must not stall the
    backfill: the scheduler's step opens the next date and notices the end."""
    a = make_node("a")
    backfill = backfills.create(
        project=project, actor=owner, spec=spec([a], dates=days(2), parallelism=1)
    )
    first, second = days(2)
    # The first date's run finished, but nothing reacted to it (no transition, no hook).
    Instance.objects.filter(backfill=backfill, bizdate=first).update(status="success")
    assert Instance.objects.get(backfill=backfill, bizdate=second).not_before is not None

    backfills.repair_windows()
    assert Instance.objects.get(backfill=backfill, bizdate=second).not_before is None
    assert Backfill.objects.get(pk=backfill.pk).status == "running"

    Instance.objects.filter(backfill=backfill, bizdate=second).update(status="success")
    backfills.repair_windows()
    assert Backfill.objects.get(pk=backfill.pk).status == "success"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once")
def test_the_last_two_runs_of_a_date_ending_at_once_open_the_next_date(
    project, owner, make_node, transactional_db
):
    """A run's end is looked at after commit unless its date has a run still to come (its own
    end will move the window). Two last runs that end in overlapping transactions each see the
    other still running: both look, and the next date opens without a tick."""
    a, b = make_node("a"), make_node("b")
    backfill = backfills.create(
        project=project, actor=owner, spec=spec([a, b], dates=days(2), parallelism=1)
    )
    first, second = days(2)
    ends = list(
        Instance.objects.filter(backfill=backfill, bizdate=first).values_list("id", flat=True)
    )
    Instance.objects.filter(id__in=ends).update(status="running")
    both_moved = threading.Barrier(2)

    def end(instance_id):
        try:
            with transaction.atomic():
                transition([instance_id], "success", expected={"running"}, reason="succeeded")
                both_moved.wait(timeout=10)  # neither has committed yet
        finally:
            connection.close()

    threads = [threading.Thread(target=end, args=(i,)) for i in ends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    opened = Instance.objects.filter(backfill=backfill, bizdate=second, not_before__isnull=True)
    assert len(ends) == 2 and opened.count() == 2


@pytest.mark.django_db
def test_the_hour_filter_keeps_only_the_chosen_hours(client, project, make_node):
    hourly = make_node("hourly", cron="0 * * * *")
    url = f"/api/v1/projects/{project.id}/backfills/"
    body = {"root_nodes": [hourly.id], "dates": ["2026-03-01", "2026-03-02"]}
    preview = client.post(f"{url}preview/", {**body, "hour_from": 9, "hour_to": 11}, format="json")
    assert preview.json()["instance_count"] == 2 * 3
    only_from = client.post(f"{url}preview/", {**body, "hour_from": 22}, format="json")
    assert only_from.json()["instance_count"] == 2 * 2
    created = client.post(url, {**body, "name": "x", "hour_from": 9, "hour_to": 11}, format="json")
    assert created.status_code == 201, created.json()
    hours = Instance.objects.filter(backfill_id=created.json()["id"]).values_list(
        "cyctime", flat=True
    )
    assert sorted({t.hour for t in hours}) == [9, 10, 11]


@pytest.mark.django_db
def test_previous_cycle_edges_link_the_dates_and_run_them_in_order(project, owner, make_node):
    chain = make_node("chain", upstream=[], deploy=False)
    project_services.dependency_add(
        downstream=chain, upstream=chain, actor=owner, kind="self_previous_cycle"
    )
    project_services.nodes_deploy(project=project, actor=owner, items=[(chain, None)])
    after = make_node("after")
    project_services.dependency_add(
        downstream=after, upstream=chain, actor=owner, kind="upstream_previous_cycle"
    )
    plan = backfills.build_plan(
        project, owner, spec([chain, after], dates=days(3), order="desc", parallelism=3)
    )
    assert plan.dates == days(3) and plan.notes  # ascending: a date waits on the one before
    by_slot = {i: (s[1], s[4]) for i, s in enumerate(plan.slots)}
    links = {(by_slot[u], by_slot[d], kind) for u, d, kind in plan.edges}
    for before, day in zip(days(3), days(3)[1:], strict=False):
        assert ((chain.id, before), (chain.id, day), "self_previous_cycle") in links
        assert ((chain.id, before), (after.id, day), "upstream_previous_cycle") in links
    assert len(links) == 4


def test_a_self_dependent_node_runs_its_dates_in_order_whatever_the_order_asked(
    worker, project, owner, make_node
):
    node = make_node("cumulative", type="shell", code="sleep 0.2", deploy=False)
    project_services.dependency_add(
        downstream=node, upstream=node, actor=owner, kind="self_previous_cycle"
    )
    project_services.nodes_deploy(project=project, actor=owner, items=[(node, None)])
    backfill = backfills.create(
        project=project, actor=owner, spec=spec([node], dates=days(4), order="desc", parallelism=4)
    )
    ids = list(backfill.instances.values_list("id", flat=True))
    wait_for_status(ids, {"success"}, timeout=90)
    windows = _running_windows(backfill)
    for earlier, later in zip(days(4), days(4)[1:], strict=False):
        assert windows[later][0] >= windows[earlier][1], (earlier, windows)
    wait_until(lambda: Backfill.objects.get(pk=backfill.pk).status == "success", timeout=10)


def test_an_instance_of_a_cancelled_backfill_can_be_rerun_and_runs(
    worker, project, owner, make_node
):
    a = make_node("a", type="shell", code="sleep 0.2")
    backfill = backfills.create(project=project, actor=owner, spec=spec([a], dates=days(3)))
    first = Instance.objects.get(backfill=backfill, bizdate=DAY)
    wait_for_status([first.id], {"success"})
    backfills.cancel(backfill=backfill, actor=owner)
    held = Instance.objects.get(backfill=backfill, bizdate=days(3)[2])
    wait_for_status([held.id], {"killed"})
    scheduler_services.instance_rerun(instance=held, actor=owner)
    wait_for_status([held.id], {"success"})
    backfill.refresh_from_db()
    assert backfill.status == "cancelled"  # a rerun does not revive the cancelled backfill


@pytest.mark.django_db
def test_a_rerun_that_cannot_run_is_refused_or_says_why_it_waits(project, owner, make_node):
    from scheduler.dispatch import why_waiting

    a = make_node("a")
    backfill = backfills.create(project=project, actor=owner, spec=spec([a], dates=days(2)))
    backfills.pause(backfill=backfill, actor=owner)
    instance = Instance.objects.get(backfill=backfill, bizdate=DAY)
    assert "its backfill is paused" in why_waiting(instance)
    backfills.resume(backfill=backfill, actor=owner)
    backfills.cancel(backfill=backfill, actor=owner)
    project_services.node_undeploy(node=a, actor=owner)
    instance.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        scheduler_services.instance_rerun(instance=instance, actor=owner)
    assert "not deployed" in str(refused.value)


@pytest.mark.django_db
def test_a_cancelled_backfill_never_reads_as_successful(client, project, owner, make_node):
    a = make_node("a")
    backfill = backfills.create(project=project, actor=owner, spec=spec([a], dates=days(2)))
    backfills.cancel(backfill=backfill, actor=owner)
    data = client.get(f"/api/v1/projects/{project.id}/backfills/{backfill.id}/").json()
    assert data["status"] == "cancelled"
    assert {d["status"] for d in data["per_date"]} == {"cancelled"}


def test_the_list_counts_the_progress_of_a_page_in_one_query(client, project, owner, make_node, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = make_node("a")
    url = f"/api/v1/projects/{project.id}/backfills/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    backfills.create(project=project, actor=owner, spec=spec([a], dates=days(2)))
    one = queries()
    for _ in range(3):
        backfills.create(project=project, actor=owner, spec=spec([a], dates=days(2)))
    assert queries() == one
    listed = client.get(url).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["instances_total"] for row in rows] == [2, 2, 2, 2]
