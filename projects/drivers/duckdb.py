import time

from django.conf import settings

from projects.drivers.base import ColumnDescription, Driver, TableDescription, resolve_path

# DuckDB lets one process at a time open a file for writing; a SQL session keeps it while
# jobs come (and a second after), so the application waits a little for its turn.
LOCK_WAIT_SECONDS = 10


class DuckDBDriver(Driver):
    kind = "duckdb"
    config_fields = ("path",)
    optional_fields = ("read_only",)
    version_sql = "SELECT version()"
    file_engine = True

    def connect(self, config: dict, secret: dict, *, project_id: int):
        """For the application's own reads (test, table list); user SQL runs in the sandbox."""
        import duckdb

        path = resolve_path(config["path"], project_id)
        options = {"enable_external_access": settings.WORKBENCH_DUCKDB_EXTERNAL_ACCESS}
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        delay = 0.005
        while True:
            try:
                return duckdb.connect(
                    str(path), read_only=bool(config.get("read_only", False)), config=options
                )
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def describe_tables(self, conn) -> list[TableDescription]:
        """From DuckDB's own catalogue functions: comments and its row estimate."""
        tables = {}
        for schema, name, comment, rows in conn.execute(
            "SELECT schema_name, table_name, comment, estimated_size FROM duckdb_tables() "
            "WHERE NOT internal AND NOT temporary ORDER BY 1, 2"
        ).fetchall():
            tables[(schema, name)] = TableDescription(
                schema=schema, name=name, comment=comment or "", row_count=rows
            )
        for schema, name, comment in conn.execute(
            "SELECT schema_name, view_name, comment FROM duckdb_views() "
            "WHERE NOT internal AND NOT temporary ORDER BY 1, 2"
        ).fetchall():
            tables[(schema, name)] = TableDescription(
                schema=schema, name=name, kind="view", comment=comment or ""
            )
        for schema, table, column, data_type, comment in conn.execute(
            "SELECT schema_name, table_name, column_name, data_type, comment "
            "FROM duckdb_columns() WHERE NOT internal ORDER BY 1, 2, column_index"
        ).fetchall():
            if (schema, table) in tables:
                tables[(schema, table)].columns.append(
                    ColumnDescription(column, data_type, comment or "")
                )
        return sorted(tables.values(), key=lambda t: (t.schema, t.name))
