from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        from projects import selectors
        from scheduler import loop
        from workbench import hooks

        hooks.register(loop.STEPS, "catalog.tasks.refresh_nightly")
        hooks.register(selectors.TABLE_COLUMN_SOURCES, "catalog.selectors.completion_columns")
