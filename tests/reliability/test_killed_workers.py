"""A fan-out of shell nodes while workers and the scheduler are SIGKILLed and restarted every few
seconds: every instance ends succeeded, no instance ever ran two attempts at the same time,
and nothing is left running or queued."""

import random
import time

from projects.drivers.base import project_folder
from scheduler import dispatch, generation
from scheduler.models import Instance, InstanceEvent
from tests.scheduler.conftest import yesterday
from tests.stack import start_scheduler, start_worker, wait_until

WIDTH = 200


def test_fan_out_survives_killed_workers_and_schedulers(
    transactional_db, log_dir, make_node, project, owner
):
    project.group_slots = {"default": 1000}
    project.max_concurrent_instances = 1000
    project.save()
    trace = project_folder(project.id) / "trace"
    root = make_node("root", type="shell", code="true")
    for i in range(WIDTH):
        # Each run notes when it starts and ends in a file of the project's folder.
        code = (
            f'echo "start n{i} $(date +%s%N)" >> /sandbox/data/trace\n'
            "sleep 0.$((3 + RANDOM % 7))\n"
            f'echo "end n{i} $(date +%s%N)" >> /sandbox/data/trace\n'
        )
        make_node(
            f"n{i}", type="shell", code=code, upstream=[root], retries=5, retry_delay_seconds=0
        )
    generation.generate_day(yesterday())
    ids = list(Instance.objects.values_list("id", flat=True))
    assert len(ids) == WIDTH + 1

    env = {"INSTANCE_LEASE_SECONDS": "3", "QUEUED_REDISPATCH_SECONDS": "4"}
    rng = random.Random(3)
    generation_count = [0]

    def worker():
        generation_count[0] += 1
        return start_worker(log_dir, name=f"worker{generation_count[0]}", concurrency=2, **env)

    def scheduler():
        generation_count[0] += 1
        return start_scheduler(log_dir, name=f"scheduler{generation_count[0]}", **env)

    workers = [worker(), worker()]
    leader = scheduler()
    kills: list[float] = []  # when a worker died: its runs died with it
    dispatch.release()
    deadline = time.monotonic() + 400
    try:
        while time.monotonic() < deadline:
            done = Instance.objects.filter(id__in=ids, status="success").count()
            if done == len(ids):
                break
            time.sleep(rng.uniform(2, 4))
            victim = rng.randrange(3)
            if victim < 2:
                kills.append(time.time())
                workers[victim].kill()
                workers[victim].stop()
                workers[victim] = worker()
            else:
                leader.kill()
                leader.stop()
                leader = scheduler()
        wait_until(
            lambda: Instance.objects.filter(id__in=ids, status="success").count() == len(ids),
            timeout=120,
            interval=0.5,
            message="every instance to succeed",
        )
    finally:
        for proc in (*workers, leader):
            proc.stop()

    statuses = set(Instance.objects.filter(id__in=ids).values_list("status", flat=True))
    assert statuses == {"success"}, statuses
    assert len(kills) >= 3, "the workers were not killed often enough to mean anything"
    # No two attempts of one node's instance ran at once: a run lasts from its start to its
    # end, or (killed with its worker) to the first worker kill after its start.
    runs: dict[str, list[tuple[float, str]]] = {}
    for line in trace.read_text().splitlines():
        what, node, stamp = line.split()
        runs.setdefault(node, []).append((int(stamp) / 1e9, what))
    assert len(runs) == WIDTH
    for node, events in runs.items():
        events.sort()
        open_since = None
        for stamp, what in events:
            if what == "start":
                if open_since is not None:
                    ended = min((k for k in kills if k > open_since), default=None)
                    assert ended is not None and ended < stamp, (node, events, kills)
                open_since = stamp
            else:
                open_since = None
    retried = InstanceEvent.objects.filter(instance_id__in=ids, reason="lost_worker").count()
    print(f"{len(kills)} worker kills, {retried} instances recovered from lost workers")
