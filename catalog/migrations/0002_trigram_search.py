"""Trigram indexes for the Data Map's search on PostgreSQL (`icontains` compiles to
UPPER(col::text) LIKE UPPER('%term%'); these indexes are on exactly that expression).

pg_trgm is a trusted extension (PostgreSQL 13+): a user who may create objects in the database
may create it. Where it cannot be created, search still works, by scanning."""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)

INDEXES = {
    "catalog_table_qualified_trgm": ("catalog_catalogtable", "qualified"),
    "catalog_table_comment_trgm": ("catalog_catalogtable", "comment"),
    "catalog_column_name_trgm": ("catalog_catalogcolumn", "name"),
    "catalog_column_comment_trgm": ("catalog_catalogcolumn", "comment"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # noqa: BLE001 - search works without it, only slower
        log.warning("pg_trgm is not available (%s); the Data Map's search will scan", exc)
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_catalogue")]

    operations = [migrations.RunPython(create, drop)]
