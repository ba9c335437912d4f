"""Every write of the quality app: rules, and running them (by hand or after a bound node runs)."""

import datetime as dt
import logging
import time
import zoneinfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cycles import dates
from cycles import params as parameters
from projects import audit, environments, validation
from projects.models import Node
from quality import checks
from quality.models import QualityRule, QualityRun, RuleKind, Strength, Verdict
from workbench import hooks

log = logging.getLogger(__name__)

# Dotted paths of `hook(run)`, told after commit of a run whose verdict is failed or error
# (workbench/hooks.py).
RULE_FAILED_HOOKS: list[str] = []
# ... and of a run that passed (an alert about the rule recovers).
RULE_PASSED_HOOKS: list[str] = []

RULE_FIELDS = (
    "name",
    "datasource",
    "table",
    "partition_filter",
    "kind",
    "column",
    "columns",
    "min_value",
    "max_value",
    "allowed_values",
    "sql",
    "metric",
    "window",
    "tolerance_pct",
    "strength",
    "enabled",
)


def _clean(project, fields: dict, rule: QualityRule | None = None) -> dict:
    if "name" in fields:
        fields["name"] = validation.unique_name(
            QualityRule.objects.filter(project=project),
            fields["name"],
            "quality rule",
            exclude=rule,
        )
    merged = QualityRule(project=project)
    if rule is not None:
        for name in RULE_FIELDS:
            setattr(merged, name, getattr(rule, name))
    for name, value in fields.items():
        if name != "nodes":
            setattr(merged, name, value)
    _check_rule(merged)
    return fields


def _check_rule(rule: QualityRule) -> None:
    if rule.kind == RuleKind.FLUCTUATION:
        if rule.metric not in (RuleKind.ROW_COUNT, RuleKind.CUSTOM_SQL):
            validation.fail("metric", _("measure row_count or custom_sql"))
        if rule.tolerance_pct is None or rule.tolerance_pct < 0:
            validation.fail("tolerance_pct", _("a percentage of at least 0"))
        if not 1 <= rule.window <= 365:
            validation.fail("window", _("between 1 and 365 runs"))
    no_bounds = rule.min_value is None and rule.max_value is None
    if rule.kind in (RuleKind.ROW_COUNT, RuleKind.CUSTOM_SQL) and no_bounds:
        validation.fail("min_value", _("give a minimum, a maximum or both"))
    if (
        rule.min_value is not None
        and rule.max_value is not None
        and rule.min_value > rule.max_value
    ):
        validation.fail("max_value", _("must not be below min_value"))
    if rule.kind != RuleKind.CUSTOM_SQL and not (
        rule.kind == RuleKind.FLUCTUATION and rule.metric == RuleKind.CUSTOM_SQL
    ):
        try:
            checks.check_table(rule.table)
        except checks.RuleError as exc:
            validation.fail(exc.field, exc.reason)
    try:
        sql = checks.metric_sql(rule, rule.partition_filter or "")
        parameters.render(
            sql, dates.local_cycle_time(timezone.localdate()), rule.project.parameter_dialect
        )
    except checks.RuleError as exc:
        validation.fail(exc.field, exc.reason)
    except parameters.ParamError as exc:
        field = "sql" if exc.expr in (rule.sql or "") else "partition_filter"
        validation.fail(field, str(exc))


def _bind(rule: QualityRule, node_ids) -> None:
    ids = [int(i) for i in node_ids]
    nodes = list(Node.objects.filter(project=rule.project, pk__in=ids))
    if len(nodes) != len(set(ids)):
        validation.fail("nodes", _("every node must belong to this project"))
    rule.nodes.set(nodes)


@transaction.atomic
def rule_create(*, project, actor, nodes=(), **fields) -> QualityRule:
    fields = _clean(project, fields)
    rule = QualityRule.objects.create(project=project, created_by=_user(actor), **fields)
    _bind(rule, nodes)
    audit.record(project=project, actor=actor, action="quality_rule.create", obj=rule)
    return rule


@transaction.atomic
def rule_update(*, rule: QualityRule, actor, nodes=None, **fields) -> QualityRule:
    fields = _clean(rule.project, fields, rule)
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.save()
    if nodes is not None:
        _bind(rule, nodes)
    audit.record(
        project=rule.project,
        actor=actor,
        action="quality_rule.update",
        obj=rule,
        changes={k: str(v) for k, v in fields.items()},
    )
    return rule


@transaction.atomic
def rule_delete(*, rule: QualityRule, actor) -> None:
    audit.record(project=rule.project, actor=actor, action="quality_rule.delete", obj=rule)
    rule.delete()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def render_sql(rule: QualityRule, cyctime_local: dt.datetime, values=None) -> str:
    """The SQL the rule runs for one cycle, parameters rendered in the project's dialect."""
    sql = checks.metric_sql(rule, rule.partition_filter or "")
    return parameters.render(
        sql, cyctime_local, rule.project.parameter_dialect, values=values or {}
    )


def preview_sql(*, project, bizdate: dt.date, **fields) -> str:
    rule = QualityRule(project=project, **{k: v for k, v in fields.items() if k != "nodes"})
    try:
        return render_sql(rule, dates.local_cycle_time(bizdate))
    except checks.RuleError as exc:
        validation.fail(exc.field, exc.reason)
    except parameters.ParamError as exc:
        validation.fail("partition_filter", str(exc))


def _history(rule: QualityRule, bizdate: dt.date, environment: str) -> list[float]:
    """Values of the last `window` business dates before `bizdate` (latest run of each), in the
    same environment: development data says nothing about production's trend."""
    values, seen = [], set()
    runs = (
        QualityRun.objects.filter(
            rule=rule,
            environment=environment,
            bizdate__lt=bizdate,
            verdict__in=[Verdict.PASSED, Verdict.FAILED],
            value__isnull=False,
        )
        .order_by("-bizdate", "-id")
        .values_list("bizdate", "value")
    )
    for day, value in runs.iterator():
        if day not in seen:
            seen.add(day)
            values.append(value)
            if len(values) >= rule.window:
                break
    return values


def _measure(rule: QualityRule, sql: str, run_id: int, environment: str) -> float:
    """The rule's number; its SQL is a user's, so on a file engine it runs in the sandbox."""
    from scheduler.executors.sql import measure

    if not rule.datasource_id:
        raise ValueError("the rule has no data source")
    datasource = environments.connection(rule.datasource, environment)
    if not datasource.config:
        raise ValueError(f"data source {datasource.name} has no {environment} connection")
    return measure(
        datasource,
        sql,
        label=f"quality-{run_id}",
        timeout_seconds=rule.project.default_timeout_seconds,
    )


def execute_run(
    run: QualityRun,
    *,
    cyctime_local: dt.datetime,
    values=None,
) -> QualityRun:
    """Measure and judge one run (on a worker) on its environment's connection; errors are
    stored as verdict `error`."""
    rule = run.rule
    started = time.perf_counter()
    try:
        run.sql = render_sql(rule, cyctime_local, values)
        value = _measure(rule, run.sql, run.id, run.environment)
        history = (
            _history(rule, run.bizdate, run.environment)
            if rule.kind == RuleKind.FLUCTUATION
            else []
        )
        passed, bounds, message = checks.judge(rule, value, history)
        run.value, run.lower, run.upper, run.message = value, bounds.lower, bounds.upper, message
        run.verdict = Verdict.PASSED if passed else Verdict.FAILED
    except Exception as exc:  # a broken rule must never read as passed
        run.verdict = Verdict.ERROR
        run.message = f"{type(exc).__name__}: {exc}"
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    run.finished_at = timezone.now()
    run.save()
    passed_or_failed = RULE_PASSED_HOOKS if run.verdict == Verdict.PASSED else RULE_FAILED_HOOKS
    transaction.on_commit(lambda: hooks.call(passed_or_failed, run))
    return run


def request_run(*, rule: QualityRule, bizdate: dt.date, actor) -> QualityRun:
    """A run by hand for a business date: stored now, measured on a worker."""
    from quality.tasks import run_rule

    run = QualityRun.objects.create(
        project=rule.project,
        rule=rule,
        bizdate=bizdate,
        strength=rule.strength,
        # A run by hand tries the rule: development in a standard-mode project.
        environment=environments.for_trying(rule.project),
        triggered_by=_user(actor),
    )
    transaction.on_commit(lambda: run_rule.delay(run.id))
    return run


def run_pending(run_id: int) -> QualityRun | None:
    run = (
        QualityRun.objects.select_related("rule__datasource", "rule__project")
        .filter(pk=run_id)
        .first()
    )
    if run is None or run.verdict != Verdict.PENDING:
        return None  # a redelivered message: already measured
    try:
        cyctime_local = dates.local_cycle_time(run.bizdate)
    except (OverflowError, ValueError) as exc:  # never left pending: the run says why
        run.verdict, run.message = Verdict.ERROR, f"no cycle time for {run.bizdate}: {exc}"
        run.finished_at = timezone.now()
        run.save()
        return run
    return execute_run(run, cyctime_local=cyctime_local)


def rules_for_node(node_id: int) -> list[QualityRule]:
    return list(
        QualityRule.objects.filter(nodes=node_id, enabled=True).select_related(
            "datasource", "project"
        )
    )


def check_instance(instance, log_line, on_start) -> tuple[bool, str]:
    """Run the rules bound to the instance's node; (passes, reason) — a strong failure blocks.
    Called only for runs of nodes with rules (see quality/apps.py)."""
    rules = rules_for_node(instance.node_id)
    if not rules:
        return True, ""
    on_start()
    zone = zoneinfo.ZoneInfo(instance.project.timezone)
    cyctime_local = instance.cyctime.astimezone(zone).replace(tzinfo=None)
    blocking = []
    for rule in rules:
        run = QualityRun.objects.create(
            project_id=instance.project_id,
            rule=rule,
            instance=instance,
            bizdate=instance.bizdate,
            strength=rule.strength,
            environment=instance.environment,
        )
        execute_run(run, cyctime_local=cyctime_local, values=instance.params)
        log_line(f"quality rule {rule.name!r} ({rule.strength}): {run.verdict}: {run.message}")
        if run.verdict != Verdict.PASSED and rule.strength == Strength.STRONG:
            blocking.append(rule.name)
    if blocking:
        return False, "strong quality rule(s) failed: " + ", ".join(blocking)
    return True, ""
