from projects.drivers.base import Driver, resolve_path


class DuckDBDriver(Driver):
    kind = "duckdb"
    config_fields = ("path",)
    optional_fields = ("read_only",)
    version_sql = "SELECT version()"

    def connect(self, config: dict, secret: dict):
        import duckdb

        path = resolve_path(config["path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(path), read_only=bool(config.get("read_only", False)))
