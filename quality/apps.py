from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"

    def ready(self):
        from quality.models import QualityRule
        from scheduler import execution
        from workbench import hooks

        # Runs of nodes without a rule (most) skip the check, known when the run is claimed.
        through = QualityRule.nodes.through._meta.db_table
        hooks.register(
            execution.AFTER_RUN_CHECKS,
            execution.AfterRunCheck(
                path="quality.services.check_instance",
                applies=f"EXISTS (SELECT 1 FROM {through} q WHERE q.node_id = i.node_id)",
            ),
        )
