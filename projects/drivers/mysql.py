"""MySQL and MariaDB, through PyMySQL (pure Python: it loads in the sandbox as it is)."""

from projects.drivers.base import DriverError
from projects.drivers.network import NetworkDriver


class MySQLDriver(NetworkDriver):
    kind = "mysql"
    optional_fields = ("port", "charset")
    default_port = 3306
    version_sql = "SELECT VERSION()"

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
