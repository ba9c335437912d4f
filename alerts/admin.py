from django.contrib import admin

from alerts.models import Alert, AlertRule, Channel, Delivery


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "kind", "enabled", "consecutive_failures")
    list_filter = ("kind", "enabled")
    raw_id_fields = ("project",)
    # The signing secret stays encrypted and out of sight; set it through the API.
    exclude = ("secret_encrypted",)


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "scope", "enabled", "min_interval_minutes")
    raw_id_fields = ("project", "workflow", "node", "owner", "channels", "created_by")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("id", "rule", "event", "state", "subject", "created_at")
    list_filter = ("event", "state")
    raw_id_fields = ("project", "rule", "instance")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "event", "status", "attempts", "response_code", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("project", "alert", "channel")
    # Status changes go through the delivery's moves (sending, retries), never a raw edit here.
    readonly_fields = ("status",)
