import sqlite3

from projects.drivers.base import Driver, resolve_path


class SQLiteDriver(Driver):
    kind = "sqlite"
    config_fields = ("path",)
    version_sql = "SELECT sqlite_version()"

    def connect(self, config: dict, secret: dict):
        path = resolve_path(config["path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30)
        conn.isolation_level = None  # autocommit: each statement of a node stands alone
        return conn

    def list_tables(self, conn) -> list[str]:
        cursor = conn.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        )
        return [row[0] for row in cursor.fetchall()]
