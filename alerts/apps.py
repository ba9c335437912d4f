from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"

    def ready(self):
        from alerts.models import AlertRule
        from quality.signals import rule_failed
        from scheduler import loop, transitions

        # Runs of projects without an enabled rule (most) are left out, known as they move.
        rules = AlertRule._meta.db_table
        hook = transitions.Hook(
            "alerts.events.on_transitions",
            wants=f"EXISTS (SELECT 1 FROM {rules} r WHERE r.project_id = i.project_id AND r.enabled)",
        )
        if hook not in transitions.AFTER_TRANSITION_HOOKS:
            transitions.AFTER_TRANSITION_HOOKS.append(hook)
        step = "alerts.events.watch"
        if step not in loop.STEPS:
            loop.STEPS.append(step)
        from alerts.events import on_backfill_finished, on_generation_failed, on_quality_failed
        from scheduler.signals import backfill_finished, generation_failed

        rule_failed.connect(on_quality_failed, dispatch_uid="alerts.quality_failed")
        backfill_finished.connect(on_backfill_finished, dispatch_uid="alerts.backfill_finished")
        generation_failed.connect(on_generation_failed, dispatch_uid="alerts.generation_failed")
