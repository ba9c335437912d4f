"""Bulk inserts of a backfill's instances: one statement per batch, ids returned for the edges."""

from django.db import connection
from django.utils import timezone

from projects.models import NodeVersion
from scheduler.models import Instance
from scheduler.states import InstanceReason, InstanceState, RunKind

BATCH = 10_000
SLOT_FIELDS = (
    "project_id",
    "node_id",
    "version_id",
    "cyctime",
    "bizdate",
    "max_attempts",
    "priority",
    "queue",
    "timeout_seconds",
    "not_before",
)

# The snapshot is copied from the version row (versions are immutable) rather than sent.
_INSERT = """
INSERT INTO {instance} (
    {fields}, status, reason, dry_run, run_kind, run_key, backfill_id, version_snapshot,
    attempt, params, result, worker, error, created_at, updated_at
)
SELECT
    s.*, %s, 'backfill', false, %s, %s, %s,
    (SELECT v.snapshot FROM {version} v WHERE v.id = s.version_id),
    0, '{{}}', '{{}}', '', '', %s, %s
FROM unnest(
    %s::bigint[], %s::bigint[], %s::bigint[], %s::timestamptz[], %s::date[], %s::integer[],
    %s::integer[], %s::text[], %s::integer[], %s::timestamptz[]
) AS s({fields})
RETURNING id, node_id, cyctime
"""


def insert_instances(slots: list[tuple], *, backfill_id: int) -> dict[tuple, int]:
    """Insert the backfill's instances (SLOT_FIELDS tuples); {(node_id, cyctime): id}."""
    now = timezone.now()
    run_key = f"backfill:{backfill_id}"
    if connection.vendor == "postgresql":
        sql = _INSERT.format(
            instance=Instance._meta.db_table,
            version=NodeVersion._meta.db_table,
            fields=", ".join(SLOT_FIELDS),
        )
        ids: dict[tuple, int] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(slots), BATCH):
                batch = slots[start : start + BATCH]
                columns = [list(column) for column in zip(*batch, strict=True)]
                cursor.execute(
                    sql,
                    [
                        InstanceState.PENDING,
                        RunKind.BACKFILL,
                        run_key,
                        backfill_id,
                        now,
                        now,
                        *columns,
                    ],
                )
                ids.update(((node, cyctime), id_) for id_, node, cyctime in cursor.fetchall())
        return ids
    snapshots = dict(
        NodeVersion.objects.filter(id__in={s[2] for s in slots}).values_list("id", "snapshot")
    )
    created = Instance.objects.bulk_create(
        [
            Instance(
                **dict(zip(SLOT_FIELDS, slot, strict=True)),
                status=InstanceState.PENDING,
                reason=InstanceReason.BACKFILL,
                run_kind=RunKind.BACKFILL,
                run_key=run_key,
                backfill_id=backfill_id,
                version_snapshot=snapshots[slot[2]],
            )
            for slot in slots
        ],
        batch_size=2000,
    )
    return {(i.node_id, i.cyctime): i.id for i in created}
