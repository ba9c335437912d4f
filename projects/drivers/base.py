import os
from pathlib import Path, PurePosixPath


class DriverError(Exception):
    """A connection problem, worded for the user (the driver's own message included)."""


class Driver:
    kind: str = ""
    # Keys of `config` that must be present; `secret_fields` go to the encrypted part.
    config_fields: tuple[str, ...] = ()
    optional_fields: tuple[str, ...] = ()
    secret_fields: tuple[str, ...] = ()
    # File engines keep their databases in the project's folder and run user SQL in the sandbox.
    file_engine = False

    def connect(self, config: dict, secret: dict, *, project_id: int):
        raise NotImplementedError

    def test(self, config: dict, secret: dict, *, project_id: int) -> str:
        """Connect and return the server's version string; DriverError with the reason if not."""
        try:
            conn = self.connect(config, secret, project_id=project_id)
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
        if self.file_engine and config.get("path") and "path" not in errors:
            reason = path_problem(config["path"])  # a file of the project's folder only
            if reason:
                errors["path"] = reason
        return errors

    def problems(self, config: dict, *, project_id: int) -> list[str]:
        """Why this configuration may not be used any more (rules tightened since it was saved)."""
        return list(self.validate_config(config).values())


def project_folder(project_id: int) -> Path:
    """Where a project's DuckDB and SQLite files live; runs see it as /sandbox/data."""
    from django.conf import settings

    return Path(settings.DATA_DIR) / "files" / str(int(project_id))


def path_problem(path) -> str | None:
    """Why `path` cannot name a file of the project's folder, or None."""
    if not isinstance(path, str) or not path.strip():
        return "name a file in the project's folder, like warehouse.duckdb"
    if "\x00" in path or "\\" in path:
        return "use a plain relative path with / between folders"
    pure = PurePosixPath(path)
    if pure.is_absolute() or path.startswith("~"):
        return "absolute paths are not allowed: name a file in the project's folder"
    if any(part in ("..", ".") for part in path.split("/")) or "//" in path:
        return "'..', '.' and empty parts are not allowed: name a file in the project's folder"
    if path.endswith("/"):
        return "name a file, not a folder"
    return None


def resolve_path(path: str, project_id: int) -> Path:
    """The file in the project's folder; DriverError if the path or a link in it leads out."""
    reason = path_problem(path)
    if reason:
        raise DriverError(f"path {path!r}: {reason}")
    folder = str(project_folder(project_id))
    os.makedirs(folder, exist_ok=True)
    candidate = os.path.join(folder, path)
    real_folder, real = os.path.realpath(folder), os.path.realpath(candidate)
    if real != real_folder and not real.startswith(real_folder + os.sep):
        raise DriverError(f"path {path!r} leads out of the project's folder (a symbolic link)")
    os.makedirs(os.path.dirname(candidate), exist_ok=True)  # (only once known to be inside)
    return Path(candidate)
