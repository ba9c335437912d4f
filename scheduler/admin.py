from django.contrib import admin

from scheduler.models import Instance, InstanceEvent, SchedulerLease


@admin.register(SchedulerLease)
class SchedulerLeaseAdmin(admin.ModelAdmin):
    list_display = ("name", "holder", "acquired_at", "heartbeat_at", "expires_at")
    readonly_fields = list_display


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ("id", "node", "run_kind", "cyctime", "bizdate", "status", "attempt", "worker")
    list_filter = ("status", "run_kind")
    raw_id_fields = ("project", "node", "version", "backfill")
    # Status changes go through the operator actions (API), never a raw edit here.
    readonly_fields = ("status",)


@admin.register(InstanceEvent)
class InstanceEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "instance", "from_status", "to_status", "reason", "actor")
    list_filter = ("to_status", "reason")
    raw_id_fields = ("instance", "actor")
