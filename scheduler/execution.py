"""One attempt of one instance on a worker: claim, run, record the outcome."""

import datetime as dt
import functools
import json
import logging
import os
import threading
import time
import zoneinfo
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, close_old_connections
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

from cycles import params as parameters
from projects.models import Node, Project, Workflow
from scheduler import follow_on
from scheduler.executors import ExecutionContext, ExecutionFailed, get_executor
from scheduler.logs import LogWriter
from scheduler.models import Instance, InstanceEvent, LogChunk
from scheduler.states import InstanceReason, InstanceState, RunKind, retry_after
from scheduler.transitions import (
    run_along,
    side_effects_in_background,
    transition,
    transition_and_read,
)
from workbench.redis_client import get_redis

log = logging.getLogger(__name__)
S = InstanceState


def kill_flag(instance_id: int, attempt: int) -> str:
    """Set by an operator's kill; keyed by attempt so a later rerun is not killed by it."""
    return f"workbench:kill:{instance_id}:{attempt}"


def request_kill(attempts) -> None:
    """Tell the workers running these (instance id, attempt) pairs to stop them now."""
    redis = get_redis()
    for instance_id, attempt in attempts:
        redis.set(kill_flag(instance_id, attempt), "1", ex=3600)


def _started(worker: str) -> dict:
    """The fields of queued -> running: the attempt counted and a lease taken."""
    now = timezone.now()
    return {
        "expected": {S.QUEUED},
        "reason": "started",
        "next_attempt": True,
        "started_at": now,
        "finished_at": None,
        "worker": worker,
        "lease_expires_at": now + dt.timedelta(seconds=settings.INSTANCE_LEASE_SECONDS),
        "error": "",
    }


def _claim_many(instance_ids: list[int], worker: str) -> list[int]:
    """queued -> running; the ids this caller claimed."""
    return transition(instance_ids, S.RUNNING, **_started(worker))


# What a run reads of its instance, node, workflow and project, read as it is claimed (one
# statement): building whole rows of four models through the ORM cost a noticeable part of a
# short run. Model -> (field, column) pairs.
_RUN_READS = {
    Instance: [
        (name, f"i.{name}")
        for name in (
            "project_id", "node_id", "run_kind", "version_id", "version_snapshot", "attempt",
            "max_attempts", "cyctime", "bizdate", "timeout_seconds", "params", "status",
            "backfill_id", "environment",
        )
    ],
    Node: [("id", "n.id"), ("deployed_version_id", "n.deployed_version_id"),
           ("workflow_id", "n.workflow_id")],
    Workflow: [("id", "w.id"), ("name", "w.name")],
    Project: [("id", "p.id"), ("timezone", "p.timezone"),
              ("default_timeout_seconds", "p.default_timeout_seconds"),
              ("max_timeout_seconds", "p.max_timeout_seconds"), ("name", "p.name"),
              ("parameter_dialect", "p.parameter_dialect")],
}  # fmt: skip
_RUN_JOINS = (
    f"JOIN {Node._meta.db_table} n ON n.id = i.node_id "
    f"JOIN {Workflow._meta.db_table} w ON w.id = n.workflow_id "
    f"JOIN {Project._meta.db_table} p ON p.id = i.project_id"
)


class AfterRunCheck(NamedTuple):
    """A check run after a successful run (quality rules): `path` names
    `check(instance, log, on_start) -> (passed, message)`, which calls `on_start()` before its
    work (the instance moves to `checking`); a failed check fails the instance (no retry:
    rerunning does not fix the data). `applies` is SQL over the claimed instance `i`, read with
    the claim, that says whether the check has anything to do for this run (most runs have no
    check: asking after the run cost a statement each)."""

    path: str
    applies: str


# Registered by the apps that check runs (their AppConfig.ready).
AFTER_RUN_CHECKS: list[AfterRunCheck] = []


def _run_read() -> tuple[str, str]:
    """The claim's read: the fields of _RUN_READS, then whether each check applies."""
    return _read_with(tuple(AFTER_RUN_CHECKS))


@functools.cache
def _read_with(checks: tuple[AfterRunCheck, ...]) -> tuple[str, str]:
    columns = [column for reads in _RUN_READS.values() for _, column in reads]
    columns += [f"({check.applies})" for check in checks]
    return ", ".join(columns), _RUN_JOINS


def _loaded(model, values: dict):
    """A model instance with only these fields loaded (from_db takes them in field order)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def _run_instance(instance_id: int, row) -> Instance:
    values, loaded = iter(row), {}
    for model, reads in _RUN_READS.items():
        fields = {name: next(values) for name, _ in reads}
        for name in ("version_snapshot", "params"):
            if isinstance(fields.get(name), str):
                fields[name] = json.loads(fields[name])
        loaded[model] = fields
    instance = _loaded(Instance, {"id": instance_id, **loaded[Instance]})
    instance.node = _loaded(Node, loaded[Node])
    instance.node.workflow = _loaded(Workflow, loaded[Workflow])
    instance.project = _loaded(Project, loaded[Project])
    instance.checks = [check.path for check in AFTER_RUN_CHECKS if next(values)]
    return instance


def _claim(instance_id: int, worker: str) -> Instance | None:
    """queued -> running for exactly one caller; a duplicate message finds nothing to claim."""
    row = transition_and_read(instance_id, S.RUNNING, read=_run_read(), **_started(worker))
    if row is None:
        return None
    instance = _run_instance(instance_id, row)
    if instance.run_kind == RunKind.SCHEDULED:
        _latest_deployed(instance)
    return instance


def _latest_deployed(instance: Instance) -> None:
    """A scheduled run that had not started yet runs the latest deployed version."""
    node: Node = instance.node
    if node.deployed_version_id and node.deployed_version_id != instance.version_id:
        snapshot = node.deployed_version.snapshot
        Instance.objects.filter(pk=instance.pk).update(
            version_id=node.deployed_version_id, version_snapshot=snapshot
        )
        instance.version_id, instance.version_snapshot = node.deployed_version_id, snapshot


class _Leases:
    """One thread per worker process renews the leases of the instances it is running (a thread
    per run would cost every run its start)."""

    def __init__(self):
        self.running: dict[int, str] = {}  # instance id -> worker name
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = 0

    def hold(self, instance_id: int, worker: str) -> None:
        with self.lock:
            self.running[instance_id] = worker
            if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self._renew, daemon=True, name="leases")
                self.thread.start()

    def release(self, instance_id: int) -> None:
        with self.lock:
            self.running.pop(instance_id, None)

    def _renew(self) -> None:
        every = max(1.0, settings.INSTANCE_LEASE_SECONDS / 3)
        while True:
            time.sleep(every)
            with self.lock:
                held = dict(self.running)
            for instance_id, worker in held.items():
                try:
                    Instance.objects.filter(
                        pk=instance_id, worker=worker, status__in=[S.RUNNING, S.CHECKING]
                    ).update(
                        lease_expires_at=timezone.now()
                        + dt.timedelta(seconds=settings.INSTANCE_LEASE_SECONDS)
                    )
                except Exception:
                    log.warning("lease renewal of instance %s failed", instance_id, exc_info=True)
                finally:
                    close_old_connections()


_leases = _Leases()


def _stop_check(instance_id: int, attempt: int):
    """True-ish once an operator killed this attempt. The Redis flag says so at once; the
    database has the last word, so that a flag that outlived its run (one of a database since
    restored, whose ids come again; or of an operation that rolled back) stops nothing, and is
    read every few seconds as a backstop should Redis lose the flag."""
    redis = get_redis()
    flag = kill_flag(instance_id, attempt)
    last_db_check = [time.monotonic()]

    def should_stop() -> str | None:
        try:
            flagged = redis.exists(flag)
        except RedisError:
            flagged = True  # the broker is down: ask the database now
        if flagged or time.monotonic() - last_db_check[0] > 2:
            last_db_check[0] = time.monotonic()
            status = (
                Instance.objects.filter(pk=instance_id).values_list("status", flat=True).first()
            )
            if status not in (S.RUNNING, S.CHECKING):
                return "killed"
        return None

    return should_stop


def build_context(instance: Instance, writer: LogWriter, *, keep_rows: bool) -> ExecutionContext:
    snapshot = instance.version_snapshot
    zone = zoneinfo.ZoneInfo(instance.project.timezone)
    cyctime_local = instance.cyctime.astimezone(zone).replace(tzinfo=None)
    context = parameters.ParamContext(
        jobid=str(instance.project_id),
        nodeid=str(instance.node_id),
        taskid=str(instance.id),
        node_name=snapshot.get("name") or "",
        workflow_id=str(instance.node.workflow_id),
        workflow_name=instance.node.workflow.name,
        project_name=instance.project.name,
    )
    # The version's own dialect, else the project's: the one the preview showed.
    dialect = snapshot.get("parameter_dialect") or instance.project.parameter_dialect
    rendered = parameters.render_node_params(
        snapshot.get("parameters") or {}, cyctime_local, dialect, context=context
    )
    code = snapshot.get("code") or ""
    if snapshot.get("type") in ("sql", "shell", "python", "sync"):
        code = parameters.substitute(code, rendered, cyctime_local, dialect, context=context)
    if rendered != instance.params:
        Instance.objects.filter(pk=instance.pk).update(params=rendered)
    should_stop = _stop_check(instance.id, instance.attempt)
    return ExecutionContext(
        instance_id=instance.id,
        attempt=instance.attempt,
        project_id=instance.project_id,
        node_id=instance.node_id,
        snapshot=snapshot,
        params=rendered,
        code=code,
        cyctime_local=cyctime_local,
        bizdate=instance.bizdate,
        timeout_seconds=instance.project.timeout_for(instance.timeout_seconds),
        log=writer.write,
        should_stop=should_stop,
        keep_rows=keep_rows,
        environment=instance.environment,
    )


def _run_checks(instance: Instance, writer: LogWriter) -> tuple[str, str, str]:
    def on_start():
        transition([instance.id], S.CHECKING, expected={S.RUNNING}, reason=InstanceReason.CHECKING)

    for path in instance.checks:
        passed, message = import_string(path)(instance, writer.write, on_start)
        if not passed:
            return S.FAILED, InstanceReason.QUALITY, message
    return S.SUCCESS, "succeeded", ""


def execute(
    instance_id: int, *, worker: str, after: int | None = None, offer: str | None = None
) -> str:
    """Claim and run one attempt; `after`: the instance whose run on this slot made it ready.
    With `offer` (a queue) the slot waits for the run's side effects and may take one of the
    runs they make ready (scheduler/follow_on.py); without, they go on in the background while
    the slot takes its next message."""
    instance = _claim(instance_id, worker)
    if instance is None:
        return "not claimed"
    # A virtual node returns at once: no log ticker and no lease renewal thread for it.
    instant = (instance.version_snapshot.get("type") or "virtual") == "virtual"
    writer = LogWriter(instance.id, instance.attempt, ticking=not instant)
    writer.write(
        f"attempt {instance.attempt} of {instance.max_attempts} on {worker}, "
        f"{instance.environment} environment"
    )
    if after is not None:
        writer.write(f"taken by the worker slot that ran instance {after}, which made it ready")
    if instance.attempt > 1 and _previous_attempt_lost(instance.id):
        writer.write(
            "the previous attempt's worker stopped answering: that attempt may have completed "
            "its work before it was lost; this attempt runs the code again"
        )
    if not instant:
        _leases.hold(instance.id, worker)
    outcome, reason, error, result = S.SUCCESS, "succeeded", "", {}
    try:
        ctx = build_context(instance, writer, keep_rows=instance.run_kind == RunKind.TEST)
        result = get_executor(instance.version_snapshot.get("type") or "virtual")(ctx).rows
        checked = instance.run_kind != RunKind.TEST and ctx.snapshot.get("type") != "virtual"
        if instance.checks and checked:
            instance.params = ctx.params
            outcome, reason, error = _run_checks(instance, writer)
    except ExecutionFailed as exc:
        outcome, reason, error = S.FAILED, exc.reason, str(exc)
    except parameters.ParamError as exc:
        outcome, reason, error = S.FAILED, InstanceReason.PARAMETER, str(exc)
    except Exception as exc:  # an executor bug still ends the attempt, visibly
        log.exception("instance %s crashed", instance_id)
        outcome, reason, error = S.FAILED, InstanceReason.ERROR, f"{type(exc).__name__}: {exc}"
    finally:
        _leases.release(instance.id)
    writer.write(f"FAILED: {error}" if error else "succeeded")
    # The outcome and the last lines of the log are stored in one transaction, right after the
    # run: the sooner, the smaller the window in which a worker killed after the run would
    # make it run again.
    writer.detach()
    finishing = follow_on.offer(offer) if offer else side_effects_in_background()
    with finishing:
        lines = writer.pending_statement()
        done = finish(instance, outcome, reason=reason, error=error, result=result, along=lines)
    writer.publish_flushed()
    return done


_queued_refreshed = [0.0]


def keep_queued(instance_ids: list[int]) -> None:
    """Instances waiting their turn in a batch are not lost messages: push their queued lease
    on now and then, so that recovery does not send them again while the batch runs."""
    now = time.monotonic()
    if not instance_ids or now - _queued_refreshed[0] < settings.QUEUED_REDISPATCH_SECONDS / 3:
        return
    _queued_refreshed[0] = now
    Instance.objects.filter(id__in=instance_ids, status=S.QUEUED).update(
        lease_expires_at=timezone.now() + dt.timedelta(seconds=settings.QUEUED_REDISPATCH_SECONDS)
    )


def _previous_attempt_lost(instance_id: int) -> bool:
    """Did the attempt before this one end because its worker vanished (see recovery)?"""
    last = (
        InstanceEvent.objects.filter(instance_id=instance_id)
        .exclude(reason=InstanceReason.STARTED)
        .order_by("-id")
        .values_list("reason", flat=True)
        .first()
    )
    return last == "lost_worker"


def execute_virtual_batch(instance_ids: list[int], *, worker: str) -> str:
    """Run many virtual instances in a few statements: claim all, log, succeed all.

    A scheduled instance whose node was redeployed since it was queued runs on its own, since
    it runs the latest deployed version, which may not be virtual any more.
    """
    redeployed = set(
        Instance.objects.filter(id__in=instance_ids, run_kind=RunKind.SCHEDULED)
        .exclude(node__deployed_version_id=F("version_id"))
        .values_list("id", flat=True)
    )
    for instance_id in redeployed:
        execute(instance_id, worker=worker)
    claimed = _claim_many([i for i in instance_ids if i not in redeployed], worker)
    if not claimed:
        return "not claimed"
    stamp = time.strftime("%H:%M:%S")
    rows = Instance.objects.filter(id__in=claimed).values_list("id", "attempt", "max_attempts")
    LogChunk.objects.bulk_create(
        LogChunk(
            instance_id=instance_id,
            attempt=attempt,
            seq=1,
            text=(
                f"{stamp} attempt {attempt} of {max_attempts} on {worker}\n"
                f"{stamp} virtual node: nothing to run\n{stamp} succeeded\n"
            ),
        )
        for instance_id, attempt, max_attempts in rows
    )
    done = transition(
        claimed,
        S.SUCCESS,
        expected={S.RUNNING},
        reason=InstanceReason.SUCCEEDED,
        finished_at=timezone.now(),
        lease_expires_at=None,
        result={},
    )
    return f"{len(done)} succeeded"


def finish(
    instance: Instance, outcome: str, *, reason: str, error: str = "", result=None, along=None
) -> str:
    """Record the outcome of an attempt (with `along`, its last log lines: see transition)."""
    now = timezone.now()
    done = {"finished_at": now, "lease_expires_at": None, "along": along}
    if outcome == S.SUCCESS:
        moved = transition(
            [instance.id],
            S.SUCCESS,
            expected={S.RUNNING, S.CHECKING},
            reason=reason,
            result=result or {},
            **done,
        )
        return "success" if moved else "superseded"
    if (
        reason == InstanceReason.KILLED
    ):  # the kill itself already moved it: only the log lines are left
        run_along(along)
        return "killed"
    if instance.attempt < instance.max_attempts and reason != InstanceReason.QUALITY:
        delay = int(instance.version_snapshot.get("retry_delay_seconds") or 0)
        moved = transition(
            [instance.id],
            S.PENDING,
            expected={S.RUNNING},
            reason=retry_after(reason),
            message=error,
            error=error,
            not_before=now + dt.timedelta(seconds=delay),
            **done,
        )
        # (without a delay it goes again at once: dispatch.retries_of_moves)
        return "retry" if moved else "superseded"
    moved = transition(
        [instance.id],
        S.FAILED,
        expected={S.RUNNING, S.CHECKING},
        reason=reason,
        message=error,
        error=error,
        **done,
    )
    return "failed" if moved else "superseded"
