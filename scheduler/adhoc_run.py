"""The run of an ad-hoc query on a worker, through the SQL executor of node runs (the sandbox,
the address guard, the project's timeout, a kill when the member cancels)."""

import time

from django.utils import timezone

from cycles import dates
from scheduler.executors.base import ExecutionContext, ExecutionFailed
from scheduler.models import AdhocQuery, QueryStatus

# Rows kept of each statement: enough to page through and download, bounded like a run's output.
MAX_ROWS = 1000


def _finish(query: AdhocQuery, status: str, **fields) -> None:
    AdhocQuery.objects.filter(pk=query.pk, status=QueryStatus.RUNNING).update(
        status=status, finished_at=timezone.now(), **fields
    )


def execute(query_id: int) -> str:
    """Run a queued query (on a worker). A redelivered message finds it no longer queued."""
    from scheduler.executors import sql as sql_executor

    started = AdhocQuery.objects.filter(pk=query_id, status=QueryStatus.QUEUED).update(
        status=QueryStatus.RUNNING, started_at=timezone.now()
    )
    if not started:
        return "not queued"
    query = AdhocQuery.objects.select_related("project").get(pk=query_id)
    lines: list[str] = []
    ctx = ExecutionContext(
        instance_id=0,
        attempt=0,
        label=f"adhoc-{query.id}",
        project_id=query.project_id,
        node_id=0,
        snapshot={"datasource_id": query.datasource_id},
        params={},
        code=query.rendered_sql,
        cyctime_local=dates.local_cycle_time(query.bizdate),
        bizdate=query.bizdate,
        timeout_seconds=query.project.timeout_for(0),
        log=lines.append,
        should_stop=_stopper(query.id),
        keep_rows=True,
        max_rows=MAX_ROWS,
        environment=query.environment,
    )
    try:
        result = sql_executor.run(ctx)
    except ExecutionFailed as exc:
        cancelled = AdhocQuery.objects.filter(pk=query.id, cancel_requested=True).exists()
        status = QueryStatus.CANCELLED if cancelled else QueryStatus.FAILED
        _finish(query, status, error=str(exc), log="\n".join(lines))
        return status
    _finish(
        query,
        QueryStatus.SUCCESS,
        result={"sets": result.rows.get("sets", [])},
        log="\n".join(lines),
    )
    return QueryStatus.SUCCESS


def _stopper(query_id: int):
    """`should_stop` for the executor: asks the database at most twice a second."""
    last = {"at": 0.0, "answer": None}

    def should_stop() -> str | None:
        now = time.monotonic()
        if now - last["at"] >= 0.5:
            last["at"] = now
            asked = AdhocQuery.objects.filter(pk=query_id, cancel_requested=True).exists()
            last["answer"] = "killed" if asked else None
        return last["answer"]

    return should_stop
