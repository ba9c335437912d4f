"""Move the files of DuckDB and SQLite data sources into their project's folder.

Until now a relative path named a file of the data folder, shared by every project; now it
names a file of DATA_DIR/files/<project id>/. A file used by one data source moves (with its
write-ahead log and journal); a file several data sources used is copied to each project, and
the original stays. Paths that break the new rules (absolute, '..') are left alone: the
`check_datasources` command lists them and runs refuse them with the reason.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations

SIDE_FILES = (".wal", "-wal", "-shm", "-journal")


def _relative_ok(path) -> bool:
    return (
        isinstance(path, str)
        and path.strip()
        and not path.startswith(("/", "~"))
        and "\\" not in path
        and all(part not in ("", ".", "..") for part in path.split("/"))
    )


def move_files(apps, schema_editor):
    DataSource = apps.get_model("projects", "DataSource")
    data_dir = Path(settings.DATA_DIR)
    users: dict[str, list] = {}
    for datasource in DataSource.objects.filter(kind__in=["duckdb", "sqlite"]):
        path = (datasource.config or {}).get("path")
        if _relative_ok(path):
            users.setdefault(path, []).append(datasource)
    for path, datasources in users.items():
        old = data_dir / path
        if not old.is_file():
            continue
        for number, datasource in enumerate(datasources):
            new = data_dir / "files" / str(datasource.project_id) / path
            if new.exists():
                continue
            new.parent.mkdir(parents=True, exist_ok=True)
            last = number == len(datasources) - 1
            for suffix in ("", *SIDE_FILES):
                source = Path(f"{old}{suffix}")
                if source.exists():
                    target = Path(f"{new}{suffix}")
                    if last and len(datasources) == 1:
                        shutil.move(source, target)
                    else:
                        shutil.copy2(source, target)


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_run_limits_and_bound_datasources")]

    operations = [migrations.RunPython(move_files, migrations.RunPython.noop)]
