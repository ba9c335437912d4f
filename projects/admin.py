from django.contrib import admin

from projects.models import (
    AuditEntry,
    DataSource,
    Dependency,
    Deployment,
    Membership,
    Node,
    NodeVersion,
    Project,
    Workflow,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "timezone",
        "default_resource_group",
        "max_concurrent_instances",
        "created_at",
    )
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "project", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    exclude = ("secret_encrypted", "dev_secret_encrypted")  # credentials never leave the vault


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "created_at")
    search_fields = ("name",)


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "project", "workflow", "cron", "paused", "deployed_version")
    list_filter = ("type", "paused", "dry_run")
    search_fields = ("name",)
    raw_id_fields = ("project", "workflow", "datasource", "owner", "deployed_version")


@admin.register(NodeVersion)
class NodeVersionAdmin(admin.ModelAdmin):
    list_display = ("node", "number", "author", "message", "created_at")
    raw_id_fields = ("node", "author")


@admin.register(Deployment)
class DeploymentAdmin(admin.ModelAdmin):
    list_display = ("node", "version", "deployed_by", "message", "created_at")
    raw_id_fields = ("node", "version", "deployed_by", "project")


@admin.register(Dependency)
class DependencyAdmin(admin.ModelAdmin):
    list_display = ("upstream", "downstream", "kind", "project")
    list_filter = ("kind",)
    raw_id_fields = ("upstream", "downstream", "project")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "project", "actor", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
