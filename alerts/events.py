"""Where alerts come from: instance transitions, quality runs, backfills and the scheduler loop."""

import datetime as dt
import logging
import time
import zoneinfo

from django.conf import settings
from django.db import connection
from django.utils import timezone

from alerts import incidents, services
from alerts.models import AlertRule, Event, Incident, IncidentStatus
from scheduler.models import Instance
from scheduler.selectors import usual_seconds
from scheduler.states import FINISHED, InstanceReason, InstanceState, RunKind
from workbench import prepared

log = logging.getLogger(__name__)


def instance_context(instance: Instance) -> dict:
    duration = None
    if instance.started_at:
        duration = ((instance.finished_at or timezone.now()) - instance.started_at).total_seconds()
    return {
        "instance": {
            "id": instance.id,
            "node_id": instance.node_id,
            "node_name": instance.node.name,
            "workflow_id": instance.node.workflow_id,
            "bizdate": instance.bizdate.isoformat(),
            "cyctime": instance.cyctime.isoformat(),
            "status": instance.status,
            "attempt": instance.attempt,
            "run_kind": instance.run_kind,
            "reason": instance.reason,
            "error": (instance.error or "")[-1000:],
            "duration_seconds": duration,
            "url": f"{settings.WORKBENCH_BASE_URL}/operations/instances/{instance.id}",
        }
    }


def _rules_by_project(project_ids) -> dict[int, list[AlertRule]]:
    found: dict[int, list[AlertRule]] = {}
    if not _any_rules(project_ids):  # the usual case after a run; one cheap query
        return found
    for rule in AlertRule.objects.filter(project_id__in=project_ids, enabled=True).select_related(
        "project"
    ):
        found.setdefault(rule.project_id, []).append(rule)
    return found


def _any_rules(project_ids) -> bool:
    sql = f"SELECT 1 FROM {AlertRule._meta.db_table} WHERE project_id = ANY(%(ids)s) AND enabled LIMIT 1"
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, {"ids": sorted(project_ids)})
        return cursor.fetchone() is not None


def _instance_events(instance: Instance) -> list[str]:
    if instance.status == InstanceState.SUCCESS:
        return [Event.INSTANCE_SUCCEEDED]
    if instance.status == InstanceState.FAILED:
        if instance.reason == InstanceReason.TIMEOUT:
            return [Event.INSTANCE_FAILED, Event.INSTANCE_TIMED_OUT]
        return [Event.INSTANCE_FAILED]
    return []


def on_transitions(events) -> None:
    """After-commit hook of scheduler.transitions: alerts for finished runs."""
    relevant = [e for e in events if e.to_status in (InstanceState.SUCCESS, InstanceState.FAILED)]
    if not relevant:
        return
    rules = _rules_by_project({e.project_id for e in relevant})
    if not rules:
        return
    instances = Instance.objects.filter(
        id__in=[e.instance_id for e in relevant], project_id__in=list(rules)
    ).select_related("node")
    recovered: dict[int, set[int]] = {}
    raised = []
    for instance in instances:
        if instance.run_kind == RunKind.TEST:
            continue
        if instance.status == InstanceState.SUCCESS:
            recovered.setdefault(instance.project_id, set()).add(instance.node_id)
        for event in _instance_events(instance):
            for rule in rules[instance.project_id]:
                if event in rule.events and services.rule_covers(rule, instance.node):
                    raised.append((rule, event, instance))
    # The alerts of a burst of failures in one transaction: a commit each made the burst's
    # alerts (and their first messages) fall seconds behind the failures.
    with services.rules_locked({rule.id for rule, _, _ in raised}):
        for rule, event, instance in raised:
            services.raise_alert(
                rule,
                event,
                key=f"{event}:i{instance.id}:a{instance.attempt}",
                throttle_key=f"{event}:n{instance.node_id}",
                context=instance_context(instance),
                instance_id=instance.id,
            )
    for project_id, node_ids in recovered.items():
        incidents.resolve_for_nodes(project_id, node_ids, reason="the node succeeded again")


def on_quality_failed(run) -> None:
    rules = _rules_by_project([run.project_id]).get(run.project_id, [])
    if not rules:
        return
    instance = (
        Instance.objects.select_related("node").filter(pk=run.instance_id).first()
        if run.instance_id
        else None
    )
    node = instance.node if instance else run.rule.nodes.first()
    context = instance_context(instance) if instance else {}
    context["quality"] = {
        "run_id": run.id,
        "rule": run.rule.name,
        "strength": run.strength,
        "verdict": run.verdict,
        "value": run.value,
        "lower": run.lower,
        "upper": run.upper,
        "message": run.message,
        "bizdate": run.bizdate.isoformat(),
    }
    for rule in rules:
        if Event.QUALITY_FAILED in rule.events and services.rule_covers(rule, node):
            services.raise_alert(
                rule,
                Event.QUALITY_FAILED,
                key=f"quality_failed:r{run.id}",
                throttle_key=quality_key(run.rule_id),
                context=context,
                instance_id=run.instance_id,
                node_id=node.id if node else None,
            )


def on_quality_passed(run) -> None:
    """A quality rule passed again: its open incidents recover."""
    open_ = Incident.objects.filter(
        project_id=run.project_id,
        event=Event.QUALITY_FAILED,
        key=quality_key(run.rule_id),
    ).exclude(status=IncidentStatus.RESOLVED)
    if open_.exists():
        incidents.resolve_matching(
            open_, reason=f"the quality rule passed again ({run.bizdate.isoformat()})"
        )


def quality_key(rule_id: int) -> str:
    return f"quality_failed:q{rule_id}"


def on_backfill_finished(backfill) -> None:
    event = Event.BACKFILL_FAILED if backfill.status == "failed" else Event.BACKFILL_FINISHED
    context = {
        "backfill": {
            "id": backfill.id,
            "name": backfill.name,
            "status": backfill.status,
            "counts": backfill.status_counts(),
            "url": f"{settings.WORKBENCH_BASE_URL}/operations/backfills/{backfill.id}",
        }
    }
    for rule in _rules_by_project([backfill.project_id]).get(backfill.project_id, []):
        if event in rule.events:
            services.raise_alert(
                rule,
                event,
                key=f"{event}:b{backfill.id}",
                throttle_key=f"{event}:b{backfill.id}",
                context=context,
            )


def on_generation_failed(project_id, day, error) -> None:
    """Project-wide rules watching `generation_failed`: once per project and cycle date."""
    context = {"detail": f"instances of {day.isoformat()} could not be generated: {error}"}
    for rule in services.rules_for(project_id, Event.GENERATION_FAILED):
        if services.rule_covers(rule, None):
            services.raise_alert(
                rule,
                Event.GENERATION_FAILED,
                key=f"generation_failed:p{project_id}:{day.isoformat()}",
                throttle_key=f"generation_failed:p{project_id}",
                context=context,
            )


_last_watch = 0.0


def watch(now=None) -> int:
    """Scheduler step: deadlines missed and runs far over their usual duration (every 10 s)."""
    global _last_watch
    if time.monotonic() - _last_watch < settings.ALERTS_WATCH_SECONDS:
        return 0
    _last_watch = time.monotonic()
    now = now or timezone.now()
    raised = 0
    rules = AlertRule.objects.filter(enabled=True).select_related("project")
    for rule in rules:
        if Event.DEADLINE_MISSED in rule.events and rule.deadline is not None:
            raised += _deadlines(rule, now)
        if Event.DURATION_EXCEEDED in rule.events and rule.duration_factor:
            raised += _long_runs(rule, now)
    raised += services.resend_due(now)
    raised += services.send_digests(now)
    return raised


def _scoped(rule: AlertRule, instances):
    if rule.scope == "workflow":
        return instances.filter(node__workflow_id=rule.workflow_id)
    if rule.scope == "node":
        return instances.filter(node_id=rule.node_id)
    if rule.scope == "owner":
        return instances.filter(node__owner_id=rule.owner_id)
    return instances


def _deadlines(rule: AlertRule, now: dt.datetime) -> int:
    """Scheduled instances of today (the cycle day, project time) not finished by the deadline."""
    zone = zoneinfo.ZoneInfo(rule.project.timezone)
    local = now.astimezone(zone)
    deadline = dt.datetime.combine(local.date(), rule.deadline, tzinfo=zone)
    if local < deadline:
        return 0
    day_start = dt.datetime.combine(local.date(), dt.time(), tzinfo=zone)
    late = _scoped(
        rule,
        Instance.objects.filter(
            project_id=rule.project_id,
            run_kind=RunKind.SCHEDULED,
            cyctime__gte=day_start,
            cyctime__lte=deadline,
            dry_run=False,
        ).exclude(status__in=FINISHED),
    ).select_related("node")[:1000]
    raised = 0
    for instance in late:
        context = instance_context(instance)
        context["detail"] = f"deadline {rule.deadline:%H:%M} ({rule.project.timezone})"
        alert = services.raise_alert(
            rule,
            Event.DEADLINE_MISSED,
            key=f"deadline_missed:i{instance.id}:{local.date()}",
            throttle_key=f"deadline_missed:n{instance.node_id}",
            context=context,
            instance_id=instance.id,
        )
        raised += alert is not None
    return raised


def _long_runs(rule: AlertRule, now: dt.datetime) -> int:
    running = list(
        _scoped(
            rule,
            Instance.objects.filter(
                project_id=rule.project_id, status=InstanceState.RUNNING, started_at__isnull=False
            ),
        ).select_related("node")[:1000]
    )
    usual_by_node = usual_seconds({instance.node_id for instance in running})
    raised = 0
    for instance in running:
        usual = usual_by_node.get(instance.node_id)
        if not usual:
            continue
        elapsed = now - instance.started_at
        if elapsed.total_seconds() <= usual * rule.duration_factor:
            continue
        context = instance_context(instance)
        context["detail"] = f"running for {elapsed.total_seconds():.0f} s; usually {usual:.0f} s"
        alert = services.raise_alert(
            rule,
            Event.DURATION_EXCEEDED,
            key=f"duration_exceeded:i{instance.id}:a{instance.attempt}",
            throttle_key=f"duration_exceeded:n{instance.node_id}",
            context=context,
            instance_id=instance.id,
        )
        raised += alert is not None
    return raised
