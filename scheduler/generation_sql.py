"""Bulk reads and writes of instance generation, one statement per batch.

On PostgreSQL each batch travels as a few arrays through `unnest`, so a day of 100,000 nodes
is a few dozen statements and no model objects; the version snapshot is copied inside the
database instead of through Python. Other databases (the embedded SQLite) use the ORM's
bulk_create with ignore_conflicts, which is fast enough at their size.

Rows are plain tuples in the order of `SLOT_FIELDS` (instances) and `EDGE_FIELDS` (edges).
"""

import datetime as dt
from collections.abc import Iterator

from django.db import connection
from django.db.models import F, Func, JSONField
from django.db.models.functions import JSONObject
from django.utils import timezone

from projects.models import NodeVersion
from scheduler.models import Instance, InstanceDependency
from scheduler.states import InstanceState, RunKind

SCHEDULED = "scheduled"
CANCELLED = str(InstanceState.CANCELLED)
BATCH = 10_000
SMALL = 2000  # ORM path: below this many nodes filter by id in SQL, above by time window only
IDS_PER_QUERY = 900  # ORM path: ids per `IN (...)`, well below SQLite's cap on parameters

SLOT_FIELDS = (
    "project_id",
    "node_id",
    "version_id",
    "cyctime",
    "status",
    "reason",
    "dry_run",
    "max_attempts",
    "priority",
    "queue",
    "timeout_seconds",
)
EDGE_FIELDS = ("upstream_id", "downstream_id", "kind")


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def snapshot_subset(field: str, keys: tuple[str, ...]):
    """What to select of a JSON field when only `keys` are read: a small object on PostgreSQL,
    without the keys that are null or absent (a setting left at its default costs no bytes).

    Elsewhere the whole field (SQLite's JSON_OBJECT would take JSON text for strings).
    """
    if _postgres():
        subset = JSONObject(**{key: f"{field}__{key}" for key in keys})
        return Func(subset, function="JSONB_STRIP_NULLS", output_field=JSONField())
    return F(field)


def _batches(rows: list) -> Iterator[list]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _columns(batch: list[tuple]) -> list[list]:
    """Rows to one list per column: the arrays `unnest` turns back into rows."""
    return [list(column) for column in zip(*batch, strict=True)]


# One array per SLOT_FIELDS column; the other columns get the model's defaults, and the
# snapshot is copied from the version row (versions are immutable) rather than sent. A
# subquery, not a join: the planner, blind to the size of an unnest, would hash the whole
# version table for every batch; this is one primary-key probe per row.
_INSERT_INSTANCES = """
INSERT INTO {instance} (
    project_id, node_id, version_id, cyctime, status, reason, dry_run, max_attempts, priority,
    queue, timeout_seconds, run_kind, run_key, bizdate, version_snapshot,
    attempt, params, result, worker, error, created_at, updated_at
)
SELECT
    s.*, %s, %s, %s, (SELECT v.snapshot FROM {version} v WHERE v.id = s.version_id),
    0, '{{}}', '{{}}', '', '', %s, %s
FROM unnest(
    %s::bigint[], %s::bigint[], %s::bigint[], %s::timestamptz[], %s::text[], %s::text[],
    %s::boolean[], %s::integer[], %s::integer[], %s::text[], %s::integer[]
) AS s({fields})
ON CONFLICT DO NOTHING
"""


def insert_instances(slots: list[tuple], bizdate: dt.date) -> None:
    """Insert scheduled instances (SLOT_FIELDS tuples); existing (node, cyctime) keys are kept."""
    now = timezone.now()
    if _postgres():
        sql = _INSERT_INSTANCES.format(
            instance=Instance._meta.db_table,
            version=NodeVersion._meta.db_table,
            fields=", ".join(SLOT_FIELDS),
        )
        with connection.cursor() as cursor:
            for batch in _batches(slots):
                cursor.execute(
                    sql, [RunKind.SCHEDULED, SCHEDULED, bizdate, now, now, *_columns(batch)]
                )
        return
    version_ids = sorted({slot[2] for slot in slots})
    snapshots = {}
    for start in range(0, len(version_ids), IDS_PER_QUERY):
        versions = NodeVersion.objects.filter(id__in=version_ids[start : start + IDS_PER_QUERY])
        snapshots.update(versions.values_list("id", "snapshot"))
    Instance.objects.bulk_create(
        (
            Instance(
                **dict(zip(SLOT_FIELDS, slot, strict=True)),
                run_kind=RunKind.SCHEDULED,
                run_key=SCHEDULED,
                bizdate=bizdate,
                version_snapshot=snapshots[slot[2]],
            )
            for slot in slots
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )


_SCHEDULED_IN_WINDOW = """
SELECT i.node_id, i.project_id, i.cyctime, i.id
FROM unnest(%s::bigint[]) AS n(id)
JOIN {instance} i ON i.node_id = n.id
WHERE i.run_kind = %s AND i.run_key = %s AND i.cyctime >= %s AND i.cyctime < %s
  AND i.status <> %s
"""


def scheduled_instances(node_ids: set[int], start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """(node_id, project_id, cyctime, id) of the nodes' scheduled instances in [start, end).

    Cancelled slots (no longer in the plan) are left out: nothing links to them.
    """
    if _postgres():
        # Joined to the ids so that each node is one probe of instance_node_kind_cyc_idx,
        # whatever the size of the instance table.
        sql = _SCHEDULED_IN_WINDOW.format(instance=Instance._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [list(node_ids), RunKind.SCHEDULED, SCHEDULED, start, end, CANCELLED]
            )
            return cursor.fetchall()
    instances = Instance.objects.filter(
        run_key=SCHEDULED, cyctime__gte=start, cyctime__lt=end
    ).exclude(status=CANCELLED)
    if len(node_ids) <= SMALL:  # SQLite caps the number of parameters of a statement
        instances = instances.filter(node_id__in=node_ids)
    rows = instances.values_list("node_id", "project_id", "cyctime", "id")
    return [row for row in rows.iterator(chunk_size=BATCH) if row[0] in node_ids]


_INSERT_EDGES = """
INSERT INTO {edge} (upstream_id, downstream_id, kind)
SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::text[])
ON CONFLICT DO NOTHING
"""


def insert_edges(edges: list[tuple]) -> None:
    """Insert instance edges (EDGE_FIELDS tuples); existing (upstream, downstream) pairs are kept."""
    if _postgres():
        sql = _INSERT_EDGES.format(edge=InstanceDependency._meta.db_table)
        with connection.cursor() as cursor:
            for batch in _batches(edges):
                cursor.execute(sql, _columns(batch))
        return
    InstanceDependency.objects.bulk_create(
        (InstanceDependency(**dict(zip(EDGE_FIELDS, edge, strict=True))) for edge in edges),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
