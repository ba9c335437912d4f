from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from projects.api.serializers import DateField
from projects.models import Environment
from scheduler.dispatch import why_waiting
from scheduler.models import Instance, InstanceDependency, InstanceEvent
from scheduler.selectors import instance_started_by
from scheduler.states import InstanceState, RunKind


class InstanceOutputSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    node_type = serializers.CharField(source="node.type", read_only=True)
    workflow = serializers.IntegerField(source="node.workflow_id", read_only=True)
    owner = serializers.CharField(
        source="node.owner.username", default=None, read_only=True, allow_null=True
    )
    duration_seconds = serializers.SerializerMethodField()

    class Meta:
        model = Instance
        fields = [
            "id",
            "node",
            "node_name",
            "node_type",
            "workflow",
            "owner",
            "run_kind",
            "environment",
            "cyctime",
            "bizdate",
            "status",
            "reason",
            "attempt",
            "max_attempts",
            "priority",
            "queue",
            "dry_run",
            "backfill",
            "queued_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "worker",
            "error",
            "created_at",
        ]

    def get_duration_seconds(self, instance) -> float | None:
        if instance.started_at and instance.finished_at:
            return round((instance.finished_at - instance.started_at).total_seconds(), 3)
        return None


class NeighbourSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    node = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()


def _neighbours(links, side: str) -> list[dict]:
    return [
        {"id": i, "node": n, "name": name, "status": status}
        for i, n, name, status in links.values_list(
            f"{side}_id", f"{side}__node_id", f"{side}__node__name", f"{side}__status"
        )
    ]


@extend_schema_field(
    {
        "type": "object",
        "description": "A test run's first rows: of its last SELECT, and per statement that "
        "returned rows (sets); empty otherwise.",
        "properties": {
            "columns": {"type": "array", "items": {"type": "string"}},
            "rows": {"type": "array", "items": {"type": "array", "items": {}}},
            "sets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "statement": {"type": "integer", "description": "1-based"},
                        "columns": {"type": "array", "items": {"type": "string"}},
                        "rows": {"type": "array", "items": {"type": "array", "items": {}}},
                    },
                    "required": ["statement", "columns", "rows"],
                },
            },
        },
    }
)
class InstanceResultField(serializers.JSONField):
    pass


class InstanceDetailSerializer(InstanceOutputSerializer):
    params = serializers.DictField(child=serializers.CharField())
    result = InstanceResultField()
    # The node's own version number (v3), which users know; `version` is the database id.
    version_number = serializers.IntegerField(
        source="version.number", default=None, read_only=True, allow_null=True
    )
    upstream = serializers.SerializerMethodField()
    downstream = serializers.SerializerMethodField()
    waiting_for = serializers.SerializerMethodField()
    started_by = serializers.SerializerMethodField()

    class Meta(InstanceOutputSerializer.Meta):
        fields = [
            *InstanceOutputSerializer.Meta.fields,
            "params",
            "result",
            "version",
            "version_number",
            "timeout_seconds",
            "not_before",
            "lease_expires_at",
            "upstream",
            "downstream",
            "waiting_for",
            "started_by",
        ]

    @extend_schema_field(NeighbourSerializer(many=True))
    def get_upstream(self, instance) -> list[dict]:
        return _neighbours(InstanceDependency.objects.filter(downstream=instance), "upstream")

    @extend_schema_field(NeighbourSerializer(many=True))
    def get_downstream(self, instance) -> list[dict]:
        return _neighbours(InstanceDependency.objects.filter(upstream=instance), "downstream")

    def get_waiting_for(self, instance) -> list[str]:
        """Why a pending instance has not started, in words."""
        return why_waiting(instance)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_started_by(self, instance) -> str | None:
        """Who started a manual, test, backfill or rerun run; null for a scheduled one."""
        return instance_started_by(instance)


class InstanceEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = InstanceEvent
        fields = [
            "id",
            "from_status",
            "to_status",
            "attempt",
            "reason",
            "message",
            "actor",
            "created_at",
        ]


class ManualRunSerializer(serializers.Serializer):
    bizdate = DateField()
    with_downstream = serializers.BooleanField(default=False)


class TestRunSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    bizdate = DateField(required=False)


# Answers built as plain dicts (selectors): these serializers
# only describe them in the schema; the views send the dicts as they are.


class InstanceEdgeSerializer(serializers.Serializer):
    upstream = serializers.IntegerField()
    downstream = serializers.IntegerField()


class GraphInstanceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    node = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=InstanceState.choices)
    cyctime = serializers.DateTimeField()
    bizdate = serializers.DateField()
    run_kind = serializers.ChoiceField(choices=RunKind.choices)
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class InstanceGraphSerializer(serializers.Serializer):
    """An instance with levels of its upstream and downstream (selectors.instance_graph)."""

    root = serializers.IntegerField(help_text="the instance asked about")
    nodes = GraphInstanceSerializer(many=True)
    edges = InstanceEdgeSerializer(many=True)
    hidden = serializers.IntegerField(
        help_text="neighbouring instances left out: they belong to projects you cannot read"
    )


class RerunDownstreamSerializer(serializers.Serializer):
    rerun = serializers.ListField(
        child=serializers.IntegerField(), help_text="the instance and every one moved back with it"
    )


class NodeLatestSerializer(serializers.Serializer):
    instance = serializers.IntegerField()
    status = serializers.ChoiceField(choices=InstanceState.choices)
    cyctime = serializers.DateTimeField()
    run_kind = serializers.ChoiceField(choices=RunKind.choices)
    instances = serializers.IntegerField(help_text="the node's instances of the date")


class LatestInstancesSerializer(serializers.Serializer):
    """Each node's latest instance of a business date (selectors.node_latest_instances)."""

    bizdate = serializers.DateField()
    nodes = serializers.DictField(child=NodeLatestSerializer(), help_text="by node id")


# The rows come from scheduler/selectors.py `_row`; the docstring below is the schema's
# description, which the front end's generated types carry too.
class OpsRowSerializer(serializers.Serializer):
    """An instance as the dashboard and the Gantt list it (operations._row)."""

    id = serializers.IntegerField()
    node = serializers.IntegerField()
    node_name = serializers.CharField()
    workflow = serializers.IntegerField()
    owner = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=InstanceState.choices)
    run_kind = serializers.ChoiceField(choices=RunKind.choices)
    environment = serializers.ChoiceField(choices=Environment.choices)
    cyctime = serializers.DateTimeField()
    bizdate = serializers.DateField()
    attempt = serializers.IntegerField()
    max_attempts = serializers.IntegerField()
    queued_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    duration_seconds = serializers.FloatField(allow_null=True)
    elapsed_seconds = serializers.FloatField(
        allow_null=True, help_text="seconds so far while it runs or checks"
    )
    backfill = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(help_text="the first 500 characters", allow_blank=True)


class DashboardDaySerializer(serializers.Serializer):
    bizdate = serializers.DateField()
    total = serializers.IntegerField()
    success = serializers.IntegerField()
    failed = serializers.IntegerField()
    running = serializers.IntegerField()
    success_rate = serializers.FloatField(
        allow_null=True, help_text="successes among finished runs; null when none finished"
    )
    avg_duration_seconds = serializers.FloatField(allow_null=True)
    max_duration_seconds = serializers.FloatField(allow_null=True)


class DashboardSerializer(serializers.Serializer):
    bizdate = serializers.DateField()
    generated_at = serializers.DateTimeField()
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="instances of the date by status"
    )
    total = serializers.IntegerField()
    attention = OpsRowSerializer(many=True, help_text="recent failures, newest first (20 at most)")
    attention_total = serializers.IntegerField()
    running = OpsRowSerializer(many=True)
    slowest = OpsRowSerializer(many=True)
    history = DashboardDaySerializer(many=True, help_text="one row per business date, oldest first")


class GanttSerializer(serializers.Serializer):
    bizdate = serializers.DateField()
    now = serializers.DateTimeField()
    total = serializers.IntegerField(help_text="instances that match, shown or not")
    truncated = serializers.BooleanField()
    rows = OpsRowSerializer(many=True)
    edges = InstanceEdgeSerializer(many=True)
