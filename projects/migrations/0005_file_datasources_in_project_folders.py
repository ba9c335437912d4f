"""Move the files of DuckDB and SQLite data sources into their project's folder, and declare the
data sources Python and shell nodes name in their code.

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


def bind_named_datasources(apps, schema_editor):
    """Python and shell nodes could connect to any data source of their project by name; now a
    node declares the ones it uses. Declare those its code names, so that it keeps working."""
    import re

    Node = apps.get_model("projects", "Node")
    DataSource = apps.get_model("projects", "DataSource")
    pattern = re.compile(r"""connect\(\s*(?:name\s*=\s*)?["']([^"'\n]{1,100})["']""")
    for node in Node.objects.filter(type__in=["python", "shell"]).exclude(code=""):
        names = set(pattern.findall(node.code))
        if not names:
            continue
        ids = sorted(
            DataSource.objects.filter(project_id=node.project_id, name__in=names)
            .exclude(id=node.datasource_id)
            .values_list("id", flat=True)
        )
        if ids:
            Node.objects.filter(pk=node.pk).update(uses_datasources=ids)


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_run_limits_and_bound_datasources")]

    operations = [
        migrations.RunPython(move_files, migrations.RunPython.noop),
        migrations.RunPython(bind_named_datasources, migrations.RunPython.noop),
    ]
