"""Writes of the catalogue: reading the tables of data sources, the lineage of deployed nodes,
and previews (audited: they show data)."""

import datetime as dt
import threading
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import names
from catalog.models import CatalogColumn, CatalogSource, CatalogTable, NodeScan, NodeTable
from projects import audit, drivers
from projects.lineage import SqlTooComplex, extract_with_lines
from projects.models import DataSource, Node, NodeVersion, Project

PREVIEW_MAX_ROWS = 100  # also what a sandboxed run returns at most
# Comments are shown, not searched in full: a table's or column's is cut to this.
_COMMENT_CHARS = 2000


# --- refresh ----------------------------------------------------------------------------


def refresh_request(
    *, project: Project, actor, datasource: DataSource | None = None, now=None
) -> list[CatalogSource]:
    """Ask the workers to read the tables of one or every data source of the project again."""
    from catalog.tasks import refresh_source

    now = now or timezone.now()
    sources = [datasource] if datasource else list(project.datasources.order_by("name"))
    marked = []
    with transaction.atomic():
        for source in sources:
            entry, _created = CatalogSource.objects.get_or_create(
                datasource=source, defaults={"project": project}
            )
            entry.requested_at = now
            entry.save(update_fields=["requested_at"])
            marked.append(entry)
            transaction.on_commit(lambda i=source.id: refresh_source.delay(i))
        if actor is not None:
            audit.record(
                project=project,
                actor=actor,
                action="catalog.refresh",
                object_type="datasource" if datasource else "project",
                changes={"datasources": [s.name for s in sources]},
            )
    return marked


def source_refresh(*, datasource_id: int, now=None) -> CatalogSource | None:
    """Read the tables and columns of a data source through its driver and keep them: new ones
    added, changed ones updated (same id, so links to a table page stay), vanished ones removed.
    A failure keeps what was read before and says why."""
    datasource = DataSource.objects.filter(pk=datasource_id).first()
    if datasource is None:
        return None
    entry, _created = CatalogSource.objects.get_or_create(
        datasource=datasource, defaults={"project_id": datasource.project_id}
    )
    now = now or timezone.now()
    try:
        reasons = drivers.problems(datasource)
        if reasons:
            raise drivers.DriverError("; ".join(reasons))
        with drivers.connect(datasource) as conn:
            described = drivers.get_driver(datasource.kind).describe_tables(conn)
    except Exception as exc:  # noqa: BLE001 - any failure of the engine is the source's state
        entry.attempted_at = now
        entry.error = str(exc)[:2000] or type(exc).__name__
        entry.save(update_fields=["attempted_at", "error"])
        return entry
    with transaction.atomic():
        _keep(datasource, described, now)
        entry.attempted_at = entry.refreshed_at = now
        entry.error = ""
        entry.table_count = len(described)
        entry.save(update_fields=["attempted_at", "refreshed_at", "error", "table_count"])
    lineage_sync(project=datasource.project)
    return entry


def _keep(datasource: DataSource, described, now) -> None:
    existing = {(t.schema, t.name): t for t in CatalogTable.objects.filter(datasource=datasource)}
    seen = set()
    for found in described:
        key = (found.schema[:200], found.name[:200])
        if key in seen:
            continue
        seen.add(key)
        values = {
            "project_id": datasource.project_id,
            "qualified": names.qualified(*key),
            "kind": found.kind,
            "comment": (found.comment or "")[:_COMMENT_CHARS],
            "row_count": found.row_count,
            "column_count": len(found.columns),
            "refreshed_at": now,
        }
        table = existing.get(key)
        if table is None:
            table = existing[key] = CatalogTable.objects.create(
                datasource=datasource, schema=key[0], name=key[1], **values
            )
        else:
            for field, value in values.items():
                setattr(table, field, value)
            table.save(update_fields=list(values))
        # Columns have no identity of their own: replaced as a whole.
        CatalogColumn.objects.filter(table=table).delete()
        CatalogColumn.objects.bulk_create(
            [
                CatalogColumn(
                    project_id=datasource.project_id,
                    table=table,
                    position=i,
                    name=column.name[:200],
                    data_type=(column.type or "")[:200],
                    comment=(column.comment or "")[:_COMMENT_CHARS],
                )
                for i, column in enumerate(found.columns, start=1)
            ],
            batch_size=1000,
        )
    gone = [t.id for key, t in existing.items() if key not in seen]
    CatalogTable.objects.filter(id__in=gone).delete()


def refresh_due(*, now=None) -> list[int]:
    """Data sources of active projects whose nightly read is due: the project's local
    CATALOG_REFRESH_TIME has passed today and nothing was asked since. Marks them asked."""
    now = now or timezone.now()
    due = []
    sources = DataSource.objects.filter(project__archived_at__isnull=True).select_related(
        "project", "catalog"
    )
    for source in sources:
        zone = zoneinfo.ZoneInfo(source.project.timezone)
        local = now.astimezone(zone)
        at = dt.datetime.combine(local.date(), settings.CATALOG_REFRESH_TIME, tzinfo=zone)
        if local < at:
            continue
        entry = getattr(source, "catalog", None)
        if entry is not None and entry.requested_at and entry.requested_at >= at:
            continue
        # Claimed by a guarded update, so that two schedulers never ask twice.
        if entry is None:
            entry, _created = CatalogSource.objects.get_or_create(
                datasource=source, defaults={"project_id": source.project_id}
            )
        claimed = (
            CatalogSource.objects.filter(pk=entry.pk)
            .exclude(requested_at__gte=at)
            .update(requested_at=now)
        )
        if claimed:
            due.append(source.id)
    return due


# --- lineage of deployed nodes ------------------------------------------------------------


def lineage_sync(*, project: Project) -> int:
    """Read the SQL of every deployed version not read yet; forget undeployed nodes. Returns
    how many nodes were read (0 when all is known: two small queries)."""
    deployed = dict(
        Node.objects.filter(project=project, deployed_version__isnull=False).values_list(
            "id", "deployed_version_id"
        )
    )
    scanned = dict(NodeScan.objects.filter(project=project).values_list("node_id", "version_id"))
    stale = [node for node, version in scanned.items() if deployed.get(node) != version]
    todo = [node for node, version in deployed.items() if scanned.get(node) != version]
    if not stale and not todo:
        return 0
    kinds = dict(DataSource.objects.filter(project=project).values_list("id", "kind"))
    versions = NodeVersion.objects.filter(id__in=[deployed[n] for n in todo]).only(
        "id", "node_id", "snapshot"
    )
    try:
        with transaction.atomic():
            NodeTable.objects.filter(node_id__in=stale).delete()
            NodeScan.objects.filter(node_id__in=stale).delete()
            for version in versions:
                rows, error = _node_tables(project, version, kinds)
                NodeTable.objects.bulk_create(rows)
                NodeScan.objects.create(
                    node_id=version.node_id, project=project, version=version, error=error
                )
    except IntegrityError:  # a request beside this one read the same versions first
        return 0
    return len(todo)


def _node_tables(project: Project, version: NodeVersion, kinds: dict) -> tuple[list, str]:
    snapshot = version.snapshot or {}
    datasource_id = snapshot.get("datasource_id")
    datasource_id = datasource_id if datasource_id in kinds else None
    found: dict[tuple[str, str], int | None] = {}
    error = ""
    if snapshot.get("type") == "sql" and snapshot.get("code"):
        try:
            lineage = extract_with_lines(
                snapshot["code"], names.LINEAGE_DIALECTS.get(kinds.get(datasource_id))
            )
        except (SqlTooComplex, ValueError) as exc:
            error = str(exc)
        else:
            for table, line in lineage.reads.items():
                found[(names.normalize(table), "read")] = line
            for table, line in lineage.writes.items():
                found[(names.normalize(table), "write")] = line
            error = "; ".join(lineage.errors)[:2000]
    for table in snapshot.get("output_tables") or []:
        if isinstance(table, str) and table.strip():
            found.setdefault((names.normalize(table), "write"), None)
    rows = [
        NodeTable(
            project=project,
            node_id=version.node_id,
            datasource_id=datasource_id,
            table=table[:401],
            direction=direction,
            line=line,
        )
        for (table, direction), line in found.items()
    ]
    return rows, error


# --- preview ----------------------------------------------------------------------------


def table_preview(*, table: CatalogTable, actor, limit: int = 50, timeout_seconds=None) -> dict:
    """The first rows of a table, read through its data source's driver within a time limit
    (file engines in the sandbox: a view there is a member's SQL). Audited: it shows data."""
    limit = max(1, min(int(limit), PREVIEW_MAX_ROWS))
    timeout = timeout_seconds or settings.CATALOG_PREVIEW_TIMEOUT_SECONDS
    datasource = table.datasource
    reasons = drivers.problems(datasource)
    if reasons:
        raise ValidationError(
            {
                "datasource": [
                    _("this data source may not be used: %(why)s") % {"why": "; ".join(reasons)}
                ]
            }
        )
    driver = drivers.get_driver(datasource.kind)
    sql = driver.preview_sql(table.schema, table.name, limit)
    if driver.file_engine:
        columns, rows = _preview_in_sandbox(datasource, sql, timeout)
    else:
        columns, rows = _preview_on_server(datasource, driver, sql, timeout)
    audit.record(
        project=table.project,
        actor=actor,
        action="catalog_table.preview",
        obj=table,
        changes={"rows": len(rows)},
    )
    return {"columns": columns, "rows": rows[:limit], "limit": limit}


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _preview_on_server(datasource, driver, sql: str, timeout: float) -> tuple[list, list]:
    try:
        with drivers.connect(datasource) as conn:
            cursor = conn.cursor()
            timer = threading.Timer(timeout, driver.cancel, args=(conn, cursor))
            timer.start()
            try:
                cursor.execute(sql)
                columns = [d[0] for d in cursor.description or []]
                rows = [[_plain(v) for v in row] for row in cursor.fetchall()]
            finally:
                timer.cancel()
    except Exception as exc:  # noqa: BLE001 - the engine's message, for the user
        raise ValidationError(
            {"table": [_("the preview failed: %(why)s") % {"why": str(exc)[:500]}]}
        ) from None
    return columns, rows


def _preview_in_sandbox(datasource, sql: str, timeout: float) -> tuple[list, list]:
    from scheduler.executors.datasources import DataSourceRefused, sandbox_source
    from scheduler.executors.process import run_in_sandbox
    from scheduler.executors.sql import session_key
    from scheduler.sandbox import RunRequest

    found: dict = {}
    errors: list[str] = []

    def on_result(item: dict) -> None:
        if "rows" in item and not found:
            found.update(item["rows"])
        elif "error" in item:
            errors.append(item["error"])

    try:
        source = sandbox_source(datasource, read_only=True)
        outcome = run_in_sandbox(
            RunRequest(
                kind="sql",
                label=f"preview-{datasource.id}",
                project_id=datasource.project_id,
                job={
                    "source": source,
                    "statements": [{"sql": sql, "query": True}],
                    "keep_rows": True,
                },
                network=False,
                session=session_key(datasource.project_id, source),
                timeout_seconds=int(max(1, timeout)),
                on_result=on_result,
            )
        )
    except (DataSourceRefused, Exception) as exc:  # noqa: BLE001 - shown to the user
        raise ValidationError(
            {"table": [_("the preview failed: %(why)s") % {"why": str(exc)}]}
        ) from None
    if outcome.stopped == "timeout":
        errors.append(_("it took longer than %(s)s s") % {"s": int(timeout)})
    if errors or outcome.code != 0:
        why = "; ".join(errors) or outcome.crashed or f"exit code {outcome.code}"
        raise ValidationError({"table": [_("the preview failed: %(why)s") % {"why": why}]})
    return found.get("columns", []), found.get("rows", [])
