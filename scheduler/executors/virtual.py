from scheduler.executors.base import ExecutionContext, Result


def run(ctx: ExecutionContext) -> Result:
    ctx.log("virtual node: nothing to run")
    return Result()
