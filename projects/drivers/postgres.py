from projects.drivers.base import Driver


class PostgresDriver(Driver):
    kind = "postgres"
    config_fields = ("host", "database", "user")
    optional_fields = ("port", "options", "sslmode")
    secret_fields = ("password",)
    version_sql = "SELECT version()"

    def connect(self, config: dict, secret: dict):
        import psycopg2

        conn = psycopg2.connect(
            host=config["host"],
            port=int(config.get("port") or 5432),
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
