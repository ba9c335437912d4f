"""Operator actions and manual runs: every write of the scheduler that a person starts."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cycles import dates
from projects import audit, environments
from projects import graph as node_graph
from projects.access import project_ids_where
from projects.models import Dependency, DependencyKind, Environment, Node, RerunPolicy
from projects.permissions import OPERATE
from scheduler import graph as instance_graph
from scheduler.dispatch import release
from scheduler.execution import request_kill
from scheduler.executors import datasources
from scheduler.models import Instance, InstanceDependency
from scheduler.states import FINISHED, KILLABLE, RERUNNABLE, InstanceReason, InstanceState, RunKind
from scheduler.transitions import transition

S = InstanceState


def _reset_fields() -> dict:
    return {
        "not_before": None,
        "queued_at": None,
        "started_at": None,
        "finished_at": None,
        "worker": "",
        "lease_expires_at": None,
        "error": "",
    }


def _refuse(reason: str):
    raise ValidationError({"status": [reason]})


def _check_rerun_policy(instance: Instance) -> None:
    policy = instance.version_snapshot.get("rerun_policy") or RerunPolicy.ALWAYS
    if policy == RerunPolicy.NEVER:
        _refuse(_("the node's rerun policy forbids reruns"))
    if policy == RerunPolicy.ONLY_AFTER_FAILURE and instance.status == S.SUCCESS:
        _refuse(_("the node's rerun policy allows reruns only after a failure"))


def _audit(instance: Instance, actor, action: str, **changes) -> None:
    audit.record(
        project=instance.project,
        actor=actor,
        action=action,
        obj=instance,
        object_type="instance",
        changes={"node": instance.node_id, "cyctime": instance.cyctime.isoformat(), **changes},
    )


@transaction.atomic
def instance_rerun(*, instance: Instance, actor) -> Instance:
    if instance.status == S.CANCELLED:
        _refuse(_("a cancelled slot is no longer in the plan (superseded or undeployed)"))
    if instance.status not in RERUNNABLE:
        _refuse(_("an instance that is %(status)s cannot be rerun") % {"status": instance.status})
    if instance.run_kind != RunKind.TEST and instance.node.deployed_version_id is None:
        _refuse(_("the node is not deployed: deploy it to run it again"))
    _check_rerun_policy(instance)
    attempts = instance.attempt + 1 + int(instance.version_snapshot.get("retries") or 0)
    moved = transition(
        [instance.id],
        S.PENDING,
        expected=RERUNNABLE,
        reason=InstanceReason.RERUN,
        actor=actor,
        max_attempts=attempts,
        dry_run=False,
        **_reset_fields(),
    )
    if not moved:
        _refuse(_("the instance changed state meanwhile; reload and try again"))
    _audit(instance, actor, "rerun")
    transaction.on_commit(lambda: release(candidate_ids=moved))
    instance.refresh_from_db()
    return instance


@transaction.atomic
def instance_rerun_downstream(*, instance: Instance, actor) -> list[int]:
    """Rerun the instance and put every finished instance downstream of it back to pending.

    Downstream instances of projects the actor may not operate are left as they are.
    """
    instance_rerun(instance=instance, actor=actor)
    below = list(
        Instance.objects.filter(
            id__in=instance_graph.below([instance.id]),
            project_id__in=project_ids_where(actor, OPERATE),
        ).values_list("id", flat=True)
    )
    moved = transition(
        below,
        S.PENDING,
        expected=RERUNNABLE,
        reason=InstanceReason.RERUN_UPSTREAM,
        actor=actor,
        **_reset_fields(),
    )
    _audit(instance, actor, "rerun_downstream", downstream=len(moved))
    return [instance.id, *moved]


@transaction.atomic
def instance_set_success(*, instance: Instance, actor) -> Instance:
    if instance.status == S.SUCCESS:
        _refuse(_("the instance already succeeded"))
    if instance.status == S.CANCELLED:
        _refuse(_("a cancelled slot is no longer in the plan; deploy the node to bring it back"))
    if instance.status in (S.RUNNING, S.QUEUED, S.CHECKING):
        request_kill([(instance.id, instance.attempt)])  # stop what still runs
    now = timezone.now()
    transition(
        [instance.id],
        S.SUCCESS,
        reason=InstanceReason.SET_SUCCESS,
        actor=actor,
        finished_at=now,
        lease_expires_at=None,
    )
    _audit(instance, actor, "set_success")
    instance.refresh_from_db()
    return instance


@transaction.atomic
def instance_set_failed(*, instance: Instance, actor) -> Instance:
    if instance.status in FINISHED and instance.status != S.SUCCESS:
        _refuse(_("the instance is already %(status)s") % {"status": instance.status})
    request_kill([(instance.id, instance.attempt)])
    moved = transition(
        [instance.id],
        S.FAILED,
        reason=InstanceReason.SET_FAILED,
        actor=actor,
        finished_at=timezone.now(),
        lease_expires_at=None,
        error="set failed by an operator",
    )
    if not moved:
        _refuse(
            _("an instance that is %(status)s cannot be set failed") % {"status": instance.status}
        )
    _audit(instance, actor, "set_failed")
    instance.refresh_from_db()
    return instance


@transaction.atomic
def instance_freeze(*, instance: Instance, actor) -> Instance:
    if not transition(
        [instance.id], S.FROZEN, expected={S.PENDING}, reason=InstanceReason.FROZEN, actor=actor
    ):
        _refuse(_("only an instance that has not started can be frozen"))
    _audit(instance, actor, "freeze")
    instance.refresh_from_db()
    return instance


@transaction.atomic
def instance_unfreeze(*, instance: Instance, actor) -> Instance:
    moved = transition(
        [instance.id], S.PENDING, expected={S.FROZEN}, reason=InstanceReason.UNFROZEN, actor=actor
    )
    if not moved:
        _refuse(_("the instance is not frozen"))
    _audit(instance, actor, "unfreeze")
    transaction.on_commit(lambda: release(candidate_ids=moved))
    instance.refresh_from_db()
    return instance


@transaction.atomic
def instance_kill(*, instance: Instance, actor) -> Instance:
    """Stops a running attempt (its worker kills the process group) or cancels a waiting one.

    Works for an instance whose worker vanished too: the state moves at once.
    """
    if instance.status not in KILLABLE:
        _refuse(_("an instance that is %(status)s cannot be killed") % {"status": instance.status})
    request_kill([(instance.id, instance.attempt)])
    moved = transition(
        [instance.id],
        S.KILLED,
        expected=KILLABLE,
        reason=InstanceReason.KILLED,
        actor=actor,
        finished_at=timezone.now(),
        lease_expires_at=None,
        error="killed by an operator",
    )
    if not moved:
        _refuse(_("the instance changed state meanwhile; reload and try again"))
    _audit(instance, actor, "kill")
    instance.refresh_from_db()
    return instance


def _one_off(
    node: Node,
    *,
    run_kind: str,
    run_key: str,
    bizdate: dt.date,
    snapshot: dict,
    version_id,
    actor,
    cyctime: dt.datetime | None = None,
    environment: str = Environment.PRODUCTION,
) -> Instance:
    cyctime = cyctime or dates.cycle_time(bizdate, cron_expr=node.cron, tz=node.project.timezone)
    return Instance.objects.create(
        project=node.project,
        node=node,
        version_id=version_id,
        run_kind=run_kind,
        run_key=run_key,
        environment=environment,
        cyctime=cyctime,
        bizdate=bizdate,
        status=S.PENDING,
        reason=InstanceReason.CREATED,
        max_attempts=1,
        priority=int(snapshot.get("priority") or 0) + 100,
        queue=snapshot.get("resource_group") or "default",
        timeout_seconds=int(snapshot.get("timeout_seconds") or 0),
        version_snapshot=snapshot,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def node_run_manual(
    *, node: Node, bizdate: dt.date, with_downstream: bool, actor
) -> list[Instance]:
    """Run the deployed version of a node (and optionally its deployed downstream) for one date.

    The downstream is that of projects the actor may operate (like backfills'); nodes of other
    projects are not run.
    """
    if node.deployed_version_id is None:
        raise ValidationError({"node": [_("deploy the node before running it")]})
    nodes = [node]
    if with_downstream:
        seen = {node.id} | set(
            node_graph.downstream(
                [node.id],
                edges=Q(kind=DependencyKind.SAME_CYCLE, downstream__deployed_version__isnull=False),
            )
        )
        operable = project_ids_where(actor, OPERATE) | {node.project_id}
        nodes = list(
            Node.objects.filter(id__in=seen, project_id__in=operable).select_related(
                "deployed_version", "project"
            )
        )
    key = f"manual:{uuid.uuid4().hex[:12]}"
    now = timezone.now()
    created = {
        n.id: _one_off(
            n,
            run_kind=RunKind.MANUAL,
            run_key=key,
            bizdate=bizdate,
            cyctime=now,
            snapshot=n.deployed_version.snapshot,
            version_id=n.deployed_version_id,
            actor=actor,
        )
        for n in nodes
    }
    ids = set(created)
    InstanceDependency.objects.bulk_create(
        [
            InstanceDependency(
                upstream=created[u], downstream=created[d], kind=DependencyKind.SAME_CYCLE
            )
            for u, d in Dependency.objects.filter(
                upstream_id__in=ids, downstream_id__in=ids, kind=DependencyKind.SAME_CYCLE
            ).values_list("upstream_id", "downstream_id")
        ]
    )
    audit.record(
        project=node.project,
        actor=actor,
        action="run_manual",
        obj=node,
        changes={"bizdate": bizdate.isoformat(), "nodes": len(created)},
    )
    transaction.on_commit(lambda: release(candidate_ids=[i.id for i in created.values()]))
    return list(created.values())


@transaction.atomic
def node_test_run(
    *, node: Node, actor, code: str | None = None, bizdate: dt.date | None = None
) -> Instance:
    """Run the current draft (not the deployed version) once, with its log and first result rows."""
    snapshot = node.snapshot()
    if code is not None:
        snapshot["code"] = code
    environment = environments.for_trying(node.project)
    if environment == Environment.DEVELOPMENT:
        _require_development(node.project_id, snapshot)
    # Without a chosen date the run is "now"; with one, its parameters are those of that date.
    cyctime = None if bizdate else timezone.now()
    bizdate = bizdate or dates.business_date(timezone.now(), node.project.timezone)
    instance = _one_off(
        node,
        run_kind=RunKind.TEST,
        run_key=f"test:{uuid.uuid4().hex[:12]}",
        bizdate=bizdate,
        cyctime=cyctime,
        snapshot=snapshot,
        version_id=None,
        environment=environment,
        actor=actor,
    )

    audit.record(
        project=node.project,
        actor=actor,
        action="test_run",
        obj=node,
        changes={"instance": instance.id},
    )
    transaction.on_commit(lambda: release(candidate_ids=[instance.id]))
    return instance


def _require_development(project_id: int, snapshot: dict) -> None:
    """A standard project's test run uses development: every data source it is bound to must
    have that connection (a project switched from basic has only production at first)."""
    bound = datasources.load(project_id, datasources.bound_ids(project_id, snapshot))
    missing = environments.without_development(bound)
    if missing:
        raise ValidationError(
            {
                "datasource": [
                    _(
                        "data source %(names)s has no development connection yet: fill it in "
                        "under the data source's settings before test runs (they never use "
                        "production in a standard-mode project)"
                    )
                    % {"names": ", ".join(missing)}
                ]
            }
        )
