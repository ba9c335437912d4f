from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"

    def ready(self):
        from scheduler import execution

        hook = "quality.services.check_instance"
        if hook not in execution.AFTER_RUN_CHECKS:
            execution.AFTER_RUN_CHECKS.append(hook)
