from django.contrib import admin

from scheduler.models import SchedulerLease


@admin.register(SchedulerLease)
class SchedulerLeaseAdmin(admin.ModelAdmin):
    list_display = ("name", "holder", "acquired_at", "heartbeat_at", "expires_at")
    readonly_fields = list_display
