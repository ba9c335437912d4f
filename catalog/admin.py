from django.contrib import admin

from catalog.models import CatalogSource, CatalogTable


@admin.register(CatalogSource)
class CatalogSourceAdmin(admin.ModelAdmin):
    list_display = ("datasource", "project", "refreshed_at", "table_count", "error")


@admin.register(CatalogTable)
class CatalogTableAdmin(admin.ModelAdmin):
    list_display = ("qualified", "datasource", "project", "kind", "row_count", "refreshed_at")
    search_fields = ("qualified",)
