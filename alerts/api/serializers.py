from rest_framework import serializers

from alerts.models import AlertRule, Channel, ChannelKind, Delivery, Event, Scope
from projects.api.serializers import IdField


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
    name = serializers.CharField(max_length=200)
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
            "scope",
            "workflow",
            "node",
            "owner",
            "events",
            "deadline",
            "duration_factor",
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
    name = serializers.CharField(max_length=200)
    scope = serializers.ChoiceField(choices=Scope.choices, default=Scope.PROJECT)
    workflow = IdField(required=False, allow_null=True, default=None)
    node = IdField(required=False, allow_null=True, default=None)
    owner = IdField(required=False, allow_null=True, default=None)
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.choices))
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
    channel_name = serializers.CharField(source="channel.name", read_only=True)
    channel_kind = serializers.CharField(source="channel.kind", read_only=True)
    rule = serializers.SerializerMethodField()
    rule_name = serializers.SerializerMethodField()
    instance = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [
            "id",
            "channel",
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

    def get_rule(self, delivery) -> int | None:
        return delivery.alert.rule_id if delivery.alert_id else None

    def get_rule_name(self, delivery) -> str:
        return delivery.alert.rule.name if delivery.alert_id else ""

    def get_instance(self, delivery) -> int | None:
        return delivery.alert.instance_id if delivery.alert_id else None
