"""Baselines: nodes whose day's runs must be finished by a committed time.

A scheduler step (`watch`) predicts every enabled baseline's finish for today (in its project's
zone; `selectors.baseline_forecast`), keeps it in a BaselineDay row for the baseline page, and:
- the first time it sees the day's runs, raises their priority and that of every run they wait
  for, so dispatch takes them before other ready work (one update per baseline and day: neither
  generation nor dispatch does anything more);
- alerts through the project's rules watching `baseline_warning` (predicted to finish after the
  committed time minus the margin) and `baseline_broken` (the committed time passed first), once
  per baseline and day each; they open incidents like any alert;
- resolves those incidents when the baseline's runs have all finished, with one recovery
  message.
"""

import datetime as dt
import logging
import time
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts import incidents, selectors, services
from alerts.models import Baseline, BaselineDay, BaselineStatus, Event, Incident, IncidentStatus
from projects import audit, validation
from projects.models import Node
from scheduler.models import Instance
from scheduler.states import InstanceState

log = logging.getLogger(__name__)

# Added to the priority of a baseline's runs and their upstream: above any node's own priority
# (-1000..1000) and a manual run's extra, so they go first whatever else is ready.
PRIORITY_BOOST = 10_000
MAX_MARGIN_MINUTES = 24 * 60


# --- writes of members ------------------------------------------------------------------


def _clean(project, fields: dict) -> dict:
    if "margin_minutes" in fields and not 0 <= fields["margin_minutes"] <= MAX_MARGIN_MINUTES:
        validation.fail(
            "margin_minutes",
            _("the margin is between 0 and %(most)s minutes") % {"most": MAX_MARGIN_MINUTES},
        )
    return fields


def _set_nodes(baseline: Baseline, node_ids) -> None:
    ids = {int(getattr(i, "pk", i)) for i in node_ids}
    nodes = list(Node.objects.filter(project=baseline.project, pk__in=ids))
    if len(nodes) != len(ids):
        validation.fail("nodes", _("every node must belong to this project"))
    if not nodes:
        validation.fail("nodes", _("choose at least one node"))
    baseline.nodes.set(nodes)


@transaction.atomic
def baseline_create(
    *, project, actor, name: str, nodes, committed_time: dt.time, margin_minutes: int = 30, **rest
) -> Baseline:
    name = validation.unique_name(Baseline.objects.filter(project=project), name, "baseline")
    fields = _clean(project, {"margin_minutes": margin_minutes, **rest})
    baseline = Baseline.objects.create(
        project=project,
        name=name,
        committed_time=committed_time,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    _set_nodes(baseline, nodes)
    audit.record(project=project, actor=actor, action="baseline.create", obj=baseline)
    return baseline


@transaction.atomic
def baseline_update(*, baseline: Baseline, actor, nodes=None, **fields) -> Baseline:
    if "name" in fields:
        fields["name"] = validation.unique_name(
            Baseline.objects.filter(project=baseline.project),
            fields["name"],
            "baseline",
            exclude=baseline,
        )
    fields = _clean(baseline.project, fields)
    for name, value in fields.items():
        setattr(baseline, name, value)
    baseline.save()
    if nodes is not None:
        _set_nodes(baseline, nodes)
        fields["nodes"] = sorted(int(getattr(n, "pk", n)) for n in nodes)
    # A day still running is predicted again (and its runs raised) at once; the days already
    # finished keep their outcome.
    BaselineDay.objects.filter(baseline=baseline, finished_at__isnull=True).delete()
    _reprioritise(baseline.project_id)
    audit.record(
        project=baseline.project,
        actor=actor,
        action="baseline.update",
        obj=baseline,
        changes={k: str(v) for k, v in fields.items()},
    )
    return baseline


@transaction.atomic
def baseline_delete(*, baseline: Baseline, actor) -> None:
    audit.record(project=baseline.project, actor=actor, action="baseline.delete", obj=baseline)
    baseline.delete()
    _reprioritise(baseline.project_id)


def _reprioritise(project_id: int) -> None:
    """A baseline changed or went: the runs the project's baselines raised go back to their own
    priority, then the baselines as they are now raise theirs again (a node that left every
    baseline no longer goes first)."""
    Instance.objects.filter(
        project_id=project_id,
        status__in=[InstanceState.PENDING, InstanceState.FROZEN],
        priority__gte=PRIORITY_BOOST // 2,
    ).update(priority=F("priority") - PRIORITY_BOOST)
    BaselineDay.objects.filter(
        baseline__project_id=project_id, finished_at__isnull=True, boosted=True
    ).update(boosted=False)

    def raise_again():
        now = timezone.now()
        for baseline in Baseline.objects.filter(project_id=project_id, enabled=True).select_related(
            "project"
        ):
            _watch_one(baseline, now)

    transaction.on_commit(raise_again)


# --- the scheduler step -----------------------------------------------------------------

_last_watch = 0.0


def watch(now=None) -> int:
    """Scheduler step (every ALERTS_BASELINE_SECONDS): predict, prioritise, alert, resolve.
    Returns how many alerts it raised."""
    global _last_watch
    if time.monotonic() - _last_watch < settings.ALERTS_BASELINE_SECONDS:
        return 0
    _last_watch = time.monotonic()
    now = now or timezone.now()
    raised = 0
    for baseline in Baseline.objects.filter(enabled=True).select_related("project"):
        raised += _watch_one(baseline, now)
    return raised


def _watch_one(baseline: Baseline, now: dt.datetime) -> int:
    raised = 0
    for day in selectors.baseline_days_open(baseline, now):
        try:
            raised += evaluate(baseline, now=now, day=day)[1]
        except Exception:  # one baseline must not stop the others
            log.exception("baseline %s could not be evaluated for %s", baseline.pk, day)
    return raised


def evaluate(baseline: Baseline, *, now: dt.datetime, day: dt.date | None = None):
    """Predict `baseline`'s day (today by default) and act on it: (BaselineDay, alerts raised)."""
    day = day or selectors.baseline_day_of(baseline, now)
    previous = BaselineDay.objects.filter(baseline=baseline, day=day).first()
    if previous is not None and previous.finished_at is not None:
        return previous, 0  # the day is over for it: alerted and resolved already
    forecast = selectors.baseline_forecast(baseline, day, now)
    boosted = previous is not None and previous.boosted
    if not boosted and forecast.own:
        _prioritise(baseline, forecast)
        boosted = True
    record, _created = BaselineDay.objects.update_or_create(
        baseline=baseline,
        day=day,
        defaults={
            "status": forecast.status,
            "committed_at": forecast.committed_at,
            "predicted_at": forecast.predicted_at,
            "finished_at": forecast.finished_at,
            "critical_path": forecast.critical_path,
            "boosted": boosted,
            "computed_at": now,
        },
    )
    raised = 0
    unfinished = forecast.finished_at is None
    if forecast.status == BaselineStatus.WARNING or (
        forecast.status == BaselineStatus.BROKEN and unfinished  # (never warn after the fact)
    ):
        raised += _alert(baseline, forecast, Event.BASELINE_WARNING)
    if forecast.status == BaselineStatus.BROKEN:
        raised += _alert(baseline, forecast, Event.BASELINE_BROKEN)
    if not unfinished:
        _resolve(baseline, forecast)
    return record, raised


def _prioritise(baseline: Baseline, forecast: selectors.Forecast) -> int:
    """Raise the waiting runs of the baseline's project among its runs and their upstream (a
    baseline does not reorder another project's work)."""
    waiting = [
        run.id
        for run in forecast.runs.values()
        if run.status in (InstanceState.PENDING, InstanceState.FROZEN)
    ]
    return Instance.objects.filter(
        id__in=waiting,
        project_id=baseline.project_id,
        status__in=[InstanceState.PENDING, InstanceState.FROZEN],
        priority__lt=PRIORITY_BOOST // 2,  # not twice
    ).update(priority=F("priority") + PRIORITY_BOOST)


def _key(baseline: Baseline, event: str) -> str:
    return f"{event}:b{baseline.pk}"


def context_of(baseline: Baseline, forecast: selectors.Forecast) -> dict:
    names = dict(
        Node.objects.filter(
            id__in={forecast.runs[i].node_id for i in forecast.critical_path},
            project_id=baseline.project_id,  # a node of another project stays unnamed
        ).values_list("id", "name")
    )
    slack = (
        (forecast.committed_at - forecast.predicted_at).total_seconds()
        if forecast.predicted_at
        else None
    )
    return {
        "baseline": {
            "id": baseline.pk,
            "name": baseline.name,
            "day": forecast.day.isoformat(),
            "status": forecast.status,
            "committed_at": forecast.committed_at.isoformat(),
            "predicted_at": forecast.predicted_at.isoformat() if forecast.predicted_at else None,
            "slack_seconds": slack,
            "margin_minutes": baseline.margin_minutes,
            "critical_path": [
                names.get(forecast.runs[i].node_id, f"instance {i}") for i in forecast.critical_path
            ],
            "url": f"{settings.WORKBENCH_BASE_URL}/alerts/baselines/{baseline.pk}"
            f"?day={forecast.day.isoformat()}",
        }
    }


def _alert(baseline: Baseline, forecast: selectors.Forecast, event: str) -> int:
    rules = services.rules_for(baseline.project_id, event)
    if not rules:
        return 0
    nodes = list(baseline.nodes.all())
    context = context_of(baseline, forecast)
    raised = 0
    for rule in rules:
        if any(services.rule_covers(rule, node) for node in nodes):
            alert = services.raise_alert(
                rule,
                event,
                key=f"{_key(baseline, event)}:{forecast.day.isoformat()}",
                throttle_key=_key(baseline, event),
                context=context,
            )
            raised += alert is not None
    return raised


def _resolve(baseline: Baseline, forecast: selectors.Forecast) -> None:
    keys = [_key(baseline, Event.BASELINE_WARNING), _key(baseline, Event.BASELINE_BROKEN)]
    open_ = Incident.objects.filter(project_id=baseline.project_id, key__in=keys).exclude(
        status=IncidentStatus.RESOLVED
    )
    if not open_.exists():
        return
    zone = baseline.project.timezone
    local = forecast.finished_at.astimezone(zoneinfo.ZoneInfo(zone))
    when = "in time" if forecast.status == BaselineStatus.MET else "late"
    incidents.resolve_matching(
        open_, reason=f"the baseline finished {when} ({local:%Y-%m-%d %H:%M} {zone})"
    )
