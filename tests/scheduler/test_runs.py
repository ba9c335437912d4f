"""Retries, timeouts, kills, operator actions and failure recovery on real workers."""

import datetime as dt
import re
import signal
import time

import pytest

from scheduler import dispatch, generation, recovery, services
from scheduler.execution import request_kill
from scheduler.logs import read_log
from scheduler.models import Instance, InstanceEvent
from scheduler.tasks import run_instance
from tests.scheduler.conftest import wait_for_status, yesterday
from tests.stack import start_worker, wait_until

# What the worker logs of each message of scheduler.run_instance it is done with.
DONE = re.compile(r"scheduler\.run_instance\[[^\]]+\] succeeded in \S+: '([^']*)'")


def _generate(*nodes):
    generation.generate_day(yesterday(), node_ids=[n.id for n in nodes])
    return {i.node_id: i.id for i in Instance.objects.filter(node__in=nodes)}


def test_retries_then_fails_once_with_every_attempt_logged(worker, make_node):
    node = make_node(
        "flaky", type="shell", code="echo try; exit 3", retries=2, retry_delay_seconds=0
    )
    ids = _generate(node)
    dispatch.release()
    wait_for_status([ids[node.id]], {"failed"}, timeout=60)
    instance = Instance.objects.get(pk=ids[node.id])
    assert instance.attempt == 3 and instance.error == "exited with code 3"
    reasons = list(
        InstanceEvent.objects.filter(instance=instance).values_list("to_status", "reason")
    )
    assert reasons.count(("pending", "retry_after_error")) == 2
    assert reasons[-1] == ("failed", "error")
    assert read_log(instance.id).count("try") == 3


def test_retry_waits_for_its_delay(worker, make_node):
    node = make_node("slow-retry", type="shell", code="exit 1", retries=1, retry_delay_seconds=3)
    ids = _generate(node)
    dispatch.release()
    wait_for_status([ids[node.id]], {"pending"}, timeout=30)
    instance = Instance.objects.get(pk=ids[node.id])
    assert instance.not_before > instance.finished_at + dt.timedelta(seconds=2)
    assert dispatch.release() == 0  # not before its delay
    assert dispatch.release(now=instance.not_before - dt.timedelta(milliseconds=1)) == 0
    assert dispatch.release(now=instance.not_before) == 1
    wait_for_status([instance.id], {"failed"}, timeout=30)


def test_timeout_stops_the_run_and_all_it_started(worker, make_node, project_files):
    # A background process the script started keeps touching a file of the project's folder
    # until it is stopped; it must stop with the run.
    code = (
        "(while true; do date +%s%N > /sandbox/data/beat; sleep 0.1; done) &\n"
        "setsid sleep 300 &\nwait\n"
    )
    node = make_node("hangs", type="shell", code=code, timeout_seconds=2)
    ids = _generate(node)
    dispatch.release()
    wait_for_status([ids[node.id]], {"failed"}, timeout=30)
    instance = Instance.objects.get(pk=ids[node.id])
    assert "timed out after 2 s" in instance.error
    assert instance.reason == "timeout"
    beat = project_files / "beat"
    last = beat.read_text()
    time.sleep(0.6)  # not a wait but the window looked at: a writer left would beat 6 times
    assert beat.read_text() == last, "a process of the run outlived it"


def test_kill_a_running_instance(worker, make_node, owner):
    node = make_node(
        "long", type="python", code="import time\nprint('working', flush=True)\ntime.sleep(120)"
    )
    ids = _generate(node)
    dispatch.release()
    wait_for_status([ids[node.id]], {"running"}, timeout=30)
    wait_until(
        lambda: "working" in read_log(ids[node.id]),
        timeout=20,
        message=f"the script to start: {read_log(ids[node.id])!r}",
    )
    started = time.monotonic()
    services.instance_kill(instance=Instance.objects.get(pk=ids[node.id]), actor=owner)
    assert Instance.objects.get(pk=ids[node.id]).status == "killed"
    wait_until(
        lambda: "killed by an operator" in read_log(ids[node.id]),
        timeout=10,
        message="the process to die",
    )
    assert time.monotonic() - started < 5


def test_a_kill_flag_that_outlived_its_run_stops_nothing(worker, make_node):
    """A flag of the same instance id and attempt left behind (a database restored since, an
    operation that rolled back): the database, where the instance still runs, has the last
    word."""
    node = make_node("flagged", type="shell", code="sleep 1.5; echo done")
    ids = _generate(node)
    request_kill([(ids[node.id], 1)])  # the attempt it is about to start
    dispatch.release()
    wait_for_status([ids[node.id]], {"success"}, timeout=30)
    assert "done" in read_log(ids[node.id])


def test_set_success_lets_downstream_run_and_rerun_with_downstream(worker, make_node, owner):
    a = make_node("a", type="shell", code="exit 1")
    b = make_node("b", upstream=[a])
    c = make_node("c", upstream=[b])
    ids = _generate(a, b, c)
    dispatch.release()
    wait_for_status([ids[a.id]], {"failed"})
    assert Instance.objects.get(pk=ids[b.id]).status == "pending"  # blocked by its failed upstream
    services.instance_set_success(instance=Instance.objects.get(pk=ids[a.id]), actor=owner)
    wait_for_status([ids[b.id], ids[c.id]], {"success"})

    rerun = services.instance_rerun_downstream(
        instance=Instance.objects.get(pk=ids[a.id]), actor=owner
    )
    assert sorted(rerun) == sorted(ids.values())
    wait_for_status([ids[a.id]], {"failed"})
    assert {Instance.objects.get(pk=ids[x.id]).status for x in (b, c)} == {"pending"}


def test_rerun_policy_is_honoured(make_node, owner, db):
    node = make_node("once", rerun_policy="never")
    ids = _generate(node)
    Instance.objects.filter(pk=ids[node.id]).update(status="success")
    with pytest.raises(Exception, match="forbids reruns"):
        services.instance_rerun(instance=Instance.objects.get(pk=ids[node.id]), actor=owner)
    only = make_node("only-failed", rerun_policy="only_after_failure")
    ids = _generate(only)
    Instance.objects.filter(pk=ids[only.id]).update(status="success")
    with pytest.raises(Exception, match="only after a failure"):
        services.instance_rerun(instance=Instance.objects.get(pk=ids[only.id]), actor=owner)


def test_a_duplicate_celery_delivery_runs_once(worker, make_node, project_files):
    marker = project_files / "runs.txt"
    node = make_node("once-only", type="shell", code="echo run >> /sandbox/data/runs.txt; sleep 1")
    ids = _generate(node)
    dispatch.release()  # sends one message
    run_instance.apply_async(args=[ids[node.id]], queue="default")  # and a duplicate
    run_instance.apply_async(args=[ids[node.id]], queue="default")
    wait_for_status([ids[node.id]], {"success"})

    def handled():
        outcomes = DONE.findall(worker.log())
        return outcomes if len(outcomes) == 3 else None

    outcomes = wait_until(handled, message="the worker to be done with the three messages")
    assert outcomes.count("not claimed") == 2
    assert marker.read_text().count("run") == 1
    assert InstanceEvent.objects.filter(instance_id=ids[node.id], to_status="running").count() == 1


def test_a_worker_killed_mid_run_is_recovered(transactional_db, log_dir, make_node, settings):
    settings.INSTANCE_LEASE_SECONDS = 3
    doomed = start_worker(log_dir, name="doomed", INSTANCE_LEASE_SECONDS="3")
    try:
        node = make_node("victim", type="shell", code="sleep 600", retries=1, retry_delay_seconds=0)
        ids = _generate(node)
        dispatch.release()
        wait_for_status([ids[node.id]], {"running"}, timeout=30)
        doomed.kill(signal.SIGKILL)
    finally:
        doomed.stop()
    instance = Instance.objects.get(pk=ids[node.id])
    wait_until(
        lambda: Instance.objects.get(pk=instance.id).lease_expires_at < dt.datetime.now(dt.UTC),
        timeout=10,
        message="the lease to expire",
    )
    recovery.recover_lost(dt.datetime.now(dt.UTC))
    recovered = Instance.objects.get(pk=instance.id)
    assert recovered.status == "pending" and recovered.reason == "lost_worker"
    Instance.objects.filter(pk=instance.id).update(
        version_snapshot={**recovered.version_snapshot, "code": "true"}
    )
    healthy = start_worker(log_dir, name="healthy")
    try:
        dispatch.release()
        wait_for_status([instance.id], {"success"}, timeout=30)
    finally:
        healthy.stop()
    assert Instance.objects.get(pk=instance.id).attempt == 2


ENDLESS_SQL = (
    "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
)


def test_sql_statement_is_cancelled_on_timeout(worker, make_node, warehouse):
    node = make_node(
        "endless", type="sql", datasource=warehouse, code=ENDLESS_SQL, timeout_seconds=2
    )
    ids = _generate(node)
    dispatch.release()
    wait_for_status([ids[node.id]], {"failed"}, timeout=40)
    instance = Instance.objects.get(pk=ids[node.id])
    assert instance.reason == "timeout" and "timed out after 2 s" in instance.error
    assert (instance.finished_at - instance.started_at).total_seconds() < 15


def test_killing_a_sql_node_cancels_its_statement(worker, make_node, warehouse, owner):
    node = make_node("endless", type="sql", datasource=warehouse, code=ENDLESS_SQL)
    follower = make_node("follower", type="sql", datasource=warehouse, code="select 42")
    ids = _generate(node)
    dispatch.release()
    wait_for_status([ids[node.id]], {"running"}, timeout=30)
    wait_until(  # reported as the statement is sent
        lambda: "[1/1] with recursive" in read_log(ids[node.id]), message="the statement to run"
    )
    services.instance_kill(instance=Instance.objects.get(pk=ids[node.id]), actor=owner)
    # The warehouse file is free again only once the statement stopped and its connection closed.
    [after] = services.node_run_manual(
        node=follower, bizdate=yesterday(), with_downstream=False, actor=owner
    )
    wait_for_status([after.id], {"success", "failed"}, timeout=30)
    assert Instance.objects.get(pk=after.id).status == "success", read_log(after.id)
    wait_until(
        lambda: "killed by an operator" in read_log(ids[node.id]),
        timeout=10,
        message="the attempt's log to end with the kill",
    )
