from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"

    def ready(self):
        from alerts.models import AlertRule
        from quality import services as quality
        from scheduler import backfills, generation, loop, transitions
        from workbench import hooks

        # Runs of projects without an enabled rule (most) are left out, known as they move.
        rules = AlertRule._meta.db_table
        hooks.register(
            transitions.AFTER_TRANSITION_HOOKS,
            transitions.Hook(
                "alerts.events.on_transitions",
                wants=f"EXISTS (SELECT 1 FROM {rules} r WHERE r.project_id = i.project_id AND r.enabled)",
            ),
        )
        hooks.register(loop.STEPS, "alerts.events.watch")
        hooks.register(loop.STEPS, "alerts.baselines.watch")
        hooks.register(quality.RULE_FAILED_HOOKS, "alerts.events.on_quality_failed")
        hooks.register(quality.RULE_PASSED_HOOKS, "alerts.events.on_quality_passed")
        hooks.register(backfills.BACKFILL_ENDED_HOOKS, "alerts.events.on_backfill_finished")
        hooks.register(generation.GENERATION_FAILED_HOOKS, "alerts.events.on_generation_failed")
