from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "workbench"
    verbose_name = "Workbench"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from workbench import login_guard  # noqa: F401 - connects its signal handlers
        from workbench.api import schema  # noqa: F401 - registers the token scheme
        from workbench.tokens import on_user_saved

        pre_save.connect(
            on_user_saved, sender=get_user_model(), dispatch_uid="workbench.tokens.user_saved"
        )
