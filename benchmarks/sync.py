"""Sync rows/s, PostgreSQL -> DuckDB and MariaDB -> PostgreSQL, beside the native path (>= 50 %).

1,000,000 rows x 10 columns (--quick: 20,000), best of 3 rounds each (the machine is shared).
The sync runs in a child process so that its peak memory can be read (<= 300 MB); the native
path is measured in the same run: PostgreSQL COPY out and DuckDB's CSV reader, and the mariadb
client's batch output into PostgreSQL COPY.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks._report import line

TARGET_PCT = 50
MEMORY_MB = 300
ROUNDS = 3
RUNTIME = Path(__file__).resolve().parents[1] / "scheduler" / "sandbox" / "runtime"
COLUMNS = (
    "id BIGINT, name TEXT, amount NUMERIC(12,2), day DATE, at TIMESTAMP, "
    "flag BOOLEAN, score DOUBLE PRECISION, code TEXT, qty BIGINT, note TEXT"
)
PG_ROWS = (
    "SELECT g, 'name ' || g, (g % 10000) / 100.0, DATE '2024-01-01' + (g % 365), "
    "TIMESTAMP '2024-01-01' + g * INTERVAL '1 second', g % 2 = 0, g * 0.5, md5(g::text), "
    "g % 97, CASE WHEN g % 10 = 0 THEN NULL ELSE 'note' END FROM generate_series(1, {n}) g"
)
MARIA_ROWS = (
    "SELECT seq, CONCAT('name ', seq), (seq % 10000) / 100.0, DATE '2024-01-01' + INTERVAL "
    "(seq % 365) DAY, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, seq % 2 = 0, seq * 0.5, "
    "MD5(seq), seq % 97, IF(seq % 10 = 0, NULL, 'note') FROM seq_1_to_{n}"
)


def _child(spec: dict, source: dict, target: dict, work: str) -> tuple[float, float, dict]:
    """(seconds, peak MB, counts) of one sync in a fresh process."""
    script = (
        "import json, sys, time\n"
        f"sys.path.insert(0, {str(RUNTIME)!r})\n"
        "import sync\n"
        "spec, source, target, work = json.loads(sys.stdin.read())\n"
        "started = time.perf_counter()\n"
        "counts = sync.run(spec, source, target, work_dir=work, report=lambda **k: None)\n"
        "seconds = time.perf_counter() - started\n"
        # VmHWM, not ru_maxrss: that one carries the parent's peak across fork and exec
        "status = open('/proc/self/status').read()\n"
        "peak = int(status.split('VmHWM:')[1].split()[0]) / 1024\n"
        "print(json.dumps([seconds, peak, counts]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps([spec, source, target, work]),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    seconds, peak, counts = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds, peak, counts


def run(quick: bool) -> str:
    import duckdb
    import psycopg2
    import pymysql

    rows = 20_000 if quick else 1_000_000
    name = f"wb_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    maria = pymysql.connect(host="127.0.0.1", user="root", password="", autocommit=True)
    maria.cursor().execute(f"CREATE DATABASE {name}")
    work = tempfile.mkdtemp(prefix="wb-bench-sync-")
    pg_end = {
        "kind": "postgres",
        "config": {
            "host": "127.0.0.1",
            "hostaddr": "127.0.0.1",
            "database": name,
            "user": "postgres",
        },
        "secret": {},
    }
    maria_end = {
        "kind": "mysql",
        "config": {"host": "127.0.0.1", "hostaddr": "127.0.0.1", "database": name, "user": "root"},
        "secret": {},
    }
    try:
        pg = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=name)
        pg.autocommit = True
        cursor = pg.cursor()
        cursor.execute(f"CREATE TABLE src ({COLUMNS})")
        cursor.execute("INSERT INTO src " + PG_ROWS.format(n=rows))
        cursor.execute(f"CREATE TABLE native_in ({COLUMNS})")
        db = pymysql.connect(host="127.0.0.1", user="root", password="", database=name)
        db.cursor().execute(f"CREATE TABLE src ({COLUMNS.replace('DOUBLE PRECISION', 'DOUBLE')})")
        db.cursor().execute("INSERT INTO src " + MARIA_ROWS.format(n=rows))
        db.commit()
        db.close()

        def native_pg_duck() -> float:
            """PostgreSQL COPY out to a file, DuckDB's CSV reader in."""
            csv_path = os.path.join(work, "native.csv")
            target = os.path.join(work, "native.duckdb")
            if os.path.exists(target):
                os.unlink(target)
            started = time.perf_counter()
            with open(csv_path, "w") as handle:
                cursor.copy_expert("COPY src TO STDOUT WITH (FORMAT csv)", handle)
            duck = duckdb.connect(target)
            duck.execute(f"CREATE TABLE dst AS SELECT * FROM read_csv('{csv_path}', header=false)")
            duck.close()
            return time.perf_counter() - started

        def native_maria_pg() -> float:
            """The mariadb client's batch output, straight into PostgreSQL COPY."""
            cursor.execute("TRUNCATE native_in")
            started = time.perf_counter()
            client = subprocess.Popen(
                [
                    "mariadb",
                    "-h127.0.0.1",
                    "-uroot",
                    "--batch",
                    "--quick",
                    "--skip-column-names",
                    name,
                    "-e",
                    "SELECT * FROM src",
                ],
                stdout=subprocess.PIPE,
            )
            cursor.copy_expert(
                "COPY native_in FROM STDIN WITH (FORMAT text, NULL 'NULL')", client.stdout
            )
            client.wait()
            return time.perf_counter() - started

        spec = {
            "source": {"datasource": 1, "table": "src"},
            "target": {"datasource": 2, "table": "copied"},
            "mode": "overwrite",
        }
        duck_end = {"kind": "duckdb", "config": {"path": os.path.join(work, "sync.duckdb")}}
        results = []
        for label, source, target, native in (
            ("PostgreSQL -> DuckDB", pg_end, duck_end, native_pg_duck),
            ("MariaDB -> PostgreSQL", maria_end, pg_end, native_maria_pg),
        ):
            # Best of a few rounds, native and sync in turn: the machine is shared.
            native_best = sync_best = float("inf")
            peak = 0.0
            for _ in range(1 if quick else ROUNDS):
                native_best = min(native_best, native())
                seconds, used, counts = _child(spec, source, target, work)
                assert counts["written"] == rows, counts
                sync_best, peak = min(sync_best, seconds), max(peak, used)
            speed, native_speed = rows / sync_best, rows / native_best
            pct = 100 * speed / native_speed
            results.append((pct, peak))
            print(
                f"{label:24} sync {speed:10,.0f} rows/s   native {native_speed:10,.0f} rows/s   "
                f"{pct:5.1f} %   peak {peak:5.0f} MB"
            )
        worst_pct = min(p for p, _ in results)
        peak = max(m for _, m in results)
        print(f"peak memory {peak:.0f} MB (target <= {MEMORY_MB} MB)")
        verdict = line("sync", worst_pct, "% of the native path (lower pair)", ">=", TARGET_PCT)
        if peak > MEMORY_MB:
            verdict = verdict.rsplit(" ", 1)[0] + " MISSED"
        return verdict
    finally:
        pg.close()
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        maria.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
        subprocess.run(["rm", "-rf", work], check=False)
