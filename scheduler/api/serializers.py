from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scheduler.dispatch import why_waiting
from scheduler.models import Instance, InstanceDependency, InstanceEvent


class InstanceOutputSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    node_type = serializers.CharField(source="node.type", read_only=True)
    workflow = serializers.IntegerField(source="node.workflow_id", read_only=True)
    owner = serializers.CharField(source="node.owner.username", default=None, read_only=True)
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


class InstanceDetailSerializer(InstanceOutputSerializer):
    params = serializers.DictField(child=serializers.CharField())
    result = serializers.DictField()
    upstream = serializers.SerializerMethodField()
    downstream = serializers.SerializerMethodField()
    waiting_for = serializers.SerializerMethodField()

    class Meta(InstanceOutputSerializer.Meta):
        fields = [
            *InstanceOutputSerializer.Meta.fields,
            "params",
            "result",
            "version",
            "timeout_seconds",
            "not_before",
            "lease_expires_at",
            "upstream",
            "downstream",
            "waiting_for",
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


class InstanceEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

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
    bizdate = serializers.DateField()
    with_downstream = serializers.BooleanField(default=False)


class TestRunSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    bizdate = serializers.DateField(required=False)
