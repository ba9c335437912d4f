"""Review before deploy: submit a request, approve it (which deploys) or reject it, withdraw it;
roll a deploy package back to the versions it replaced. One function per use case, each
transactional and audited.

A request's status moves only from `pending`, by a guarded update: two reviewers deciding at
once cannot both win.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import audit, deploys, review_checks, validation
from projects.access import readable_project_ids
from projects.models import (
    DeployPackage,
    DeployRequest,
    DeployRequestItem,
    DeployRequestStatus,
    Node,
    Project,
)
from projects.selectors import version_diff
from projects.services import after_deploy, deploy_package, deploy_versions

PENDING = DeployRequestStatus.PENDING


@transaction.atomic
def deploy_request_submit(
    *, project: Project, actor, items: list[tuple[Node, int | None]], message: str
) -> DeployRequest:
    """Ask for versions (the latest when none is given) of some nodes to be deployed; the
    checks, the diffs and the plan are computed now and kept with the request."""
    if not items:
        validation.fail("nodes", _("name at least one node to deploy"))
    if not message.strip():
        validation.fail("message", _("say what the deploy changes"))
    versions = deploy_versions(items)
    nodes = {node.id: node for node, _number in items}
    readable = set(readable_project_ids(actor))
    request = DeployRequest.objects.create(project=project, author=actor, message=message)
    DeployRequestItem.objects.bulk_create(
        DeployRequestItem(
            request=request,
            node=node,
            version=versions[node.id],
            previous_version=node.deployed_version,
            diff=version_diff(
                node.deployed_version.snapshot if node.deployed_version else {},
                versions[node.id].snapshot,
            ),
            plan=deploys.plan_diff(node, versions[node.id], readable=readable),
        )
        for node in nodes.values()
    )
    request.checks = review_checks.run_all(project, versions, nodes, actor=actor)
    request.save(update_fields=["checks"])
    audit.record(
        project=project,
        actor=actor,
        action="request_deploy",
        obj=request,
        changes={
            "message": message,
            "nodes": {nodes[i].name: v.number for i, v in versions.items()},
            "failed_checks": len(review_checks.blocking(request.checks)),
        },
    )
    return request


def _decide(request: DeployRequest, status: str, **fields) -> None:
    moved = DeployRequest.objects.filter(pk=request.pk, status=PENDING).update(
        status=status, decided_at=timezone.now(), **fields
    )
    if not moved:
        validation.fail("status", _("the request was decided meanwhile; reload it"))
    request.refresh_from_db()


def _require_other_reviewer(request: DeployRequest, actor) -> None:
    if request.author_id == actor.pk:
        raise PermissionDenied(_("another member with the deploy right must review your request"))


@transaction.atomic
def deploy_request_approve(
    *, request: DeployRequest, actor, comment: str = "", override_reason: str = ""
) -> DeployRequest:
    """Approve and deploy the request's versions as one package, or nothing. A failed check
    holds the approval unless the reviewer says why it may go anyway."""
    _require_other_reviewer(request, actor)
    if request.status != PENDING:
        validation.fail("status", _("the request is %(status)s") % {"status": request.status})
    failed = review_checks.blocking(request.checks)
    if failed and not override_reason.strip():
        validation.fail(
            "override_reason",
            _("%(count)s check(s) failed (%(first)s): give a reason to deploy anyway")
            % {"count": len(failed), "first": f"{failed[0]['name']}: {failed[0]['message']}"},
        )
    items = list(request.items.select_related("node", "version"))
    stale = [i.node.name for i in items if i.node.deployed_version_id != i.previous_version_id]
    if stale:
        validation.fail(
            "status",
            _("%(nodes)s changed in production since the request: submit it again")
            % {"nodes": ", ".join(stale)},
        )
    package, _results = deploy_package(
        project=request.project,
        actor=actor,
        items=[(item.node, item.version.number) for item in items],
        message=request.message,
    )
    _decide(
        request,
        DeployRequestStatus.APPROVED,
        reviewer=actor,
        comment=comment,
        override_reason=override_reason if failed else "",
        package=package,
    )
    audit.record(
        project=request.project,
        actor=actor,
        action="approve_deploy",
        obj=request,
        changes={
            "comment": comment,
            "override_reason": request.override_reason,
            "overridden": [f"{c['name']}: {c['check']}" for c in failed],
            "package": package.id,
        },
    )
    return request


@transaction.atomic
def deploy_request_reject(*, request: DeployRequest, actor, comment: str) -> DeployRequest:
    _require_other_reviewer(request, actor)
    if not comment.strip():
        validation.fail("comment", _("say why the request is rejected"))
    _decide(request, DeployRequestStatus.REJECTED, reviewer=actor, comment=comment)
    audit.record(
        project=request.project,
        actor=actor,
        action="reject_deploy",
        obj=request,
        changes={"comment": comment},
    )
    return request


@transaction.atomic
def deploy_request_withdraw(*, request: DeployRequest, actor) -> DeployRequest:
    if request.author_id != actor.pk:
        raise PermissionDenied(_("only the author withdraws a request"))
    _decide(request, DeployRequestStatus.WITHDRAWN)
    audit.record(project=request.project, actor=actor, action="withdraw_deploy", obj=request)
    return request


@transaction.atomic
def package_rollback(*, package: DeployPackage, actor, message: str = "") -> DeployPackage:
    """Put every node of the package back on the version it ran before (undeploying those that
    were new), as a package of its own; the plan follows. Refused when a node was deployed
    again since: rolling back must not undo a later deploy unseen."""
    deployments = list(package.deployments.select_related("node", "previous_version"))
    moved_on = [
        d.node.name
        for d in deployments
        if Node.objects.filter(pk=d.node_id).values_list("deployed_version_id", flat=True)[0]
        != d.version_id
    ]
    if moved_on:
        validation.fail(
            "package",
            _("%(nodes)s were deployed again since this package; roll back the later one first")
            % {"nodes": ", ".join(moved_on)},
        )
    message = message or _("roll back package %(id)s") % {"id": package.id}
    back = [(d.node, d.previous_version.number) for d in deployments if d.previous_version]
    dropped = [d for d in deployments if d.previous_version is None]
    if back:
        rollback, _results = deploy_package(
            project=package.project, actor=actor, items=back, message=message, rollback_of=package
        )
    else:
        rollback = DeployPackage.objects.create(
            project=package.project, message=message, deployed_by=actor, rollback_of=package
        )
    _undeploy_new(rollback, [d.node for d in dropped], actor)
    audit.record(
        project=package.project,
        actor=actor,
        action="rollback",
        obj=package,
        object_type="deploypackage",
        changes={
            "restored": {node.name: number for node, number in back},
            "undeployed": [d.node.name for d in dropped],
            "rollback_package": rollback.id,
        },
    )
    return rollback


def _undeploy_new(package: DeployPackage, nodes: list[Node], actor) -> None:
    """Undeploy nodes the rolled-back package deployed for the first time, unless a deployed
    node outside them still depends on one."""
    from projects.models import Dependency, Deployment

    if not nodes:
        return
    ids = {node.id for node in nodes}
    dependent = (
        Dependency.objects.filter(upstream_id__in=ids, downstream__deployed_version__isnull=False)
        .exclude(downstream_id__in=ids)
        .values_list("downstream__name", flat=True)
        .first()
    )
    if dependent:
        validation.fail(
            "package",
            _("%(node)s depends on a node the rollback would undeploy") % {"node": dependent},
        )
    readable = readable_project_ids(actor)
    for node in nodes:
        plan = deploys.plan_diff(node, None, readable=readable)
        Deployment.objects.create(
            project=package.project,
            node=node,
            version=None,
            previous_version_id=node.deployed_version_id,
            package=package,
            deployed_by=actor,
            message=package.message,
            plan=plan,
        )
    Node.objects.filter(id__in=ids).update(deployed_version=None)
    after_deploy(sorted(ids))
