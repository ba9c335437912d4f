from pathlib import Path


class DriverError(Exception):
    """A connection problem, worded for the user (the driver's own message included)."""


class Driver:
    kind: str = ""
    # Keys of `config` that must be present; `secret_fields` go to the encrypted part.
    config_fields: tuple[str, ...] = ()
    optional_fields: tuple[str, ...] = ()
    secret_fields: tuple[str, ...] = ()

    def connect(self, config: dict, secret: dict):
        raise NotImplementedError

    def test(self, config: dict, secret: dict) -> str:
        """Connect and return the server's version string; DriverError with the reason if not."""
        try:
            conn = self.connect(config, secret)
        except DriverError:
            raise
        except Exception as exc:
            raise DriverError(f"{type(exc).__name__}: {exc}") from exc
        try:
            cursor = conn.cursor()
            cursor.execute(self.version_sql)
            return str(cursor.fetchone()[0])
        except Exception as exc:
            raise DriverError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            conn.close()

    version_sql = "SELECT 1"

    def cancel(self, conn, cursor) -> None:
        """Stop the statement running on `cursor` of `conn` (from another thread)."""
        # A DuckDB cursor is a connection of its own; sqlite3 interrupts the connection.
        getattr(cursor, "interrupt", conn.interrupt)()

    def list_tables(self, conn) -> list[str]:
        cursor = conn.cursor()
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY 1, 2"
        )
        return [
            f"{schema}.{name}" if schema not in ("main", "public") else name
            for schema, name in cursor.fetchall()
        ]

    def validate_config(self, config: dict) -> dict[str, str]:
        """Field -> reason for every problem in `config`."""
        errors = {}
        allowed = set(self.config_fields) | set(self.optional_fields)
        for field in self.config_fields:
            if config.get(field) in (None, ""):
                errors[field] = f"required for {self.kind} data sources"
        for field in config:
            if field not in allowed:
                errors[field] = f"unknown setting for {self.kind} data sources"
        return errors


def resolve_path(path: str) -> Path:
    """Relative database paths live in the data folder."""
    from django.conf import settings

    candidate = Path(path)
    return candidate if candidate.is_absolute() else Path(settings.DATA_DIR) / candidate
