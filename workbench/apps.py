from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "workbench"
    verbose_name = "Workbench"

    def ready(self):
        from workbench import login_guard  # noqa: F401 - connects its signal handlers
