"""One tenant cannot starve the others: a project holds at most its share of a group's slots,
and alert deliveries have a worker of their own."""

import time

from alerts import services as alert_services
from alerts.models import Delivery
from projects import services as project_services
from scheduler import dispatch, generation
from scheduler import services as scheduler_services
from scheduler.models import Instance
from tests.alerts.conftest import Receiver
from tests.scheduler.conftest import wait_for_status, yesterday
from tests.stack import start_worker, wait_until


def test_a_busy_project_leaves_a_slot_for_another_projects_test_run(
    transactional_db, log_dir, make_node, owner, make_user
):
    busy = [make_node(f"long{i}", type="shell", code="sleep 60") for i in range(3)]
    generation.generate_day(yesterday(), node_ids=[n.id for n in busy])
    other_owner = make_user("other")
    other = project_services.project_create(user=other_owner, name="other", timezone="UTC")
    workflow = project_services.workflow_create(project=other, actor=other_owner, name="f")
    quick = project_services.node_create(
        project=other, actor=other_owner, name="quick", type="shell", workflow=workflow
    )
    worker = start_worker(log_dir, concurrency=2)
    try:
        wait_until(lambda: dispatch.live_slots().get("default") == 2, message="the worker's slots")
        dispatch.release()
        long_runs = list(Instance.objects.filter(node__in=busy).values_list("id", flat=True))
        wait_until(
            lambda: Instance.objects.filter(id__in=long_runs, status="running").exists(),
            message="the long runs to start",
        )
        started = time.monotonic()
        test_run = scheduler_services.node_test_run(node=quick, actor=other_owner, code="echo hi")
        wait_for_status([test_run.id], {"success"}, timeout=20)
        assert time.monotonic() - started < 10
        # The busy project held one slot of two, and its other runs waited their turn.
        assert Instance.objects.filter(id__in=long_runs, status="running").count() == 1
        assert Instance.objects.filter(id__in=long_runs, status="pending").count() == 2
    finally:
        for instance in Instance.objects.filter(node__in=busy, status="running"):
            scheduler_services.instance_kill(instance=instance, actor=owner)
        worker.stop()


def test_alert_deliveries_do_not_wait_behind_runs(
    transactional_db, log_dir, make_node, owner, project, monkeypatch, settings
):
    monkeypatch.setenv("WORKBENCH_WEBHOOK_ALLOW", "127.0.0.1/32")
    settings.WEBHOOK_ALLOW = ["127.0.0.1/32"]
    project.group_slots = {"default": 10}  # the project may fill every slot of the group
    project.save()
    receiver = Receiver().start()
    channel = alert_services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    alert_services.rule_create(
        project=project, actor=owner, name="on success", events=["instance_succeeded"],
        channels=[channel.id],
    )  # fmt: skip
    busy = [make_node(f"long{i}", type="shell", code="sleep 60") for i in range(2)]
    victim = make_node("victim", type="shell", code="sleep 60")
    generation.generate_day(yesterday(), node_ids=[n.id for n in [*busy, victim]])
    runs = start_worker(log_dir, name="runs", concurrency=2, alerts=False)
    deliveries = start_worker(log_dir, name="deliveries", queues="alerts", alerts=False)
    try:
        dispatch.release(
            candidate_ids=Instance.objects.filter(node__in=busy).values_list("id", flat=True)
        )
        wait_for_status(
            list(Instance.objects.filter(node__in=busy).values_list("id", flat=True)), {"running"}
        )
        # Both slots run long jobs; an operator sets another instance succeeded: the alert that
        # raises goes out at once.
        instance = Instance.objects.get(node=victim)
        scheduler_services.instance_set_success(instance=instance, actor=owner)
        started = time.monotonic()
        wait_until(
            lambda: Delivery.objects.filter(status="delivered").exists(),
            timeout=20,
            message="the alert to be delivered",
        )
        assert time.monotonic() - started < 10 and receiver.requests
    finally:
        for instance in Instance.objects.filter(node__in=busy, status="running"):
            scheduler_services.instance_kill(instance=instance, actor=owner)
        runs.stop()
        deliveries.stop()
        receiver.stop()


def test_runs_a_projects_limit_held_back_go_when_its_runs_end_without_a_tick(
    transactional_db, log_dir, make_node, project
):
    """Nothing but the ends of the project's runs releases what its limit held back here (no
    scheduler runs): each end finds the project marked in the row it moves."""
    project.max_concurrent_instances = 1
    project.save(update_fields=["max_concurrent_instances"])
    nodes = [make_node(f"quick{i}", type="shell", code="true") for i in range(4)]
    generation.generate_day(yesterday(), node_ids=[n.id for n in nodes])
    ids = list(Instance.objects.filter(node__in=nodes).values_list("id", flat=True))
    worker = start_worker(log_dir, concurrency=2)
    try:
        wait_until(lambda: dispatch.live_slots().get("default") == 2, message="the worker's slots")
        assert dispatch.release() == 1
        project.refresh_from_db()
        assert project.limit_held
        wait_for_status(ids, {"success"}, timeout=60)
    finally:
        worker.stop()
    project.refresh_from_db()
    assert not project.limit_held
