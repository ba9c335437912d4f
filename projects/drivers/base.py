import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class DriverError(Exception):
    """A connection problem, worded for the user (the driver's own message included)."""


@dataclass
class ColumnDescription:
    name: str
    type: str
    comment: str = ""


@dataclass
class TableDescription:
    """One table or view as the catalogue keeps it."""

    schema: str
    name: str
    kind: str = "table"  # or "view"
    comment: str = ""
    row_count: int | None = None  # only where the engine knows it cheaply (an estimate)
    columns: list[ColumnDescription] = dataclasses.field(default_factory=list)


class Driver:
    kind: str = ""
    # Keys of `config` that must be present; `secret_fields` go to the encrypted part.
    config_fields: tuple[str, ...] = ()
    optional_fields: tuple[str, ...] = ()
    secret_fields: tuple[str, ...] = ()
    # File engines keep their databases in the project's folder and run user SQL in the sandbox.
    file_engine = False
    # Sandbox engines run every statement (the application's own too) as a job in the sandbox.
    sandbox_engine = False

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

    # Schemas of the engine itself, never listed in the catalogue.
    system_schemas: tuple[str, ...] = ("information_schema", "pg_catalog")
    identifier_quote = '"'

    def describe_tables(self, conn) -> list[TableDescription]:
        """Every table and view with its columns (information_schema; engines override to add
        comments and row counts)."""
        cursor = conn.cursor()
        excluded = ", ".join(f"'{s}'" for s in self.system_schemas)
        cursor.execute(
            "SELECT table_schema, table_name, table_type FROM information_schema.tables "
            f"WHERE table_schema NOT IN ({excluded}) ORDER BY 1, 2"
        )
        tables = {
            (schema, name): TableDescription(
                schema=schema, name=name, kind="view" if "VIEW" in str(kind).upper() else "table"
            )
            for schema, name, kind in cursor.fetchall()
        }
        cursor.execute(
            "SELECT table_schema, table_name, column_name, data_type "
            f"FROM information_schema.columns WHERE table_schema NOT IN ({excluded}) "
            "ORDER BY table_schema, table_name, ordinal_position"
        )
        for schema, table, column, data_type in cursor.fetchall():
            if (schema, table) in tables:
                tables[(schema, table)].columns.append(ColumnDescription(column, str(data_type)))
        return list(tables.values())

    def known_tables(self, config: dict, project_id: int) -> list[str]:
        """Table names known without asking the engine (sandbox engines keep their last list)."""
        return []

    def quote(self, name: str) -> str:
        q = self.identifier_quote
        return q + name.replace(q, q + q) + q

    def preview_sql(self, schema: str, table: str, limit: int) -> str:
        """The first `limit` rows of a table the catalogue listed (names quoted, never pasted)."""
        qualified = f"{self.quote(schema)}.{self.quote(table)}" if schema else self.quote(table)
        return f"SELECT * FROM {qualified} LIMIT {int(limit)}"

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
