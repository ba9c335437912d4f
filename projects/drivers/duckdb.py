import time

from django.conf import settings

from projects.drivers.base import Driver, resolve_path

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
