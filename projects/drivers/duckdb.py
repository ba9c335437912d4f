import time

from projects.drivers.base import Driver, resolve_path

# DuckDB lets one process at a time open a file for writing; workers wait their turn.
LOCK_WAIT_SECONDS = 60


class DuckDBDriver(Driver):
    kind = "duckdb"
    config_fields = ("path",)
    optional_fields = ("read_only",)
    version_sql = "SELECT version()"

    def connect(self, config: dict, secret: dict):
        import duckdb

        path = resolve_path(config["path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        delay = 0.05
        while True:
            try:
                return duckdb.connect(str(path), read_only=bool(config.get("read_only", False)))
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
