"""Broker restarts and duplicate schedulers: nothing lost, nothing run twice."""

import subprocess
import time

from scheduler import generation
from scheduler.models import Instance, InstanceEvent
from tests.scheduler.conftest import wait_for_status, yesterday
from tests.stack import start_scheduler, start_worker, wait_until
from workbench import embedded


def _runs_once_each(ids):
    for instance_id in ids:
        running = InstanceEvent.objects.filter(instance_id=instance_id, to_status="running")
        assert running.count() == 1, (instance_id, list(running.values_list("attempt", flat=True)))
    assert set(Instance.objects.filter(id__in=ids).values_list("attempt", flat=True)) == {1}


def test_two_schedulers_dispatch_each_instance_once(transactional_db, log_dir, make_node):
    for i in range(10):
        make_node(f"n{i}", type="shell", code="sleep 0.05", cron="*/30 * * * *")
    generation.generate_day(yesterday())
    ids = list(Instance.objects.values_list("id", flat=True))
    assert len(ids) == 480
    # Both loops run every step; only the leader acts, and a takeover must not double-queue.
    one = start_scheduler(log_dir, name="scheduler-a", SCHEDULER_LEASE_SECONDS="2")
    two = start_scheduler(log_dir, name="scheduler-b", SCHEDULER_LEASE_SECONDS="2")
    worker = start_worker(log_dir, concurrency=2)
    try:
        wait_until(
            lambda: Instance.objects.filter(status="success").count() >= 40,
            timeout=60,
            message="runs to start",
        )
        one.kill()  # the standby takes over in the middle of the day's runs
        wait_for_status(ids, {"success"}, timeout=240)
    finally:
        for proc in (worker, two, one):
            proc.stop()
    queued = InstanceEvent.objects.filter(instance_id__in=ids, to_status="queued")
    assert queued.count() == len(ids)
    _runs_once_each(ids)


def test_redis_restart_while_instances_are_queued(transactional_db, log_dir, make_node, tmp_path):
    socket_path = tmp_path / "broker.sock"
    command = embedded.redis_server_command(socket_path)
    redis_server = subprocess.Popen(command)
    embedded.wait_for_redis(socket_path)
    broker = {"REDIS_URL": f"unix://{socket_path}", "QUEUED_REDISPATCH_SECONDS": "3"}
    # More than a message carries (dispatch.MAX_BATCH) for the one slot: some wait in the broker.
    for i in range(20):
        make_node(f"slow{i}", type="shell", code="sleep 0.5", cron="0 1 * * *")
    generation.generate_day(yesterday())
    ids = list(Instance.objects.values_list("id", flat=True))
    worker = start_worker(log_dir, concurrency=1, **broker)
    scheduler = start_scheduler(log_dir, **broker)
    try:
        wait_until(
            lambda: (
                Instance.objects.filter(status="running").exists()
                and Instance.objects.filter(status="queued").count() >= 3
            ),
            timeout=60,
            message="a running instance and queued ones",
        )
        redis_server.kill()  # the queued messages die with it (nothing is persisted)
        redis_server.wait()
        time.sleep(2)
        redis_server = subprocess.Popen(command)
        embedded.wait_for_redis(socket_path)
        wait_for_status(ids, {"success"}, timeout=120)
    finally:
        scheduler.stop()
        worker.stop()
        redis_server.kill()
    _runs_once_each(ids)
    # the messages lost with the broker were sent again by the scheduler's repair step
    assert "resending" in scheduler.log()
