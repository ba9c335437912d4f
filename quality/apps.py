from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"

    def ready(self):
        from projects import review_checks
        from quality.models import QualityRule
        from scheduler import execution
        from workbench import hooks

        # A deploy review shows the rules that will check what a node writes.
        hooks.register(review_checks.EXTRA_CHECKS, "quality.selectors.deploy_review_checks")

        # Runs of nodes without a rule (most) skip the check, known when the run is claimed.
        through = QualityRule.nodes.through._meta.db_table
        hooks.register(
            execution.AFTER_RUN_CHECKS,
            execution.AfterRunCheck(
                path="quality.services.check_instance",
                applies=f"EXISTS (SELECT 1 FROM {through} q WHERE q.node_id = i.node_id)",
            ),
        )
