from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"

    def ready(self):
        from projects import deploys
        from scheduler import plan

        # projects does not import the scheduler: a deploy reaches the plan through here.
        deploys.register(deploys.Planner(diff=plan.diff, deployed=plan.on_deployed))
