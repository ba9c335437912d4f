"""Tenancy and authoring: projects, members, data sources, workflows, nodes, versions, edges, audit."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    OWNER = "owner"
    ADMIN = "admin"
    DEVELOPER = "developer"
    OPERATOR = "operator"
    VIEWER = "viewer"


class ParameterDialect(models.TextChoices):
    DATAWORKS = "dataworks"
    DOLPHINSCHEDULER = "dolphinscheduler"


class ProjectMode(models.TextChoices):
    # One connection per data source: test runs and scheduled runs share it.
    BASIC = "basic"
    # A development and a production connection per data source: code is tried on development
    # and reaches production through a deploy (reviewed when `review_required`).
    STANDARD = "standard"


class Environment(models.TextChoices):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class ProjectQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Project(models.Model):
    # Unique among each member's projects (services), not across the installation: a clash
    # with a project someone cannot see must not tell them it exists.
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    default_datasource = models.ForeignKey(
        "DataSource", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_resource_group = models.CharField(max_length=64, default="default")
    max_concurrent_instances = models.PositiveIntegerField(default=100)
    # A run's time limit when its node sets none, and the most a node may set (0: no maximum,
    # and then a node's 0 means no limit at all).
    default_timeout_seconds = models.PositiveIntegerField(default=3600)
    max_timeout_seconds = models.PositiveIntegerField(default=86400)
    # Resource group -> most worker slots of that group the project's runs may hold at once;
    # a group not listed gets WORKBENCH_PROJECT_SLOT_SHARE of the group's live slots.
    group_slots = models.JSONField(default=dict, blank=True)
    # Set while these limits hold ready runs back: the next of its runs to end releases them.
    limit_held = models.BooleanField(default=False, editable=False)
    # How scheduling parameters are written in the project's code (a node may choose another).
    parameter_dialect = models.CharField(
        max_length=16, choices=ParameterDialect.choices, default=ParameterDialect.DATAWORKS
    )
    mode = models.CharField(max_length=8, choices=ProjectMode.choices, default=ProjectMode.BASIC)
    # Deploys go through a request another member with the deploy right approves.
    review_required = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set while the project is archived: nothing of it is deployed, and nothing may be.
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name

    def timeout_for(self, node_timeout: int) -> int:
        """The time limit of a run whose node asks for `node_timeout` seconds (0: none given)."""
        seconds = node_timeout or self.default_timeout_seconds
        if self.max_timeout_seconds:
            seconds = min(seconds or self.max_timeout_seconds, self.max_timeout_seconds)
        return seconds


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_project_user_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.project} as {self.role}"


class ProjectScopedQuerySet(models.QuerySet):
    """Tenant rows: `.for_user(user)` keeps those of projects the user is a member of."""

    def for_user(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(project__memberships__user=user)


class DataSourceKind(models.TextChoices):
    DUCKDB = "duckdb"
    POSTGRES = "postgres"
    SQLITE = "sqlite"
    MYSQL = "mysql", "MySQL / MariaDB"
    SPARK = "spark", "Spark SQL"


class DataSource(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="datasources")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=32, choices=DataSourceKind.choices)
    description = models.TextField(blank=True)
    # Non-secret connection settings (path, host, port, database, user, options).
    config = models.JSONField(default=dict, blank=True)
    # Secret settings (password, DSN secrets) as a Fernet token; never returned by the API.
    secret_encrypted = models.TextField(blank=True, default="")
    # Standard-mode projects: the development connection (the two above are production).
    # Empty until someone fills it in; test runs are refused meanwhile.
    dev_config = models.JSONField(default=dict, blank=True)
    dev_secret_encrypted = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="datasource_project_name_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class Workflow(models.Model):
    """A folder of nodes (DataWorks' business flow)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="workflows")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="workflow_project_name_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class CanvasLayout(models.Model):
    """Where the team put the nodes on a designer canvas: one per workflow, and one for the
    project-wide view (no workflow). Positions are {"<node id>": [x, y]}."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="canvas_layouts")
    workflow = models.ForeignKey(
        Workflow, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    positions = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "workflow"],
                condition=Q(workflow__isnull=False),
                name="canvas_workflow_uniq",
            ),
            models.UniqueConstraint(
                fields=["project"], condition=Q(workflow__isnull=True), name="canvas_project_uniq"
            ),
        ]


class NodeType(models.TextChoices):
    SQL = "sql"
    PYTHON = "python"
    SHELL = "shell"
    VIRTUAL = "virtual"
    SYNC = "sync"  # copies a table or query result between data sources (projects/sync_spec.py)


class RerunPolicy(models.TextChoices):
    ALWAYS = "always"
    ONLY_AFTER_FAILURE = "only_after_failure"
    NEVER = "never"


class CatchUp(models.TextChoices):
    """What becomes of slots already past when a day is generated late (a deploy with immediate
    generation, a fresh install, a scheduler that was down when the day began)."""

    NONE = "none"  # they become dry runs: no burst of late runs
    LATEST = "latest"  # only the most recent one runs
    ALL = "all"  # every one runs


class DstGap(models.TextChoices):
    """A local time that does not exist (spring forward)."""

    SHIFT = "shift"  # runs once, later by the gap's length
    SKIP = "skip"  # does not run that day


class DstOverlap(models.TextChoices):
    """A local time that occurs twice (fall back)."""

    FIRST = "first"  # runs once, at its first occurrence
    BOTH = "both"  # runs at each occurrence


class InstanceGeneration(models.TextChoices):
    # DataWorks' T+1: instances appear at the nightly generation for the next day.
    NEXT_DAY = "next_day"
    # Right after deploy: the rest of today's slots at once; past ones become dry runs.
    IMMEDIATELY = "immediately"


# Fields of a node that a version snapshots and a deploy publishes.
VERSIONED_FIELDS = (
    "name",
    "type",
    "code",
    "datasource_id",
    "cron",
    "start_date",
    "end_date",
    "paused",
    "dry_run",
    "parameters",
    "retries",
    "retry_delay_seconds",
    "timeout_seconds",
    "priority",
    "resource_group",
    "rerun_policy",
    "owner_id",
    "output_tables",
    "instance_generation",
    "uses_datasources",
    "catch_up",
    "dst_gap",
    "dst_overlap",
    "parameter_dialect",
)
# What a snapshot saved before a field existed means by its absence.
SNAPSHOT_DEFAULTS = {
    "catch_up": "none",
    "dst_gap": "shift",
    "dst_overlap": "first",
    "parameter_dialect": "",
}


class Node(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="nodes")
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="nodes")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=16, choices=NodeType.choices)
    description = models.TextField(blank=True)
    code = models.TextField(blank=True, default="")
    datasource = models.ForeignKey(
        DataSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="nodes"
    )
    # Schedule: cron in the project's time zone.
    cron = models.CharField(max_length=120, default="0 0 * * *")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    paused = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=False)
    # Node parameters: {"key": "expression"}, substituted into code as ${key}.
    parameters = models.JSONField(default=dict, blank=True)
    retries = models.PositiveIntegerField(default=0)
    retry_delay_seconds = models.PositiveIntegerField(default=60)
    timeout_seconds = models.PositiveIntegerField(default=0, help_text="0 means no timeout")
    priority = models.IntegerField(default=0, help_text="higher runs first")
    resource_group = models.CharField(max_length=64, default="default")
    rerun_policy = models.CharField(
        max_length=24, choices=RerunPolicy.choices, default=RerunPolicy.ALWAYS
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    output_tables = models.JSONField(default=list, blank=True)
    # Ids of more data sources of the project the code connects to (Python and shell nodes):
    # a run receives the credentials of these and of `datasource`, never of the others.
    uses_datasources = models.JSONField(default=list, blank=True)
    instance_generation = models.CharField(
        max_length=16, choices=InstanceGeneration.choices, default=InstanceGeneration.NEXT_DAY
    )
    catch_up = models.CharField(max_length=8, choices=CatchUp.choices, default=CatchUp.NONE)
    dst_gap = models.CharField(max_length=8, choices=DstGap.choices, default=DstGap.SHIFT)
    dst_overlap = models.CharField(
        max_length=8, choices=DstOverlap.choices, default=DstOverlap.FIRST
    )
    # Empty: the project's dialect.
    parameter_dialect = models.CharField(
        max_length=16, choices=ParameterDialect.choices, blank=True, default=""
    )
    # The version the scheduler runs; null means not deployed.
    deployed_version = models.ForeignKey(
        "NodeVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="node_project_name_uniq")
        ]
        indexes = [
            # the scheduler's nightly scan: deployed nodes
            models.Index(
                fields=["deployed_version"],
                name="node_deployed_idx",
                condition=Q(deployed_version__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def snapshot(self) -> dict:
        """The versioned configuration as JSON-friendly values."""
        data = {}
        for field in VERSIONED_FIELDS:
            value = getattr(self, field)
            if field in SNAPSHOT_DEFAULTS and value == SNAPSHOT_DEFAULTS[field]:
                continue  # absent means the default: the scheduler reads nothing for it
            data[field] = value.isoformat() if hasattr(value, "isoformat") else value
        return data


class NodeVersion(models.Model):
    """An immutable snapshot of a node's code and configuration."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    message = models.CharField(max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["node", "number"], name="nodeversion_node_number_uniq")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.node_id} v{self.number}"


class Deployment(models.Model):
    """A publish (or undeploy, version null) of a node: the history of what production ran."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deployments")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="deployments")
    version = models.ForeignKey(NodeVersion, null=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=500, blank=True)
    deployed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The plan diff shown before it (scheduler/plan.py `diff`): what it changed of the schedule.
    plan = models.JSONField(default=dict, blank=True)
    # What went out with it, and what the node ran before (a rollback deploys that again).
    package = models.ForeignKey(
        "DeployPackage", null=True, blank=True, on_delete=models.CASCADE, related_name="deployments"
    )
    previous_version = models.ForeignKey(
        NodeVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectScopedQuerySet.as_manager()


class DeployPackage(models.Model):
    """What went out together (one deploy of one or many nodes): rolled back as one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deploy_packages")
    message = models.CharField(max_length=500, blank=True)
    deployed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set on a rollback: the package whose versions it took back.
    rollback_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rollbacks"
    )

    objects = ProjectScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"package {self.pk}"


class DeployRequestStatus(models.TextChoices):
    PENDING = "pending"
    APPROVED = "approved"  # and deployed, in the same transaction
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class DeployRequest(models.Model):
    """A developer's request to deploy versions of some nodes; another member with the deploy
    right approves (which deploys) or rejects it. Its checks and diffs are kept as computed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deploy_requests")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.CharField(max_length=500)
    status = models.CharField(
        max_length=12, choices=DeployRequestStatus.choices, default=DeployRequestStatus.PENDING
    )
    # [{"node", "name", "check", "ok", "message"}] computed at submit (projects/review.py).
    checks = models.JSONField(default=list, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    # Why the reviewer approved although a check failed.
    override_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    package = models.ForeignKey(
        DeployPackage, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        indexes = [
            # the review list: a project's requests of one status, newest first
            models.Index(fields=["project", "status", "-id"], name="deployreq_proj_status_idx"),
        ]

    def __str__(self) -> str:
        return f"deploy request {self.pk}"


class DeployRequestItem(models.Model):
    """One node of a request: the version it would deploy, with its code, settings and plan
    diff against what production runs, as they were at submit."""

    request = models.ForeignKey(DeployRequest, on_delete=models.CASCADE, related_name="items")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(NodeVersion, on_delete=models.CASCADE, related_name="+")
    previous_version = models.ForeignKey(
        NodeVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {"code": unified diff, "fields": {...}} (selectors.version_diff) and the plan diff.
    diff = models.JSONField(default=dict, blank=True)
    plan = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "node"], name="deployreq_item_node_uniq")
        ]


class DependencyKind(models.TextChoices):
    SAME_CYCLE = "same_cycle"
    # On the node's own previous instance (upstream == downstream).
    SELF_PREVIOUS_CYCLE = "self_previous_cycle"
    # On the upstream node's previous instance.
    UPSTREAM_PREVIOUS_CYCLE = "upstream_previous_cycle"


class Dependency(models.Model):
    """upstream -> downstream; owned by the downstream's project, the upstream may be elsewhere."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="dependencies")
    upstream = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="downstream_edges")
    downstream = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="upstream_edges")
    kind = models.CharField(
        max_length=32, choices=DependencyKind.choices, default=DependencyKind.SAME_CYCLE
    )
    # Why the edge exists when it came from SQL lineage: {"table": ..., "line": ...}.
    source = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["upstream", "downstream", "kind"], name="dependency_edge_uniq"
            ),
        ]


class AuditEntry(models.Model):
    project = models.ForeignKey(
        Project, null=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        indexes = [
            # the audit list: newest first within a project, optionally by object type
            models.Index(fields=["project", "-id"], name="audit_project_id_idx"),
            models.Index(fields=["project", "object_type", "-id"], name="audit_project_type_idx"),
        ]
