from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"

    def ready(self):
        from projects import deploys
        from projects.drivers import spark as spark_driver
        from scheduler import backfills, dispatch, plan, selectors, transitions
        from scheduler.executors import spark

        # Spark statements run in the sandbox, which projects (below the scheduler) cannot reach.
        spark_driver.register_runner(spark.driver_job)

        # projects does not import the scheduler: a deploy reaches the plan through here.
        deploys.register(
            deploys.Planner(
                diff=plan.diff,
                deployed=plan.on_deployed,
                last_test_runs=selectors.last_test_runs,
            )
        )

        # transitions imports nothing above it: what follows a move is registered here, ahead of
        # other apps' hooks, the release of the downstream first.
        own = [
            transitions.Hook("scheduler.dispatch.downstream_of_moves"),
            transitions.Hook("scheduler.dispatch.freed_by_moves", wants=dispatch.FREED_WANTS),
            transitions.Hook("scheduler.dispatch.retries_of_moves"),
            transitions.Hook("scheduler.live.publish_status"),
            transitions.Hook("scheduler.backfills.on_transitions", wants=backfills.MOVES_A_DATE),
        ]
        hooks = transitions.AFTER_TRANSITION_HOOKS
        hooks[:0] = [hook for hook in own if hook not in hooks]
