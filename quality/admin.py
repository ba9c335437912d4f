from django.contrib import admin

from quality.models import QualityRule, QualityRun


@admin.register(QualityRule)
class QualityRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "kind", "table", "strength", "enabled")
    list_filter = ("kind", "strength", "enabled")
    raw_id_fields = ("project", "datasource", "nodes", "created_by")


@admin.register(QualityRun)
class QualityRunAdmin(admin.ModelAdmin):
    list_display = ("id", "rule", "bizdate", "verdict", "value", "lower", "upper", "created_at")
    list_filter = ("verdict",)
    raw_id_fields = ("project", "rule", "instance", "triggered_by")
    # A run is a record of what was measured: never edited by hand.
    readonly_fields = ("verdict", "value", "lower", "upper", "sql", "message")
