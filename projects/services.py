"""Every write of the projects app: one function per use case, transactional, audited."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.timezone import now
from django.utils.translation import gettext as _

from projects import audit, deploys, environments, permissions, sync_spec, validation
from projects.access import readable_project_ids
from projects.crypto import encrypt_json
from projects.drivers import DriverError, get_driver
from projects.graph import cycle_if_added, same_cycle_pairs
from projects.models import (
    SNAPSHOT_DEFAULTS,
    VERSIONED_FIELDS,
    DataSource,
    Dependency,
    DependencyKind,
    Deployment,
    DeployPackage,
    Environment,
    Membership,
    Node,
    NodeVersion,
    Project,
    ProjectMode,
    Role,
    Workflow,
)
from projects.selectors import HIDDEN_NODE, node_names, version_diff

log = logging.getLogger(__name__)


# --- projects and members -------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    user,
    name: str,
    description: str = "",
    timezone: str = "UTC",
    default_resource_group: str = "default",
    max_concurrent_instances: int = 100,
    parameter_dialect: str = "dataworks",
) -> Project:
    # Unique among the projects the creator sees: the answer must not tell which names exist
    # in projects they cannot see (project names are not unique across the installation).
    name = validation.unique_name(
        Project.objects.for_user(user), name, "project", where=validation.AMONG_YOUR_PROJECTS
    )
    validation.check_timezone(timezone)
    project = Project.objects.create(
        name=name,
        description=description,
        timezone=timezone,
        created_by=user,
        default_resource_group=default_resource_group,
        max_concurrent_instances=max_concurrent_instances,
        parameter_dialect=parameter_dialect,
    )
    Membership.objects.create(project=project, user=user, role=Role.OWNER)
    audit.record(project=project, actor=user, action="create", obj=project, changes={"name": name})
    return project


@transaction.atomic
def project_update(*, project: Project, actor, **fields) -> Project:
    if "name" in fields:
        fields["name"] = validation.unique_name(
            Project.objects.for_user(actor),
            fields["name"],
            "project",
            exclude=project,
            where=validation.AMONG_YOUR_PROJECTS,
        )
    if "timezone" in fields:
        validation.check_timezone(fields["timezone"])
    _check_run_limits(project, fields, actor)
    _check_mode(project, fields)
    if (
        fields.get("default_datasource") is not None
        and fields["default_datasource"].project_id != project.id
    ):
        validation.fail("default_datasource", _("not a data source of this project"))
    changes = _apply(project, fields)
    project.save()
    audit.record(project=project, actor=actor, action="update", obj=project, changes=changes)
    return project


def _check_mode(project: Project, fields: dict) -> None:
    """basic -> standard keeps every connection as production (development is filled in
    afterwards) and turns review before deploy on unless asked otherwise; a standard project
    does not go back, as DataWorks' do not: its development connections would be dropped."""
    mode = fields.get("mode", project.mode)
    if project.mode == ProjectMode.STANDARD and mode == ProjectMode.BASIC:
        validation.fail("mode", _("a standard-mode project cannot go back to basic mode"))
    if mode == ProjectMode.STANDARD and project.mode == ProjectMode.BASIC:
        fields.setdefault("review_required", True)


# Limits that protect the other tenants of the installation: only its administrators set them.
STAFF_ONLY_FIELDS = ("group_slots", "max_timeout_seconds")


def _check_run_limits(project: Project, fields: dict, actor) -> None:
    for field in STAFF_ONLY_FIELDS:
        if field in fields and not getattr(actor, "is_staff", False):
            raise PermissionDenied(
                _("only a site administrator may change %(field)s") % {"field": field}
            )
    if "group_slots" in fields:
        fields["group_slots"] = validation.check_group_slots(fields["group_slots"])
    validation.check_timeouts(
        fields.get("default_timeout_seconds", project.default_timeout_seconds),
        fields.get("max_timeout_seconds", project.max_timeout_seconds),
    )


@transaction.atomic
def project_archive(*, project: Project, actor) -> Project:
    """Put a project away: it keeps its history and stays readable, but runs nothing. Its nodes
    must be undeployed first (each undeploy shows and applies its own plan); while archived,
    nothing may be deployed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.archived_at is not None:
        validation.fail("archived", "the project is already archived")
    deployed = list(
        Node.objects.filter(project=project, deployed_version__isnull=False)
        .order_by("name")
        .values_list("name", flat=True)[:6]
    )
    if deployed:
        names = ", ".join(deployed[:5]) + (", ..." if len(deployed) > 5 else "")
        validation.fail("archived", f"undeploy its deployed nodes first: {names}")
    project.archived_at = now()
    project.save(update_fields=["archived_at"])
    audit.record(project=project, actor=actor, action="archive", obj=project)
    return project


@transaction.atomic
def project_unarchive(*, project: Project, actor) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.archived_at is None:
        validation.fail("archived", "the project is not archived")
    project.archived_at = None
    project.save(update_fields=["archived_at"])
    audit.record(project=project, actor=actor, action="unarchive", obj=project)
    return project


@transaction.atomic
def project_delete(*, project: Project, actor) -> None:
    audit.record(
        project=None, actor=actor, action="delete", obj=project, changes={"name": project.name}
    )
    Node.objects.filter(project=project).update(deployed_version=None)
    Dependency.objects.filter(upstream__project=project).delete()
    Node.objects.filter(project=project).delete()
    project_id = project.id
    project.delete()
    from workbench.live_access import project_gone

    transaction.on_commit(lambda: project_gone(project_id))


def _require_membership_change(project: Project, actor, *, current, wanted) -> None:
    actor_role = (
        Membership.objects.filter(project=project, user=actor)
        .values_list("role", flat=True)
        .first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if not permissions.may_change_membership(actor_role, current=current, wanted=wanted):
        raise PermissionDenied(
            _("Only an owner of the project may grant or take away the owner role.")
        )


@transaction.atomic
def member_set(*, project: Project, actor, user, role: str) -> Membership:
    if role not in Role.values:
        validation.fail("role", _("one of %(choices)s") % {"choices": ", ".join(Role.values)})
    current = (
        Membership.objects.select_for_update()
        .filter(project=project, user=user)
        .values_list("role", flat=True)
        .first()
    )
    _require_membership_change(project, actor, current=current, wanted=role)
    membership, created = Membership.objects.get_or_create(
        project=project, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        if membership.role == Role.OWNER and role != Role.OWNER:
            _keep_an_owner(project, excluding=membership)
        membership.role = role
        membership.save(update_fields=["role"])
    if not created:
        _access_changed(membership.user_id)
    audit.record(
        project=project,
        actor=actor,
        action="add_member" if created else "change_role",
        obj=membership,
        object_type="member",
        changes={"user": user.username, "role": role},
    )
    return membership


@transaction.atomic
def member_remove(*, project: Project, actor, membership: Membership) -> None:
    _require_membership_change(project, actor, current=membership.role, wanted=None)
    if membership.role == Role.OWNER:
        _keep_an_owner(project, excluding=membership)
    audit.record(
        project=project,
        actor=actor,
        action="remove_member",
        obj=membership,
        object_type="member",
        changes={"user": membership.user.username},
    )
    membership.delete()
    _access_changed(membership.user_id)


def _access_changed(user_id: int) -> None:
    """The user's open websockets re-check their access once this commits."""
    from workbench.live_access import membership_changed

    transaction.on_commit(lambda: membership_changed(user_id))


def _keep_an_owner(project: Project, *, excluding: Membership) -> None:
    if (
        not Membership.objects.filter(project=project, role=Role.OWNER)
        .exclude(pk=excluding.pk)
        .exists()
    ):
        validation.fail("role", _("a project needs at least one owner"))


# --- data sources ---------------------------------------------------------------------


def _split_secret(kind: str, config: dict, secret: dict | None) -> tuple[dict, dict]:
    driver = get_driver(kind)
    config = dict(config or {})
    secret = dict(secret or {})
    for field in driver.secret_fields:  # secrets given among the settings move to the vault
        if field in config:
            secret[field] = config.pop(field)
    errors = driver.validate_config(config)
    if errors:
        raise ValidationError({f"config.{field}": [reason] for field, reason in errors.items()})
    unknown = set(secret) - set(driver.secret_fields)
    if unknown:
        validation.fail(
            "secret", f"unknown secret field(s) for {kind}: {', '.join(sorted(unknown))}"
        )
    return config, secret


@transaction.atomic
def datasource_create(
    *,
    project: Project,
    actor,
    name: str,
    kind: str,
    config: dict,
    secret: dict | None = None,
    description: str = "",
    dev_config: dict | None = None,
    dev_secret: dict | None = None,
) -> DataSource:
    name = validation.check_name(name)
    try:
        get_driver(kind)
    except DriverError as exc:
        validation.fail("kind", str(exc))
    config, secret = _split_secret(kind, config, secret)
    development = _development_fields(project, kind, dev_config, dev_secret, current=None)
    name = validation.unique_name(DataSource.objects.filter(project=project), name, "data source")
    datasource = DataSource.objects.create(
        project=project,
        name=name,
        kind=kind,
        config=config,
        description=description,
        secret_encrypted=encrypt_json(secret),
        **development,
    )
    changes = {"name": name, "kind": kind, "config": config}
    if "dev_config" in development:
        changes["dev_config"] = development["dev_config"]
    audit.record(project=project, actor=actor, action="create", obj=datasource, changes=changes)
    return datasource


def _development_fields(
    project: Project, kind: str, config: dict | None, secret: dict | None, *, current
) -> dict:
    """The development connection's fields to store: checked like production's (the driver's
    rules and the outbound address guard), errors named `dev_config.<field>`."""
    if config is None and secret is None:
        return {}
    if project.mode != ProjectMode.STANDARD:
        validation.fail(
            "dev_config", _("only standard-mode projects have a development connection")
        )
    if config is None:
        config = current.dev_config if current is not None else {}
    try:
        config, secret_values = _split_secret(kind, config, secret)
    except ValidationError as exc:
        raise ValidationError(
            {f"dev_{field}": reasons for field, reasons in exc.message_dict.items()}
        ) from None
    fields = {"dev_config": config}
    if secret is not None or secret_values:
        fields["dev_secret_encrypted"] = encrypt_json(secret_values)
    return fields


@transaction.atomic
def datasource_update(*, datasource: DataSource, actor, **fields) -> DataSource:
    if "name" in fields:
        fields["name"] = validation.unique_name(
            DataSource.objects.filter(project=datasource.project),
            fields["name"],
            "data source",
            exclude=datasource,
        )
    secret = fields.pop("secret", None)
    if "config" in fields or secret is not None:
        config, secret_values = _split_secret(
            datasource.kind, fields.pop("config", datasource.config), secret
        )
        fields["config"] = config
        if secret is not None or secret_values:
            fields["secret_encrypted"] = encrypt_json(secret_values)
    fields.update(
        _development_fields(
            datasource.project,
            datasource.kind,
            fields.pop("dev_config", None),
            fields.pop("dev_secret", None),
            current=datasource,
        )
    )
    changes = _apply(datasource, fields)
    datasource.save()
    audit.record(
        project=datasource.project, actor=actor, action="update", obj=datasource, changes=changes
    )
    return datasource


@transaction.atomic
def datasource_delete(*, datasource: DataSource, actor) -> None:
    used = list(Node.objects.filter(datasource=datasource).values_list("name", flat=True)[:5])
    if used:
        validation.fail(
            "datasource", f"used by node(s) {', '.join(used)}; point them elsewhere first"
        )
    audit.record(project=datasource.project, actor=actor, action="delete", obj=datasource)
    datasource.delete()


def datasource_test(*, datasource: DataSource, environment: str = Environment.PRODUCTION) -> dict:
    """Try to connect; never raises for a connection problem, it is the answer."""
    from projects.crypto import decrypt_json

    if environment == Environment.DEVELOPMENT and not environments.has_development(datasource):
        return {"ok": False, "error": _("no development connection is filled in")}
    datasource = environments.connection(datasource, environment)
    driver = get_driver(datasource.kind)
    try:
        version = driver.test(
            datasource.config,
            decrypt_json(datasource.secret_encrypted),
            project_id=datasource.project_id,
        )
    except DriverError as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "version": version}


# --- workflows ------------------------------------------------------------------------


@transaction.atomic
def workflow_create(*, project: Project, actor, name: str, description: str = "") -> Workflow:
    name = validation.unique_name(Workflow.objects.filter(project=project), name, "workflow")
    workflow = Workflow.objects.create(project=project, name=name, description=description)
    audit.record(
        project=project, actor=actor, action="create", obj=workflow, changes={"name": name}
    )
    return workflow


@transaction.atomic
def workflow_update(*, workflow: Workflow, actor, **fields) -> Workflow:
    if "name" in fields:
        fields["name"] = validation.unique_name(
            Workflow.objects.filter(project=workflow.project),
            fields["name"],
            "workflow",
            exclude=workflow,
        )
    changes = _apply(workflow, fields)
    workflow.save()
    audit.record(
        project=workflow.project, actor=actor, action="update", obj=workflow, changes=changes
    )
    return workflow


@transaction.atomic
def workflow_delete(*, workflow: Workflow, actor) -> None:
    if workflow.nodes.exists():
        validation.fail("workflow", _("the workflow still holds nodes; move or delete them first"))
    audit.record(project=workflow.project, actor=actor, action="delete", obj=workflow)
    workflow.delete()


# --- nodes and versions ---------------------------------------------------------------


def _clean_node_fields(project: Project, fields: dict, node: Node | None = None) -> dict:
    if "name" in fields:
        fields["name"] = validation.unique_name(
            Node.objects.filter(project=project), fields["name"], "node", exclude=node
        )
    if "cron" in fields:
        fields["cron"] = validation.check_cron(fields["cron"])
    if "code" in fields:
        fields["code"] = validation.check_code(fields["code"])
    if "output_tables" in fields:
        fields["output_tables"] = validation.check_output_tables(fields["output_tables"])
    if "parameters" in fields or ("parameter_dialect" in fields and node is not None):
        # Parameters must render in the dialect the node will use, also when only that changes.
        dialect = fields.get("parameter_dialect", getattr(node, "parameter_dialect", ""))
        fields["parameters"] = validation.check_parameters(
            fields.get("parameters", getattr(node, "parameters", {})),
            dialect or project.parameter_dialect,
        )
    if fields.get("workflow") is not None and fields["workflow"].project_id != project.id:
        validation.fail("workflow", _("not a workflow of this project"))
    if fields.get("datasource") is not None and fields["datasource"].project_id != project.id:
        validation.fail("datasource", _("unknown data source (not one of this project)"))
    if "uses_datasources" in fields:
        fields["uses_datasources"] = _check_bound_datasources(project, fields["uses_datasources"])
    if fields.get("type", getattr(node, "type", None)) == "sync" and fields.get("code"):
        _bind_sync_datasources(project, fields)
    start = fields.get("start_date", getattr(node, "start_date", None))
    end = fields.get("end_date", getattr(node, "end_date", None))
    validation.check_dates(start, end)
    return fields


def _bind_sync_datasources(project: Project, fields: dict) -> None:
    """A sync node is bound to the two data sources its document names, both of the project:
    its data source is the source, and the target is the one it declares."""
    try:
        spec = sync_spec.parse(fields["code"])
    except sync_spec.SpecError as exc:
        raise ValidationError({"code": [f"{k}: {v}" for k, v in exc.errors.items()]}) from None
    source_id, target_id = sync_spec.datasource_ids(spec)
    found = DataSource.objects.filter(project=project, id__in=[source_id, target_id])
    by_id = {d.id: d for d in found}
    for field, wanted in (("source.datasource", source_id), ("target.datasource", target_id)):
        if wanted not in by_id:
            raise ValidationError(
                {"code": [f"{field}: {_('unknown data source (not one of this project)')}"]}
            )
    source, target = by_id[source_id], by_id[target_id]
    _check_spark_ends(spec, source, target)
    fields["datasource"] = source
    fields["uses_datasources"] = [target_id] if target_id != source_id else []


def _check_spark_ends(spec: dict, source: DataSource, target: DataSource) -> None:
    """A sync has Spark at one end at most, and writes it without upserts."""

    def refuse(reason: str):
        raise ValidationError({"code": [reason]})

    if source.kind == "spark" and target.kind == "spark":
        refuse("target.datasource: from Spark to Spark, use a SQL node")
    if target.kind == "spark" and not get_driver("spark").is_local(target.config):
        refuse(
            "target.datasource: a Spark cluster's tables live in its own metastore, which the "
            "workbench does not set up: a sync writes Spark in local mode, and reads clusters"
        )
    if target.kind == "spark" and spec.get("mode") == "upsert":
        refuse("mode: a Spark target takes append, overwrite or partition (no upsert)")


def _check_bound_datasources(project: Project, ids) -> list[int]:
    if not isinstance(ids, list | tuple) or len(ids) > 50:
        validation.fail("uses_datasources", _("a list of at most 50 data source ids"))
    wanted = sorted({int(i) for i in ids})
    found = set(
        DataSource.objects.filter(project=project, id__in=wanted).values_list("id", flat=True)
    )
    missing = [i for i in wanted if i not in found]
    if missing:
        validation.fail(
            "uses_datasources", f"unknown data source(s) {missing} (not of this project)"
        )
    return wanted


def _next_version(node: Node, *, actor, message: str) -> NodeVersion:
    last = node.versions.aggregate(n=Max("number"))["n"] or 0
    return NodeVersion.objects.create(
        node=node, number=last + 1, snapshot=node.snapshot(), author=actor, message=message
    )


@transaction.atomic
def node_create(*, project: Project, actor, message: str = "created", **fields) -> Node:
    fields = _clean_node_fields(project, fields)
    fields.setdefault("resource_group", project.default_resource_group)
    if "datasource" not in fields and fields.get("type") == "sql":
        fields["datasource"] = project.default_datasource
    fields.setdefault("owner", actor)
    node = Node(project=project, **fields)
    try:
        node.save()
    except IntegrityError:
        validation.fail("name", _("a node with this name exists in this project"))
    _next_version(node, actor=actor, message=message)
    audit.record(
        project=project,
        actor=actor,
        action="create",
        obj=node,
        changes={"name": node.name, "type": node.type},
    )
    return node


@transaction.atomic
def node_update(
    *, node: Node, actor, message: str = "", **fields
) -> tuple[Node, NodeVersion | None]:
    """Apply changes; a change of versioned content saves a new version."""
    fields = _clean_node_fields(node.project, fields, node)
    before = node.snapshot()
    changes = _apply(node, fields)
    node.save()
    version = None
    if node.snapshot() != before:
        version = _next_version(node, actor=actor, message=message or "edited")
    if changes:
        audit.record(
            project=node.project, actor=actor, action="update", obj=node, changes=_summary(changes)
        )
    return node, version


def _dependents_problem(node: Node, actor, edges, what: str) -> str | None:
    """Why `node` cannot be `what` while `edges` (its downstream edges) remain, naming only the
    nodes the actor may read; None when there are none."""
    downstream = list(edges.exclude(downstream=node).values_list("downstream_id", flat=True)[:50])
    if not downstream:
        return None
    readable = set(readable_project_ids(actor))
    names = sorted(set(node_names(downstream, readable).values()) - {HIDDEN_NODE})
    hidden = sum(1 for name in node_names(downstream, readable).values() if name == HIDDEN_NODE)
    parts = names[:5]
    if hidden:
        parts.append(f"{hidden} node(s) of projects you cannot read")
    return (
        f"{what} depend on it: {', '.join(parts)}; remove those edges first "
        "(edges from other projects are listed under the node's inbound edges)"
    )


@transaction.atomic
def node_delete(*, node: Node, actor) -> None:
    problem = _dependents_problem(node, actor, Dependency.objects.filter(upstream=node), "nodes")
    if problem:
        validation.fail("node", problem)
    audit.record(project=node.project, actor=actor, action="delete", obj=node)
    node.delete()


@transaction.atomic
def version_restore(*, node: Node, actor, number: int) -> tuple[Node, NodeVersion]:
    version = node.versions.filter(number=number).first()
    if version is None:
        validation.fail(
            "version",
            _("node %(node)s has no version %(version)s") % {"node": node.name, "version": number},
        )
    fields = snapshot_to_fields(version.snapshot, node.project)
    node, new_version = node_update(
        node=node, actor=actor, message=f"restored version {number}", **fields
    )
    if new_version is None:  # identical content: still say which version it equals
        new_version = node.versions.first()
    return node, new_version


def snapshot_to_fields(snapshot: dict, project: Project) -> dict:
    import datetime

    fields = {}
    for field in VERSIONED_FIELDS:
        if field not in snapshot and field not in SNAPSHOT_DEFAULTS:
            continue
        value = snapshot.get(field, SNAPSHOT_DEFAULTS.get(field))
        if field in ("start_date", "end_date") and value:
            value = datetime.date.fromisoformat(value)
        if field == "datasource_id":
            fields["datasource"] = (
                DataSource.objects.filter(project=project, pk=value).first() if value else None
            )
            continue
        if field == "owner_id":
            continue  # restoring content does not change who owns the node
        fields[field] = value
    return fields


# --- deploy ---------------------------------------------------------------------------


@transaction.atomic
def nodes_deploy(
    *, project: Project, actor, items: list[tuple[Node, int | None]], message: str = ""
) -> list[dict]:
    """Publish versions (the latest when none is given) of several nodes, all or nothing.

    A node whose upstream is not deployed is refused unless that upstream is in the batch. A
    project that reviews deploys publishes only through an approved request
    (projects/deploy_requests.py).
    """
    if Project.objects.filter(pk=project.pk, review_required=True).exists():
        validation.fail(
            "nodes",
            _("this project deploys through reviewed requests: submit a deploy request instead"),
        )
    _package, results = deploy_package(project=project, actor=actor, items=items, message=message)
    return results


def deploy_versions(items: list[tuple[Node, int | None]]) -> dict[int, NodeVersion]:
    """Node id -> the version to deploy (the latest when none is given); 400 when missing."""
    node_ids = [node.id for node, _version in items]
    # The newest version of every node in the batch, in one query.
    latest = {}
    for node_id, number in NodeVersion.objects.filter(node_id__in=node_ids).values_list(
        "node_id", "number"
    ):
        latest[node_id] = max(latest.get(node_id, 0), number)
    wanted = {node.id: (number or latest.get(node.id)) for node, number in items}
    versions = {
        v.node_id: v
        for v in NodeVersion.objects.filter(node_id__in=node_ids).filter(
            number__in=set(wanted.values())
        )
        if wanted.get(v.node_id) == v.number
    }
    for node, _version in items:
        if node.id not in versions:
            validation.fail(
                "nodes",
                _("node %(node)s has no version %(version)s")
                % {"node": node.name, "version": wanted[node.id]},
            )
    return versions


def deploy_package(
    *,
    project: Project,
    actor,
    items: list[tuple[Node, int | None]],
    message: str = "",
    rollback_of: DeployPackage | None = None,
) -> tuple[DeployPackage, list[dict]]:
    """The deploy itself, as one package (what a rollback takes back together); the caller
    holds the transaction and has decided that it may happen (review, rights)."""
    if not items:
        validation.fail("nodes", _("name at least one node to deploy"))
    if Project.objects.filter(pk=project.pk, archived_at__isnull=False).exists():
        validation.fail("nodes", _("the project is archived: restore it before deploying"))
    node_ids = [node.id for node, _version in items]
    versions = deploy_versions(items)
    for node, _version in items:
        # Versions saved before schedules were checked this way must not reach the scheduler.
        cron = versions[node.id].snapshot.get("cron") or "0 0 * * *"
        try:
            validation.check_cron(cron, "nodes")
        except ValidationError as exc:
            validation.fail("nodes", f"{node.name}: {exc.message_dict['nodes'][0]}")

    batch = set(node_ids)
    undeployed_upstreams = (
        Dependency.objects.filter(downstream_id__in=batch)
        .exclude(kind=DependencyKind.SELF_PREVIOUS_CYCLE)
        .exclude(upstream_id__in=batch)
        .filter(upstream__deployed_version__isnull=True)
        .values_list("downstream__name", "upstream__name", "upstream__project_id")
    )
    for downstream, upstream, upstream_project in undeployed_upstreams[:1]:
        if upstream_project not in readable_project_ids(actor):
            validation.fail(
                "nodes", f"{downstream} depends on {HIDDEN_NODE}, which is not deployed"
            )
        validation.fail(
            "nodes",
            f"{downstream} depends on {upstream}, which is not deployed; deploy {upstream} too (in the same request)",
        )

    readable = set(readable_project_ids(actor))
    plans = {
        node.id: deploys.plan_diff(node, versions[node.id], readable=readable) for node, _ in items
    }
    previous = dict(Node.objects.filter(id__in=batch).values_list("id", "deployed_version_id"))
    previous_snapshots = dict(
        NodeVersion.objects.filter(id__in=[v for v in previous.values() if v]).values_list(
            "id", "snapshot"
        )
    )
    nodes = []
    for node, _version in items:
        node.deployed_version = versions[node.id]
        nodes.append(node)
    Node.objects.bulk_update(nodes, ["deployed_version"], batch_size=1000)
    package = DeployPackage.objects.create(
        project=project, message=message, deployed_by=actor, rollback_of=rollback_of
    )
    Deployment.objects.bulk_create(
        [
            Deployment(
                project=project,
                node=node,
                version=versions[node.id],
                previous_version_id=previous.get(node.id),
                package=package,
                message=message,
                deployed_by=actor,
                plan=plans[node.id],
            )
            for node in nodes
        ],
        batch_size=1000,
    )
    _audit_bulk(
        project,
        actor,
        "deploy",
        nodes,
        lambda n: {"version": versions[n.id].number, "message": message},
    )

    downstream = {}
    for upstream_id, name, project_id in (
        Dependency.objects.filter(upstream_id__in=batch)
        .exclude(downstream_id__in=batch)
        .values_list("upstream_id", "downstream__name", "downstream__project_id")
    ):
        downstream.setdefault(upstream_id, []).append(
            name if project_id in readable else HIDDEN_NODE
        )

    after_deploy(node_ids)
    return package, [
        {
            "node": node.id,
            "name": node.name,
            "version": versions[node.id].number,
            "previous_version_id": previous.get(node.id),
            "changes": version_diff(
                previous_snapshots.get(previous.get(node.id)) or {}, versions[node.id].snapshot
            ),
            "downstream_affected": sorted(downstream.get(node.id, [])),
            "plan": plans[node.id],
        }
        for node in nodes
    ]


@transaction.atomic
def node_undeploy(*, node: Node, actor) -> Node:
    problem = _dependents_problem(
        node,
        actor,
        Dependency.objects.filter(upstream=node, downstream__deployed_version__isnull=False),
        "deployed nodes",
    )
    if problem:
        validation.fail(
            "node",
            problem.replace(
                "remove those edges first", "undeploy them or remove those edges first"
            ),
        )
    plan = deploys.plan_diff(node, None, readable=readable_project_ids(actor))
    previous_version_id = node.deployed_version_id
    node.deployed_version = None
    node.save(update_fields=["deployed_version"])
    Deployment.objects.create(
        project=node.project,
        node=node,
        version=None,
        previous_version_id=previous_version_id,
        deployed_by=actor,
        message="undeploy",
        plan=plan,
    )
    audit.record(project=node.project, actor=actor, action="undeploy", obj=node)
    after_deploy([node.id])
    return node


def after_deploy(node_ids: list[int]) -> None:
    """Let the scheduler replan what was just published, after commit."""
    # Robust: the deploy is committed; a generation problem is the scheduler's to report.
    transaction.on_commit(lambda: deploys.deployed(node_ids), robust=True)


# --- dependencies ---------------------------------------------------------------------


def _refuse_cycle(pairs, new_edges, actor) -> None:
    loop = cycle_if_added(pairs, new_edges)
    if loop:
        names = node_names(loop, set(readable_project_ids(actor)))
        raise validation.LoopError(
            _("this would close a loop: %(loop)s") % {"loop": " -> ".join(names[i] for i in loop)},
            loop,
        )


def _check_kind(upstream: Node, downstream: Node, kind: str) -> None:
    if kind not in DependencyKind.values:
        validation.fail(
            "kind", _("one of %(choices)s") % {"choices": ", ".join(DependencyKind.values)}
        )
    if kind == DependencyKind.SELF_PREVIOUS_CYCLE and upstream.id != downstream.id:
        validation.fail("kind", _("a self dependency links a node to its own previous cycle"))
    if kind != DependencyKind.SELF_PREVIOUS_CYCLE and upstream.id == downstream.id:
        validation.fail("upstream", _("a node cannot depend on itself in the same cycle"))


def _all_projects_involved(downstream: Node, upstreams) -> set[int]:
    return {downstream.project_id, *(u.project_id for u in upstreams)}


@transaction.atomic
def dependency_add(
    *,
    downstream: Node,
    upstream: Node,
    actor,
    kind: str = DependencyKind.SAME_CYCLE,
    source: dict | None = None,
) -> Dependency:
    _check_kind(upstream, downstream, kind)
    if kind == DependencyKind.SAME_CYCLE:
        _refuse_cycle(
            same_cycle_pairs(_all_projects_involved(downstream, [upstream])),
            [(upstream.id, downstream.id)],
            actor,
        )
    dependency, created = Dependency.objects.get_or_create(
        upstream=upstream,
        downstream=downstream,
        kind=kind,
        defaults={"project": downstream.project, "source": source or {}},
    )
    if not created:
        validation.fail(
            "upstream", f"{downstream.name} already depends on {upstream.name} ({kind})"
        )
    audit.record(
        project=downstream.project,
        actor=actor,
        action="add_dependency",
        obj=dependency,
        changes={"upstream": upstream.name, "downstream": downstream.name, "kind": kind},
    )
    return dependency


@transaction.atomic
def inbound_dependency_remove(*, node: Node, dependency: Dependency, actor) -> None:
    """Remove an edge by which a node of another project depends on `node`; the owners of the
    node may do so (it keeps them from undeploying or deleting it). Both projects' audit logs
    record it; the one of `node`'s project names the other node only if the actor may read it."""
    downstream = dependency.downstream
    readable = set(readable_project_ids(actor))
    audit.record(
        project=node.project,
        actor=actor,
        action="remove_inbound_dependency",
        obj=node,
        changes={
            "downstream": node_names([downstream.id], readable)[downstream.id],
            "kind": dependency.kind,
        },
    )
    audit.record(
        project=dependency.project,
        actor=actor,
        action="delete_dependency",
        obj=dependency,
        changes={
            "upstream": node.name,
            "downstream": downstream.name,
            "reason": f"removed by {getattr(actor, 'username', 'someone')} of the upstream's project",
        },
    )
    dependency.delete()


@transaction.atomic
def dependency_delete(*, dependency: Dependency, actor) -> None:
    audit.record(
        project=dependency.project,
        actor=actor,
        action="delete_dependency",
        obj=dependency,
        changes={"upstream": dependency.upstream_id, "downstream": dependency.downstream_id},
    )
    dependency.delete()


@transaction.atomic
def upstreams_replace(
    *, downstream: Node, actor, upstreams: list[tuple[Node, str] | tuple[Node, str, dict | None]]
) -> list[Dependency]:
    """Make `upstreams` (node, kind[, lineage source]) the complete list of the node's upstream
    edges. An edge given without a source keeps the one it has."""
    items = [(u[0], u[1], u[2] if len(u) > 2 else None) for u in upstreams]
    for upstream, kind, _source in items:
        _check_kind(upstream, downstream, kind)
    existing = Dependency.objects.filter(downstream=downstream)
    wanted = {(u.id, kind) for u, kind, _ in items}
    existing.exclude(pk__in=[d.pk for d in existing if (d.upstream_id, d.kind) in wanted]).delete()
    pairs = same_cycle_pairs(_all_projects_involved(downstream, [u for u, _, _ in items]))
    new_same = [(u.id, downstream.id) for u, kind, _ in items if kind == DependencyKind.SAME_CYCLE]
    _refuse_cycle([p for p in pairs if p[1] != downstream.id], new_same, actor)
    have = {(d.upstream_id, d.kind): d for d in Dependency.objects.filter(downstream=downstream)}
    for upstream, kind, source in items:
        edge = have.get((upstream.id, kind))
        if edge is not None and source is not None and edge.source != source:
            edge.source = source
            edge.save(update_fields=["source"])
    Dependency.objects.bulk_create(
        [
            Dependency(
                project=downstream.project,
                upstream=u,
                downstream=downstream,
                kind=kind,
                source=source or {},
            )
            for u, kind, source in items
            if (u.id, kind) not in have
        ]
    )
    audit.record(
        project=downstream.project,
        actor=actor,
        action="replace_upstreams",
        obj=downstream,
        changes={"upstreams": [[u.name, kind] for u, kind, _ in items]},
    )
    return list(Dependency.objects.filter(downstream=downstream).select_related("upstream"))


# --- helpers --------------------------------------------------------------------------


def _apply(obj, fields: dict) -> dict:
    changes = {}
    for key, value in fields.items():
        old = getattr(obj, key)
        if old != value:
            changes[key] = {"before": _plain(old), "after": _plain(value)}
            setattr(obj, key, value)
    return changes


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _summary(changes: dict) -> dict:
    """Keep audit rows small: long code becomes a length, not a copy."""
    out = {}
    for key, change in changes.items():
        if key == "code":
            out[key] = {
                "before_chars": len(change["before"] or ""),
                "after_chars": len(change["after"] or ""),
            }
        else:
            out[key] = change
    return out


def _audit_bulk(project, actor, action, objects, changes_of) -> None:
    from projects.models import AuditEntry

    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                project=project,
                actor=actor,
                action=action,
                object_type=obj._meta.model_name,
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                changes=changes_of(obj),
            )
            for obj in objects
        ],
        batch_size=1000,
    )


@transaction.atomic
def lineage_apply(*, node: Node, actor, proposal: dict) -> dict:
    """Add the proposed same-cycle upstreams (cycle check applies) and, if none are declared,
    take the parsed writes as the node's output tables."""
    added = []
    for item in proposal["upstreams"]:
        if item["exists"] or any(a["node"] == item["node"] for a in added):
            continue
        upstream = Node.objects.get(pk=item["node"])
        dependency_add(
            downstream=node,
            upstream=upstream,
            actor=actor,
            source={"table": item["table"], "line": item["line"]},
        )
        added.append({"node": upstream.id, "name": upstream.name, "table": item["table"]})
    outputs = None
    if not node.output_tables and proposal["writes"]:
        outputs = [w["table"] for w in proposal["writes"]]
        node_update(
            node=node, actor=actor, message="outputs from SQL lineage", output_tables=outputs
        )
    return {"dependencies": added, "output_tables": outputs}
