"""What a run gets of the data sources it is bound to: for its own code, and nothing more.

A node is bound to its data source and to those it declares (`uses_datasources`); a run never
sees the project's other credentials. File engines are named by their path inside the run's
sandbox; network engines by the address the outbound guard checked.
"""

import json
import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection

from projects import drivers, environments
from projects.crypto import decrypt_json
from projects.models import DataSource, Environment
from scheduler.sandbox import isolated, outer


class DataSourceRefused(Exception):
    """A bound data source breaks today's rules; the message says which and why."""


def data_path(path: str, project_id: int) -> str:
    """Where a file of the project's folder is for code in the sandbox."""
    if isolated():
        return f"{outer.DATA}/{path}"
    return str(drivers.base.project_folder(project_id) / path)


def sandbox_source(datasource: DataSource, *, read_only: bool = False) -> dict:
    """How code in the sandbox opens a file engine's database (see runtime/jobs.connect)."""
    reasons = drivers.problems(datasource)
    if reasons:
        raise DataSourceRefused(f"data source {datasource.name}: {'; '.join(reasons)}")
    drivers.base.resolve_path(datasource.config["path"], datasource.project_id)  # links
    return {
        "engine": datasource.kind,
        "path": data_path(datasource.config["path"], datasource.project_id),
        "read_only": read_only or bool(datasource.config.get("read_only")),
        "external_access": settings.WORKBENCH_DUCKDB_EXTERNAL_ACCESS,
        "memory_mb": int(settings.WORKBENCH_TASK_MEMORY_MB * 0.75) or None,
    }


_CONNECT_NAME = re.compile(r"""connect\(\s*(?:name\s*=\s*)?["']([^"'\n]{1,100})["']""")


def named_in_code(code: str) -> list[str]:
    """Data source names the code passes to workbench_task.connect("...")."""
    return list(dict.fromkeys(_CONNECT_NAME.findall(code or "")))


def bound_ids(project_id: int, snapshot: dict) -> list[int]:
    ids = [snapshot.get("datasource_id"), *(snapshot.get("uses_datasources") or [])]
    if "uses_datasources" not in snapshot:
        # A version saved before nodes declared their data sources: those its code names.
        names = named_in_code(snapshot.get("code") or "")
        if names:
            ids += DataSource.objects.filter(project_id=project_id, name__in=names).values_list(
                "id", flat=True
            )
    return [int(i) for i in dict.fromkeys(ids) if i]


_FIELDS = (
    "id",
    "project_id",
    "name",
    "kind",
    "config",
    "secret_encrypted",
    "dev_config",
    "dev_secret_encrypted",
)


def load(
    project_id: int, ids: list[int], environment: str = Environment.PRODUCTION
) -> list[DataSource]:
    """The project's data sources with these ids, with what a run needs of them (a plain query:
    every run of a node bound to one asks), as `environment` sees them."""
    if not ids:
        return []
    sql = (
        f"SELECT {', '.join(_FIELDS)} FROM {DataSource._meta.db_table} "
        f"WHERE project_id = %s AND id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [project_id, *ids])
        rows = cursor.fetchall()
    found = []
    for row in rows:
        values = list(row)
        for json_field in (4, 6):
            if isinstance(values[json_field], str):
                values[json_field] = json.loads(values[json_field])
        datasource = DataSource.from_db(DEFAULT_DB_ALIAS, _FIELDS, values)
        found.append(environments.connection(datasource, environment))
    return found


def run_context(project_id: int, snapshot: dict, environment: str = Environment.PRODUCTION) -> dict:
    """Name -> connection settings (with decrypted secrets) of the node's bound data sources."""
    found = {}
    for datasource in load(project_id, bound_ids(project_id, snapshot), environment):
        entry = {"id": datasource.id, "kind": datasource.kind}
        try:
            entry.update(run_settings(datasource))
        except (DataSourceRefused, drivers.DriverError) as exc:
            entry["error"] = str(exc)
        found[datasource.name] = entry
    return found


def run_settings(datasource: DataSource) -> dict:
    driver = drivers.get_driver(datasource.kind)
    if driver.file_engine:
        source = sandbox_source(datasource)
        return {"config": {k: v for k, v in source.items() if k != "engine"}, "secret": {}}
    reasons = drivers.problems(datasource)
    if reasons:
        raise DataSourceRefused(f"data source {datasource.name}: {'; '.join(reasons)}")
    config = dict(datasource.config)
    if isinstance(driver, drivers.NetworkDriver):
        config["hostaddr"] = driver.checked_addresses(config)[0]
    return {"config": config, "secret": decrypt_json(datasource.secret_encrypted)}
