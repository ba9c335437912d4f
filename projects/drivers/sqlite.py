import sqlite3

from projects.drivers.base import ColumnDescription, Driver, TableDescription, resolve_path


def _refuse_attach(action, *_):
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


class SQLiteDriver(Driver):
    kind = "sqlite"
    config_fields = ("path",)
    version_sql = "SELECT sqlite_version()"
    file_engine = True

    def connect(self, config: dict, secret: dict, *, project_id: int):
        """For the application's own reads (test, table list); user SQL runs in the sandbox."""
        path = resolve_path(config["path"], project_id)
        conn = sqlite3.connect(str(path), timeout=30)
        conn.isolation_level = None  # autocommit: each statement of a node stands alone
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.set_authorizer(_refuse_attach)
        return conn

    def list_tables(self, conn) -> list[str]:
        cursor = conn.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        )
        return [row[0] for row in cursor.fetchall()]

    def describe_tables(self, conn) -> list[TableDescription]:
        """SQLite has one schema and no comments; counting rows would read every table."""
        cursor = conn.cursor()
        cursor.execute(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
        tables = [TableDescription(schema="", name=name, kind=kind) for name, kind in cursor]
        for table in tables:
            cursor.execute(
                "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", (table.name,)
            )
            table.columns = [ColumnDescription(name, data_type or "") for name, data_type in cursor]
        return tables
