import unicodedata

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from projects.api.filters import DateTimeFilter, IdFilter, TextFilter
from projects.models import (
    VERSIONED_FIELDS,
    AuditEntry,
    CatchUp,
    DataSource,
    DataSourceKind,
    Dependency,
    DependencyKind,
    Deployment,
    DstGap,
    DstOverlap,
    InstanceGeneration,
    Membership,
    Node,
    NodeType,
    NodeVersion,
    ParameterDialect,
    Project,
    ProjectMode,
    RerunPolicy,
    Role,
    Workflow,
)
from projects.permissions import grantable_roles, may_change_member
from projects.selectors import role_permissions
from projects.validation import DATE_RANGE, NAME_RULE, date_problem, is_name


class IdField(serializers.IntegerField):
    """An object id: a positive 64-bit integer."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


class NameField(serializers.CharField):
    """The name of a project, workflow, node, data source, rule or channel: the rule of
    projects.validation.check_name (any script), trimmed and in NFC."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", NAME_RULE)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = unicodedata.normalize("NFC", super().to_internal_value(data))
        if not is_name(value):
            raise serializers.ValidationError(NAME_RULE)
        return value


class DateField(serializers.DateField):
    """A date the system computes with: within the supported range (projects.validation)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"YYYY-MM-DD, {DATE_RANGE}")
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        date = super().to_internal_value(value)
        problem = date_problem(date)
        if problem:
            raise serializers.ValidationError(problem)
        return date


class ProjectPermissionsSerializer(serializers.Serializer):
    """What the caller's role lets them do in the project, action by action
    (projects/permissions.py)."""

    read = serializers.BooleanField()
    edit = serializers.BooleanField(help_text="nodes, workflows, dependencies, quality rules")
    test_run = serializers.BooleanField()
    operate = serializers.BooleanField(help_text="instances and backfills")
    manage = serializers.BooleanField(help_text="members, data sources, alert channels")
    deploy = serializers.BooleanField(help_text="deploy, review others' deploy requests, roll back")
    request_deploy = serializers.BooleanField(help_text="submit a deploy request for review")
    delete_project = serializers.BooleanField()


class ProjectOutputSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()
    grantable_roles = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "description",
            "timezone",
            "default_datasource",
            "default_resource_group",
            "max_concurrent_instances",
            "default_timeout_seconds",
            "max_timeout_seconds",
            "group_slots",
            "parameter_dialect",
            "mode",
            "review_required",
            "created_at",
            "archived_at",
            "role",
            "permissions",
            "grantable_roles",
        ]

    def get_role(self, project) -> str | None:
        return getattr(project, "my_role", None)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Role.choices)))
    def get_grantable_roles(self, project) -> list[str]:
        """The roles the caller may give a new member (none when they may not manage)."""
        return grantable_roles(getattr(project, "my_role", None))

    @extend_schema_field(ProjectPermissionsSerializer)
    def get_permissions(self, project) -> dict[str, bool]:
        return role_permissions(getattr(project, "my_role", None))


class ProjectInputSerializer(serializers.Serializer):
    name = NameField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    timezone = serializers.CharField(max_length=64, required=False, default="UTC")
    default_resource_group = serializers.CharField(max_length=64, required=False, default="default")
    max_concurrent_instances = serializers.IntegerField(
        min_value=1, max_value=100_000, required=False, default=100
    )
    parameter_dialect = serializers.ChoiceField(
        choices=ParameterDialect.choices, required=False, default=ParameterDialect.DATAWORKS
    )


class ProjectUpdateSerializer(serializers.Serializer):
    name = NameField(max_length=100, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    timezone = serializers.CharField(max_length=64, required=False)
    default_resource_group = serializers.CharField(max_length=64, required=False)
    max_concurrent_instances = serializers.IntegerField(
        min_value=1, max_value=100_000, required=False
    )
    default_timeout_seconds = serializers.IntegerField(
        min_value=1, max_value=7 * 86_400, required=False
    )
    max_timeout_seconds = serializers.IntegerField(
        min_value=0, max_value=30 * 86_400, required=False, help_text="0: no maximum"
    )
    group_slots = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=10_000),
        required=False,
        help_text="resource group -> most slots the project's runs may hold (site administrators)",
    )
    default_datasource = IdField(required=False, allow_null=True)
    parameter_dialect = serializers.ChoiceField(
        choices=ParameterDialect.choices,
        required=False,
        help_text="how the project's code writes scheduling parameters",
    )
    mode = serializers.ChoiceField(
        choices=ProjectMode.choices,
        required=False,
        help_text="standard: a development and a production connection per data source",
    )
    review_required = serializers.BooleanField(
        required=False, help_text="deploys go through a request another member approves"
    )


class MemberOutputSerializer(serializers.ModelSerializer):
    """A member of the project; `changeable` says whether the caller may change their role or
    remove them (only owners change owners)."""

    username = serializers.CharField(source="user.username")
    email = serializers.CharField(source="user.email")
    changeable = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "email", "role", "created_at", "changeable"]

    def get_changeable(self, membership) -> bool:
        return may_change_member(self.context.get("actor_role"), membership.role)


class MemberInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)

    def validate_username(self, value):
        # One answer for a name nobody has and for a deactivated account.
        user = get_user_model().objects.filter(username=value, is_active=True).first()
        if user is None:
            raise serializers.ValidationError(_("no active user named %(name)r") % {"name": value})
        return user


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class DataSourceOutputSerializer(serializers.ModelSerializer):
    """`config` is production's connection; `dev_config` development's (standard mode)."""

    has_secret = serializers.SerializerMethodField()
    has_dev_secret = serializers.SerializerMethodField()

    class Meta:
        model = DataSource
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "config",
            "has_secret",
            "dev_config",
            "has_dev_secret",
            "created_at",
            "updated_at",
        ]

    def get_has_secret(self, datasource) -> bool:
        return bool(datasource.secret_encrypted)

    def get_has_dev_secret(self, datasource) -> bool:
        return bool(datasource.dev_secret_encrypted)


class DataSourceKindSerializer(serializers.Serializer):
    """What a kind of data source asks for: settings (required, optional) and secret fields."""

    kind = serializers.ChoiceField(choices=DataSourceKind.choices)
    config_fields = serializers.ListField(child=serializers.CharField())
    optional_fields = serializers.ListField(child=serializers.CharField())
    secret_fields = serializers.ListField(child=serializers.CharField())
    file_engine = serializers.BooleanField(help_text="a file in the project's folder")


class DataSourceUsageSerializer(serializers.Serializer):
    """A node that uses a data source: bound to it (`datasource`) or connecting to it from its
    code (`uses`)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=NodeType.choices)
    workflow = serializers.IntegerField()
    how = serializers.ChoiceField(choices=[("datasource", "datasource"), ("uses", "uses")])
    deployed = serializers.BooleanField()


class DataSourceInputSerializer(serializers.Serializer):
    name = NameField(max_length=100)
    kind = serializers.ChoiceField(choices=DataSourceKind.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    config = serializers.DictField(required=False, default=dict)
    secret = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, write_only=True
    )
    dev_config = serializers.DictField(
        required=False, help_text="the development connection (standard-mode projects)"
    )
    dev_secret = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, write_only=True
    )


class DataSourceUpdateSerializer(serializers.Serializer):
    name = NameField(max_length=100, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    config = serializers.DictField(required=False)
    secret = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, write_only=True
    )
    dev_config = serializers.DictField(
        required=False, help_text="the development connection (standard-mode projects)"
    )
    dev_secret = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, write_only=True
    )


class WorkflowSerializer(serializers.ModelSerializer):
    name = NameField(max_length=100)
    node_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Workflow
        fields = ["id", "name", "description", "created_at", "node_count"]
        read_only_fields = ["id", "created_at", "node_count"]


class SavedWorkflowSerializer(WorkflowSerializer):
    """A workflow as a create or an update answers it: without the node count."""

    class Meta(WorkflowSerializer.Meta):
        fields = ["id", "name", "description", "created_at"]


# A node's fields in the API: those a version snapshots (VERSIONED_FIELDS, by their API names)
# and two it does not. In this order: the OpenAPI schema, and the front end's types, follow it.
NODE_FIELDS = [field.removesuffix("_id") for field in VERSIONED_FIELDS]
NODE_FIELDS[2:2] = ["description"]  # after name and type
NODE_FIELDS[4:4] = ["workflow"]  # after code


class NodeOutputSerializer(serializers.ModelSerializer):
    parameters = serializers.DictField(child=serializers.CharField())
    output_tables = serializers.ListField(child=serializers.CharField())
    uses_datasources = serializers.ListField(child=serializers.IntegerField())
    deployed_version_number = serializers.IntegerField(
        source="deployed_version.number", allow_null=True, read_only=True, default=None
    )
    latest_version = serializers.IntegerField(read_only=True, allow_null=True, required=False)

    class Meta:
        model = Node
        fields = [
            "id",
            *NODE_FIELDS,
            "deployed_version_number",
            "latest_version",
            "created_at",
            "updated_at",
        ]


class NodeInputSerializer(serializers.Serializer):
    name = NameField(max_length=200)
    type = serializers.ChoiceField(choices=NodeType.choices)
    workflow = IdField()
    description = serializers.CharField(required=False, allow_blank=True)
    code = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    datasource = IdField(required=False, allow_null=True)
    cron = serializers.CharField(max_length=120, required=False)
    start_date = DateField(required=False, allow_null=True)
    end_date = DateField(required=False, allow_null=True)
    paused = serializers.BooleanField(required=False)
    dry_run = serializers.BooleanField(required=False)
    parameters = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False
    )
    retries = serializers.IntegerField(min_value=0, max_value=100, required=False)
    retry_delay_seconds = serializers.IntegerField(min_value=0, max_value=86_400, required=False)
    timeout_seconds = serializers.IntegerField(min_value=0, max_value=7 * 86_400, required=False)
    priority = serializers.IntegerField(min_value=-1000, max_value=1000, required=False)
    resource_group = serializers.CharField(max_length=64, required=False)
    rerun_policy = serializers.ChoiceField(choices=RerunPolicy.choices, required=False)
    owner = IdField(required=False, allow_null=True)
    output_tables = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False
    )
    instance_generation = serializers.ChoiceField(
        choices=InstanceGeneration.choices, required=False
    )
    uses_datasources = serializers.ListField(
        child=IdField(),
        max_length=50,
        required=False,
        help_text="more data sources of the project the code connects to",
    )
    catch_up = serializers.ChoiceField(
        choices=CatchUp.choices,
        required=False,
        help_text="slots already past when a day is generated late: none run (dry runs), "
        "the latest runs, or all run",
    )
    dst_gap = serializers.ChoiceField(
        choices=DstGap.choices,
        required=False,
        help_text="a local time that does not exist: runs shifted by the gap, or is skipped",
    )
    dst_overlap = serializers.ChoiceField(
        choices=DstOverlap.choices,
        required=False,
        help_text="a local time that occurs twice: runs at its first occurrence, or at both",
    )
    parameter_dialect = serializers.ChoiceField(
        choices=ParameterDialect.choices,
        allow_blank=True,
        required=False,
        help_text="how scheduling parameters are written; empty: the project's dialect",
    )
    message = serializers.CharField(max_length=500, required=False, allow_blank=True)


class NodeUpdateSerializer(NodeInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


# Serializers that only describe answers built as plain values (snapshots, diffs, the graph,
# deploy results, lineage proposals): the API schema uses them, the views do not.


class NodeSnapshotSerializer(serializers.Serializer):
    """A version's configuration as stored (Node.snapshot(): the VERSIONED_FIELDS), with the
    data source and the owner as ids."""

    name = serializers.CharField()
    type = serializers.ChoiceField(choices=NodeType.choices)
    code = serializers.CharField()
    datasource_id = serializers.IntegerField(allow_null=True)
    cron = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    paused = serializers.BooleanField()
    dry_run = serializers.BooleanField()
    parameters = serializers.DictField(child=serializers.CharField())
    retries = serializers.IntegerField()
    retry_delay_seconds = serializers.IntegerField()
    timeout_seconds = serializers.IntegerField()
    priority = serializers.IntegerField()
    resource_group = serializers.CharField()
    rerun_policy = serializers.ChoiceField(choices=RerunPolicy.choices)
    owner_id = serializers.IntegerField(allow_null=True)
    output_tables = serializers.ListField(child=serializers.CharField())
    instance_generation = serializers.ChoiceField(choices=InstanceGeneration.choices)
    uses_datasources = serializers.ListField(child=serializers.IntegerField(), required=False)
    catch_up = serializers.ChoiceField(choices=CatchUp.choices, required=False)
    dst_gap = serializers.ChoiceField(choices=DstGap.choices, required=False)
    dst_overlap = serializers.ChoiceField(choices=DstOverlap.choices, required=False)
    parameter_dialect = serializers.ChoiceField(
        choices=ParameterDialect.choices, allow_blank=True, required=False
    )


@extend_schema_field(NodeSnapshotSerializer)
class SnapshotField(serializers.JSONField):
    """A stored snapshot, sent as it is."""


class NodeVersionSerializer(serializers.ModelSerializer):
    author = serializers.CharField(
        source="author.username", default=None, allow_null=True, read_only=True
    )
    snapshot = SnapshotField()

    class Meta:
        model = NodeVersion
        fields = ["id", "number", "message", "author", "created_at", "snapshot"]


class FieldChangeSerializer(serializers.Serializer):
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class VersionDiffSerializer(serializers.Serializer):
    """A unified diff of the code and the configuration fields that differ (version_diff)."""

    code = serializers.CharField()
    fields = serializers.DictField(child=FieldChangeSerializer())


class PlanMoveSerializer(serializers.Serializer):
    before = serializers.CharField(help_text="cycle time it had (project time zone)")
    after = serializers.CharField(help_text="cycle time it takes")


class PlanDaySerializer(serializers.Serializer):
    """A day's instances of the node: today's remaining ones, or tomorrow's."""

    day = serializers.DateField()
    label = serializers.ChoiceField(choices=["today", "tomorrow"])
    generated = serializers.BooleanField(
        help_text="its instances exist; otherwise this is what its generation will make"
    )
    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField(), help_text="cancelled")
    moved = PlanMoveSerializer(many=True)
    kept = serializers.IntegerField(help_text="slots that stay and run the new version")
    frozen = serializers.IntegerField(help_text="slots the pause freezes")
    unfrozen = serializers.IntegerField(help_text="slots the unpause releases")


class PlanEdgeSerializer(serializers.Serializer):
    upstream = serializers.CharField()
    kind = serializers.CharField()


class PlanParameterValueSerializer(serializers.Serializer):
    expression = serializers.CharField(allow_blank=True)
    value = serializers.CharField(allow_blank=True)


class PlanParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    cyctime = serializers.CharField(help_text="the cycle time it is rendered for")
    before = PlanParameterValueSerializer(allow_null=True)
    after = PlanParameterValueSerializer(allow_null=True)


class PlanDownstreamSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    name = serializers.CharField()
    instances = serializers.IntegerField()
    first_cyctime = serializers.CharField()


class PlanDiffSerializer(serializers.Serializer):
    """What a deploy changes of the schedule (scheduler/plan.py `diff`)."""

    days = PlanDaySerializer(many=True)
    dependencies = inline_serializer(
        "PlanDependencyChanges",
        {"added": PlanEdgeSerializer(many=True), "removed": PlanEdgeSerializer(many=True)},
    )
    parameters = PlanParameterSerializer(many=True)
    downstream = PlanDownstreamSerializer(many=True)


class DeployedNodeSerializer(serializers.Serializer):
    """A node a deploy published (services.nodes_deploy)."""

    node = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    previous_version_id = serializers.IntegerField(allow_null=True)
    changes = VersionDiffSerializer()
    downstream_affected = serializers.ListField(child=serializers.CharField())
    plan = PlanDiffSerializer(help_text="what the deploy changed of the schedule")


class DeployResultSerializer(serializers.Serializer):
    deployed = DeployedNodeSerializer(many=True)


class DeployItemSerializer(serializers.Serializer):
    node = IdField()
    version = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class BatchDeploySerializer(serializers.Serializer):
    nodes = DeployItemSerializer(many=True, allow_empty=False)
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DeploySerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


@extend_schema_field(
    {
        "type": "object",
        "description": "Why the edge exists when it came from SQL lineage; empty otherwise.",
        "properties": {"table": {"type": "string"}, "line": {"type": "integer"}},
    }
)
class DependencySourceField(serializers.JSONField):
    """The edge's stored source, sent as it is."""


class DependencyOutputSerializer(serializers.ModelSerializer):
    """An edge; the other end's name is hidden when it lies in a project the caller cannot read
    (pass `readable`, the caller's readable project ids, in the context)."""

    source = DependencySourceField()
    upstream_name = serializers.SerializerMethodField()
    downstream_name = serializers.SerializerMethodField()
    upstream_project = serializers.IntegerField(source="upstream.project_id", read_only=True)

    def _name(self, node) -> str:
        from projects.selectors import HIDDEN_NODE

        return node.name if node.project_id in self.context["readable"] else HIDDEN_NODE

    def get_upstream_name(self, dependency) -> str:
        return self._name(dependency.upstream)

    def get_downstream_name(self, dependency) -> str:
        return self._name(dependency.downstream)

    class Meta:
        model = Dependency
        fields = [
            "id",
            "upstream",
            "upstream_name",
            "upstream_project",
            "downstream",
            "downstream_name",
            "kind",
            "source",
            "created_at",
        ]


class DependencySourceInputSerializer(serializers.Serializer):
    """Why an edge exists: the table the downstream reads and the line it reads it on."""

    table = serializers.CharField(max_length=300)
    line = serializers.IntegerField(min_value=1, max_value=1_000_000)


class DependencyInputSerializer(serializers.Serializer):
    upstream = IdField()
    downstream = IdField()
    kind = serializers.ChoiceField(
        choices=DependencyKind.choices, default=DependencyKind.SAME_CYCLE
    )
    source = DependencySourceInputSerializer(required=False, allow_null=True)


class UpstreamItemSerializer(serializers.Serializer):
    node = IdField()
    kind = serializers.ChoiceField(
        choices=DependencyKind.choices, default=DependencyKind.SAME_CYCLE
    )
    source = DependencySourceInputSerializer(
        required=False,
        allow_null=True,
        help_text="the lineage reason; left out, an existing edge keeps its own",
    )


class UpstreamsSerializer(serializers.Serializer):
    upstreams = UpstreamItemSerializer(many=True)


class GraphNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=NodeType.choices)
    workflow = serializers.IntegerField()
    deployed = serializers.BooleanField()
    deployed_version = serializers.IntegerField(allow_null=True)
    owner = serializers.IntegerField(allow_null=True)
    paused = serializers.BooleanField()
    cron = serializers.CharField()


class GraphEdgeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    upstream = serializers.IntegerField()
    downstream = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DependencyKind.choices)
    source = DependencySourceField(required=False)


class ExternalNodeSerializer(serializers.Serializer):
    """The other end of an edge that lies outside the selection (another workflow or project).

    Name, project and workflow are null when it lies in a project the caller cannot read."""

    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)
    project = serializers.IntegerField(allow_null=True)
    project_name = serializers.CharField(allow_null=True)
    workflow = serializers.IntegerField(allow_null=True)


class InboundEdgeSerializer(serializers.Serializer):
    """A node of another project depending on this one (selectors.inbound_edges); the other
    node and its project are named only when the caller can read that project."""

    id = serializers.IntegerField(help_text="the dependency")
    kind = serializers.ChoiceField(choices=DependencyKind.choices)
    created_at = serializers.DateTimeField()
    readable = serializers.BooleanField()
    downstream = serializers.IntegerField(allow_null=True)
    downstream_name = serializers.CharField(allow_null=True)
    project = serializers.IntegerField(allow_null=True)
    project_name = serializers.CharField(allow_null=True)


class ProjectGraphSerializer(serializers.Serializer):
    """Nodes and edges of a project or a workflow (selectors.project_graph)."""

    nodes = GraphNodeSerializer(many=True)
    edges = GraphEdgeSerializer(many=True)
    external = ExternalNodeSerializer(many=True)


class LineageRequestSerializer(serializers.Serializer):
    apply = serializers.BooleanField(default=False)
    dialect = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="a sqlglot dialect name"
    )


class TableLineSerializer(serializers.Serializer):
    table = serializers.CharField()
    line = serializers.IntegerField()


class ProposedUpstreamSerializer(serializers.Serializer):
    """A node that declares a table the SQL reads as its output."""

    node = serializers.IntegerField()
    name = serializers.CharField()
    project = serializers.IntegerField()
    table = serializers.CharField()
    line = serializers.IntegerField()
    exists = serializers.BooleanField()


class LineageProposalSerializer(serializers.Serializer):
    """Tables a node's SQL reads and writes, and the nodes that produce what it reads
    (lineage_proposals.propose)."""

    reads = TableLineSerializer(many=True)
    writes = TableLineSerializer(many=True)
    upstreams = ProposedUpstreamSerializer(many=True)
    external_tables = serializers.ListField(child=serializers.CharField())
    declared_outputs = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    errors = serializers.ListField(child=serializers.CharField())


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
        ]


class DeploymentSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    version_number = serializers.IntegerField(
        source="version.number",
        default=None,
        read_only=True,
        allow_null=True,
        help_text="the node's version number (v3); null for an undeploy",
    )
    deployed_by = serializers.CharField(
        source="deployed_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Deployment
        fields = [
            "id",
            "node",
            "node_name",
            "version",
            "version_number",
            "message",
            "deployed_by",
            "created_at",
            "package",
        ]


class DeploymentFilterSerializer(serializers.Serializer):
    node = IdFilter()
    package = IdFilter()


class AuditFilterSerializer(serializers.Serializer):
    action = TextFilter()
    object_type = TextFilter()
    object_id = TextFilter()
    actor = TextFilter()
    since = DateTimeFilter()
    until = DateTimeFilter()
