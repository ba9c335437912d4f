"""A data folder made by the previous release (SQLite, the demo, a DuckDB warehouse and more)
migrates to this one with every row kept and every file database in its project's folder."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "release-2026-11"


def _counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def _manage(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(WORKBENCH_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="workbench.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_previous_releases_data_folder_upgrades_losing_nothing(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURE, data_dir)
    database = data_dir / "workbench.sqlite3"
    before = _counts(database)
    assert before["scheduler_instance"] > 0 and before["projects_datasource"] == 4

    with sqlite3.connect(database) as conn:
        connections = dict(conn.execute("SELECT id, config FROM projects_datasource"))
    migrated = _manage(data_dir, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    after = _counts(database)
    growing = {"django_migrations", "django_content_type", "auth_permission"}  # new models
    for table, rows in before.items():
        if table in growing:
            assert after[table] >= rows, (table, rows, after[table])
        elif table == "authtoken_token":  # carried over to named tokens (hashes only)
            assert after["workbench_apitoken"] >= rows
        else:
            assert after[table] == rows, (table, rows, after[table])
    with sqlite3.connect(database) as conn:
        demo_id, timeout = conn.execute(
            "SELECT id, default_timeout_seconds FROM projects_project WHERE name = 'demo'"
        ).fetchone()
        assert timeout == 3600  # new settings take their defaults
        # Every project is basic, every connection production (development stays empty) and
        # every run so far ran on production.
        assert conn.execute(
            "SELECT DISTINCT mode, review_required FROM projects_project"
        ).fetchall() == [("basic", 0)]
        kept = conn.execute("SELECT id, config, dev_config FROM projects_datasource").fetchall()
        assert {i: config for i, config, _dev in kept} == connections
        assert {dev for _i, _config, dev in kept} == {"{}"}
        assert conn.execute("SELECT DISTINCT environment FROM scheduler_instance").fetchall() == [
            ("production",)
        ]
    folder = data_dir / "files" / str(demo_id)
    # The demo's warehouse moved into the project's folder, with its tables.
    assert not (data_dir / "warehouse.duckdb").exists()
    with duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True) as conn:
        assert conn.execute("SELECT COUNT(*) FROM ods_orders").fetchone()[0] == 100
    with sqlite3.connect(folder / "marts" / "lite.db") as conn:
        assert conn.execute("SELECT x FROM t").fetchone() == (7,)

    # What the new rules refuse is reported (and refused at run time), not silently changed.
    checked = _manage(data_dir, "check_datasources")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "'old-abs'" in checked.stdout and "absolute paths are not allowed" in checked.stdout
    assert "'pg'" in checked.stdout and "loopback" in checked.stdout
    assert "'warehouse'" not in checked.stdout and "'lite'" not in checked.stdout
