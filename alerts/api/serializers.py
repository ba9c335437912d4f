from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alerts.models import (
    RULE_CONDITION_FIELDS,
    AlertRule,
    Baseline,
    BaselineStatus,
    Channel,
    ChannelKind,
    Delivery,
    Event,
    Incident,
    IncidentStatus,
    Scope,
)
from alerts.states import DeliveryStatus
from projects.api.filters import ChoiceFilter, IdFilter
from projects.api.serializers import IdField, NameField

# An alert's event, "test" for a channel's test message, or an incident's recovery.
DELIVERY_EVENTS = [
    *Event.choices,
    ("test", "Test"),
    ("incident_resolved", "Incident resolved"),
    ("digest", "Quiet hours digest"),
]

_ANY_OBJECT = {"type": "object", "additionalProperties": {}}


def _named(id_nullable: bool = False) -> dict:
    id_schema = {"type": "integer", "nullable": True} if id_nullable else {"type": "integer"}
    return {
        "type": "object",
        "properties": {"id": id_schema, "name": {"type": "string"}},
        "required": ["id", "name"],
    }


# What a delivery stores (services.channel_test, services.raise_alert, services.deliver): the
# alert's context, and from the first attempt on the request made, whose shape is the channel's.
DELIVERY_PAYLOAD = {
    "type": "object",
    "description": "What is sent: the alert's context, and the request of the last attempt.",
    "properties": {
        "context": {
            "type": "object",
            "description": "What the message says: the event, project, rule and time, and the "
            "detail, instance, quality run or backfill when the event has one.",
            "properties": {
                "event": {"type": "string", "enum": [value for value, _ in DELIVERY_EVENTS]},
                "project": _named(),
                "rule": _named(id_nullable=True),
                "occurred_at": {"type": "string", "format": "date-time"},
                "detail": {"type": "string"},
                "instance": _ANY_OBJECT,
                "quality": _ANY_OBJECT,
                "backfill": _ANY_OBJECT,
            },
            "required": ["event", "project", "rule", "occurred_at"],
        },
        "request": {
            "description": "The last attempt's request: the email's addresses and subject, or "
            "the webhook's URL, headers (without the signature) and JSON body.",
            "oneOf": [
                {
                    "type": "object",
                    "title": "EmailRequest",
                    "properties": {
                        "to": {"type": "array", "items": {"type": "string"}},
                        "subject": {"type": "string"},
                    },
                    "required": ["to", "subject"],
                },
                {
                    "type": "object",
                    "title": "WebhookRequest",
                    "properties": {
                        "url": {"type": "string"},
                        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                        "body": _ANY_OBJECT,
                    },
                    "required": ["url", "headers", "body"],
                },
            ],
        },
    },
    "required": ["context"],
}


@extend_schema_field(DELIVERY_PAYLOAD)
class DeliveryPayloadField(serializers.JSONField):
    """The stored payload as it is."""


class ChannelOutputSerializer(serializers.ModelSerializer):
    recipients = serializers.ListField(child=serializers.CharField())
    has_secret = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=["ok", "failing"], read_only=True)

    class Meta:
        model = Channel
        fields = [
            "id",
            "name",
            "kind",
            "recipients",
            "url",
            "has_secret",
            "enabled",
            "state",
            "consecutive_failures",
            "last_delivery_at",
            "last_error",
            "created_at",
        ]

    def get_has_secret(self, channel) -> bool:
        return bool(channel.secret_encrypted)


class ChannelInputSerializer(serializers.Serializer):
    name = NameField(max_length=200)
    kind = serializers.ChoiceField(choices=ChannelKind.choices)
    recipients = serializers.ListField(
        child=serializers.CharField(max_length=254), required=False, default=list, max_length=100
    )
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True, default="")
    secret = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", write_only=True
    )
    enabled = serializers.BooleanField(required=False, default=True)


class ChannelUpdateSerializer(ChannelInputSerializer):
    kind = None  # a channel keeps its kind

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class AlertRuleOutputSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.choices))
    channels = serializers.SerializerMethodField()
    deadline = serializers.TimeField(format="%H:%M", allow_null=True)
    quiet_start = serializers.TimeField(format="%H:%M", allow_null=True)
    quiet_end = serializers.TimeField(format="%H:%M", allow_null=True)

    class Meta:
        model = AlertRule
        fields = [
            "id",
            "name",
            *RULE_CONDITION_FIELDS,
            "notify_owner",
            "channels",
            "quiet_start",
            "quiet_end",
            "min_interval_minutes",
            "enabled",
            "created_at",
        ]

    def get_channels(self, rule) -> list[int]:
        return sorted(channel.id for channel in rule.channels.all())


class AlertRuleInputSerializer(serializers.Serializer):
    name = NameField(max_length=200)
    scope = serializers.ChoiceField(choices=Scope.choices, default=Scope.PROJECT)
    workflow = IdField(required=False, allow_null=True, default=None)
    node = IdField(required=False, allow_null=True, default=None)
    owner = IdField(required=False, allow_null=True, default=None)
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.choices))
    notify_owner = serializers.BooleanField(
        required=False, default=False, help_text="also email the owner of the alert's node"
    )
    deadline = serializers.TimeField(required=False, allow_null=True, default=None)
    duration_factor = serializers.FloatField(required=False, allow_null=True, default=None)
    channels = serializers.ListField(child=IdField())
    quiet_start = serializers.TimeField(required=False, allow_null=True, default=None)
    quiet_end = serializers.TimeField(required=False, allow_null=True, default=None)
    min_interval_minutes = serializers.IntegerField(
        required=False, min_value=0, max_value=7 * 24 * 60, default=30
    )
    enabled = serializers.BooleanField(required=False, default=True)


class AlertRuleUpdateSerializer(AlertRuleInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class DeliverySerializer(serializers.ModelSerializer):
    # A message to a person (a rule's notify_owner) has no channel: their address and "email".
    channel_name = serializers.SerializerMethodField()
    channel_kind = serializers.SerializerMethodField()
    event = serializers.ChoiceField(choices=DELIVERY_EVENTS, read_only=True)
    rule = serializers.SerializerMethodField()
    rule_name = serializers.SerializerMethodField()
    instance = serializers.SerializerMethodField()
    payload = DeliveryPayloadField(read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "channel",
            "recipient",
            "channel_name",
            "channel_kind",
            "rule",
            "rule_name",
            "event",
            "instance",
            "subject",
            "status",
            "attempts",
            "next_attempt_at",
            "response_code",
            "error",
            "created_at",
            "delivered_at",
            "payload",
        ]

    def get_channel_name(self, delivery) -> str:
        return delivery.channel.name if delivery.channel_id else delivery.recipient

    @extend_schema_field(serializers.ChoiceField(choices=ChannelKind.choices))
    def get_channel_kind(self, delivery) -> str:
        return delivery.channel.kind if delivery.channel_id else ChannelKind.EMAIL

    def get_rule(self, delivery) -> int | None:
        return delivery.alert.rule_id if delivery.alert_id else None

    def get_rule_name(self, delivery) -> str:
        return delivery.alert.rule.name if delivery.alert_id else ""

    def get_instance(self, delivery) -> int | None:
        return delivery.alert.instance_id if delivery.alert_id else None


class DeliveryFilterSerializer(serializers.Serializer):
    status = ChoiceFilter(DeliveryStatus.values)
    channel = IdFilter()
    instance = IdFilter()


class IncidentSerializer(serializers.ModelSerializer):
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    node_name = serializers.CharField(
        source="node.name", read_only=True, default=None, allow_null=True
    )
    acknowledged_by = serializers.CharField(
        source="acknowledged_by.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "rule",
            "rule_name",
            "event",
            "subject",
            "node",
            "node_name",
            "status",
            "count",
            "opened_at",
            "last_alert_at",
            "acknowledged_at",
            "acknowledged_by",
            "note",
            "muted_until",
            "resolved_at",
            "resolution",
        ]
        read_only_fields = fields


class IncidentTimelineItemSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=["alert", "message"])
    state = serializers.CharField()
    instance = serializers.IntegerField(required=False, allow_null=True)
    channel = serializers.CharField(required=False)
    event = serializers.CharField(required=False)


class IncidentDetailSerializer(IncidentSerializer):
    timeline = serializers.SerializerMethodField()

    class Meta(IncidentSerializer.Meta):
        fields = [*IncidentSerializer.Meta.fields, "timeline"]
        read_only_fields = fields

    @extend_schema_field(IncidentTimelineItemSerializer(many=True))
    def get_timeline(self, incident) -> list:
        from alerts.incidents import timeline

        return IncidentTimelineItemSerializer(timeline(incident), many=True).data


class IncidentFilterSerializer(serializers.Serializer):
    status = ChoiceFilter(IncidentStatus.values)
    node = IdFilter()


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    mute_minutes = serializers.IntegerField(
        required=False, min_value=0, max_value=7 * 24 * 60, default=0
    )


class ResolveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


# --- baselines ------------------------------------------------------------------------


class BaselineDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    status = serializers.ChoiceField(choices=BaselineStatus.choices)
    committed_at = serializers.DateTimeField()
    predicted_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    computed_at = serializers.DateTimeField()


class BaselineOutputSerializer(serializers.ModelSerializer):
    nodes = serializers.SerializerMethodField()
    committed_time = serializers.TimeField(format="%H:%M")
    latest = serializers.SerializerMethodField()

    class Meta:
        model = Baseline
        fields = [
            "id",
            "name",
            "nodes",
            "committed_time",
            "committed_next_day",
            "margin_minutes",
            "enabled",
            "latest",
            "created_at",
        ]

    def get_nodes(self, baseline) -> list[int]:
        return sorted(node.id for node in baseline.nodes.all())

    @extend_schema_field(BaselineDaySerializer(allow_null=True))
    def get_latest(self, baseline):
        """Its most recent prediction (today's, once the scheduler has made it)."""
        days = sorted(baseline.days.all(), key=lambda d: d.day, reverse=True)
        return BaselineDaySerializer(days[0]).data if days else None


class BaselineInputSerializer(serializers.Serializer):
    name = NameField(max_length=200)
    nodes = serializers.ListField(child=IdField(), allow_empty=False, max_length=1000)
    committed_time = serializers.TimeField()
    committed_next_day = serializers.BooleanField(required=False, default=False)
    margin_minutes = serializers.IntegerField(
        required=False, min_value=0, max_value=24 * 60, default=30
    )
    enabled = serializers.BooleanField(required=False, default=True)


class BaselineUpdateSerializer(BaselineInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class BaselineDayFilterSerializer(serializers.Serializer):
    day = serializers.DateField(required=False)


class BaselineRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    node_id = serializers.IntegerField(allow_null=True)
    node_name = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    predicted_finish = serializers.DateTimeField()
    expected_seconds = serializers.FloatField()
    critical = serializers.BooleanField()
    own = serializers.BooleanField(help_text="a run of the baseline's own nodes")


class BaselineForecastSerializer(serializers.Serializer):
    day = serializers.DateField()
    status = serializers.ChoiceField(choices=BaselineStatus.choices)
    committed_at = serializers.DateTimeField()
    predicted_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    slack_seconds = serializers.FloatField(allow_null=True)
    critical_path = serializers.ListField(child=serializers.IntegerField())
    upstream_count = serializers.IntegerField()
    runs = BaselineRunSerializer(many=True)
    edges = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    )
