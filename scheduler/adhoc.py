"""Ad-hoc queries: SQL typed in the console, run once on a data source of the project.

It is a member's code like a node's, so it takes the node runs' path (scheduler/executors/sql.py):
on a file engine in the sandbox, on a network engine through the outbound address guard, with the
project's timeout and a kill. What a member tries uses development in a standard-mode project.
The run happens on a worker (scheduler/adhoc_run.py); the console polls the query and may cancel
it.
"""

import csv
import datetime as dt
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cycles import dates
from cycles import params as parameters
from projects import audit, environments, validation
from projects.models import DataSource, Environment, Project
from scheduler.adhoc_run import MAX_ROWS
from scheduler.models import AdhocQuery, QueryStatus

MAX_SQL = 100_000


@transaction.atomic
def query_submit(
    *, project: Project, actor, datasource: DataSource, sql: str, bizdate: dt.date | None = None
) -> AdhocQuery:
    """Render the parameters for the business date, keep the query in the member's history and
    send it to a worker."""
    from scheduler.tasks import run_adhoc_query

    if datasource.project_id != project.id:
        validation.fail("datasource", _("no such data source in this project"))
    if not sql.strip():
        validation.fail("sql", _("type a statement to run"))
    if len(sql) > MAX_SQL:
        validation.fail(
            "sql", _("the SQL is longer than %(count)s characters") % {"count": MAX_SQL}
        )
    environment = environments.for_trying(project)
    if environment == Environment.DEVELOPMENT and not environments.has_development(datasource):
        validation.fail(
            "datasource",
            _(
                "data source %(name)s has no development connection yet: ad-hoc queries of a "
                "standard-mode project never use production"
            )
            % {"name": datasource.name},
        )
    bizdate = bizdate or dates.business_date(timezone.now(), project.timezone)
    try:
        cyctime_local = dates.local_cycle_time(bizdate)
        rendered = parameters.render(sql, cyctime_local, project.parameter_dialect)
    except parameters.ParamError as exc:
        validation.fail("sql", str(exc))
    except (OverflowError, ValueError) as exc:
        validation.fail("bizdate", str(exc))
    query = AdhocQuery.objects.create(
        project=project,
        member=actor,
        datasource=datasource,
        environment=environment,
        sql=sql,
        rendered_sql=rendered,
        bizdate=bizdate,
    )
    audit.record(
        project=project,
        actor=actor,
        action="adhoc_query",
        obj=query,
        object_type="adhocquery",
        changes={"datasource": datasource.name, "environment": environment},
    )
    transaction.on_commit(lambda: run_adhoc_query.delay(query.id))
    return query


def query_cancel(*, query: AdhocQuery, actor) -> AdhocQuery:
    """A queued query never starts; a running one is stopped by its watchdog (or sandbox)."""
    if query.member_id != actor.pk:
        validation.fail("query", _("only the member who ran a query cancels it"))
    now = timezone.now()
    AdhocQuery.objects.filter(pk=query.pk, status=QueryStatus.QUEUED).update(
        status=QueryStatus.CANCELLED, cancel_requested=True, finished_at=now
    )
    AdhocQuery.objects.filter(pk=query.pk, status=QueryStatus.RUNNING).update(cancel_requested=True)
    query.refresh_from_db()
    return query


def result_set(query: AdhocQuery, statement: int) -> dict:
    """The kept rows of one statement (numbered from 1 among all statements)."""
    for found in query.result.get("sets", []):
        if found["statement"] == statement:
            return found
    validation.fail("statement", _("statement %(number)s returned no rows") % {"number": statement})


def rows_page(query: AdhocQuery, *, statement: int, offset: int, limit: int) -> dict:
    found = result_set(query, statement)
    rows = found["rows"]
    return {
        "statement": statement,
        "columns": found["columns"],
        "total": len(rows),
        "truncated": len(rows) >= MAX_ROWS,
        "offset": offset,
        "rows": rows[offset : offset + limit],
    }


def as_csv(query: AdhocQuery, statement: int) -> str:
    found = result_set(query, statement)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(found["columns"])
    writer.writerows(found["rows"])
    return out.getvalue()
