"""Executors run one attempt of an instance; each returns a Result or raises ExecutionFailed."""

from scheduler.executors.base import ExecutionContext, ExecutionFailed, Result


def get_executor(node_type: str):
    from scheduler.executors import process, sql, sync, virtual

    return {
        "sql": sql.run,
        "python": process.run_python,
        "shell": process.run_shell,
        "virtual": virtual.run,
        "sync": sync.run,
    }[node_type]


__all__ = ["ExecutionContext", "ExecutionFailed", "Result", "get_executor"]
