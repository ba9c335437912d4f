"""MySQL and MariaDB, through PyMySQL (pure Python: it loads in the sandbox as it is)."""

from projects.drivers.base import ColumnDescription, DriverError, TableDescription
from projects.drivers.network import NetworkDriver


class MySQLDriver(NetworkDriver):
    kind = "mysql"
    optional_fields = ("port", "charset")
    default_port = 3306
    version_sql = "SELECT VERSION()"
    identifier_quote = "`"

    def connect(self, config: dict, secret: dict, *, project_id: int):
        import pymysql

        address = self.checked_addresses(config)[0]
        try:
            return pymysql.connect(
                host=address,
                port=self.port(config),
                database=config["database"],
                user=config["user"],
                password=secret.get("password") or "",
                charset=config.get("charset") or "utf8mb4",
                connect_timeout=10,
                autocommit=True,
                # LOAD DATA LOCAL would let the server read the worker's files.
                local_infile=False,
            )
        except pymysql.err.MySQLError as exc:
            raise DriverError(f"{type(exc).__name__}: {exc}") from exc

    def cancel(self, conn, cursor) -> None:
        """MySQL stops a statement only when asked on another connection: KILL QUERY its id."""
        import pymysql

        killer = pymysql.connect(
            host=conn.host,  # the checked address the run's connection uses
            port=conn.port,
            user=conn.user.decode() if isinstance(conn.user, bytes) else conn.user,
            password=conn.password.decode() if isinstance(conn.password, bytes) else conn.password,
            connect_timeout=10,
            autocommit=True,
        )
        try:
            killer.cursor().execute("KILL QUERY %s", (conn.thread_id(),))
        finally:
            killer.close()

    def list_tables(self, conn) -> list[str]:
        cursor = conn.cursor()
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = DATABASE() ORDER BY 1"
        )
        return [name for (name,) in cursor.fetchall()]

    def describe_tables(self, conn) -> list[TableDescription]:
        """The tables of the data source's database (its schema is the database: left empty),
        with comments and InnoDB's row estimate."""
        cursor = conn.cursor()
        cursor.execute(
            "SELECT table_name, table_type, table_comment, table_rows "
            "FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1"
        )
        tables = {
            name: TableDescription(
                schema="",
                name=name,
                kind="view" if "VIEW" in kind else "table",
                comment=comment or "",
                row_count=int(rows) if rows is not None and "VIEW" not in kind else None,
            )
            for name, kind, comment, rows in cursor.fetchall()
        }
        cursor.execute(
            "SELECT table_name, column_name, column_type, column_comment "
            "FROM information_schema.columns WHERE table_schema = DATABASE() "
            "ORDER BY table_name, ordinal_position"
        )
        for table, column, data_type, comment in cursor.fetchall():
            if table in tables:
                tables[table].columns.append(ColumnDescription(column, data_type, comment or ""))
        return list(tables.values())
