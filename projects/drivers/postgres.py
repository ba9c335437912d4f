import ipaddress

from django.conf import settings

from projects.drivers.base import ColumnDescription, DriverError, TableDescription
from projects.drivers.network import NetworkDriver
from workbench import netguard


def _is_application_database(config: dict, addresses) -> bool:
    app = settings.DATABASES["default"]
    if not app["ENGINE"].endswith("postgresql"):
        return False
    if config.get("database") != app["NAME"]:
        return False
    if int(config.get("port") or 5432) != int(app.get("PORT") or 5432):
        return False
    try:
        app_addresses = netguard.resolve(app.get("HOST") or "localhost", 5432)
    except netguard.BlockedAddress:
        return False
    return any(netguard.same_host(a, b) for a in addresses for b in app_addresses)


class PostgresDriver(NetworkDriver):
    kind = "postgres"
    optional_fields = ("port", "options", "sslmode")
    default_port = 5432
    version_sql = "SELECT version()"

    def checked_addresses(self, config: dict) -> list[str]:
        addresses = super().checked_addresses(config)
        if _is_application_database(config, [ipaddress.ip_address(a) for a in addresses]):
            raise DriverError("this is the application's own database; it cannot be a data source")
        return addresses

    def connect(self, config: dict, secret: dict, *, project_id: int):
        import psycopg2

        addresses = self.checked_addresses(config)
        conn = psycopg2.connect(
            host=config["host"],
            hostaddr=addresses[0],  # the checked address, not a second lookup (DNS rebinding)
            port=self.port(config),
            dbname=config["database"],
            user=config["user"],
            password=secret.get("password") or None,
            options=config.get("options") or None,
            sslmode=config.get("sslmode") or None,
            connect_timeout=10,
        )
        conn.autocommit = True
        return conn

    def cancel(self, conn, cursor) -> None:
        conn.cancel()

    def describe_tables(self, conn) -> list[TableDescription]:
        """From pg_catalog: comments, and the planner's row estimate (no count is run)."""
        cursor = conn.cursor()
        cursor.execute(_TABLES_SQL)
        tables = {
            (schema, name): TableDescription(
                schema=schema,
                name=name,
                kind="view" if kind in ("v", "m") else "table",
                comment=comment or "",
                row_count=int(rows) if rows is not None and rows >= 0 and kind != "v" else None,
            )
            for schema, name, kind, comment, rows in cursor.fetchall()
        }
        cursor.execute(_COLUMNS_SQL)
        for schema, table, column, data_type, comment in cursor.fetchall():
            if (schema, table) in tables:
                tables[(schema, table)].columns.append(
                    ColumnDescription(column, data_type, comment or "")
                )
        return list(tables.values())


_RELATIONS = """
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
"""
_TABLES_SQL = (
    "SELECT n.nspname, c.relname, c.relkind::text, obj_description(c.oid, 'pg_class'), "
    "c.reltuples::bigint" + _RELATIONS + "ORDER BY 1, 2"
)
_COLUMNS_SQL = (
    "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
    "col_description(c.oid, a.attnum) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attnum > 0 AND NOT a.attisdropped "
    "AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
    "ORDER BY n.nspname, c.relname, a.attnum"
)
