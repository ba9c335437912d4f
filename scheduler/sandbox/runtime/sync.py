"""Sync: copy a table or a query's result from one data source into a table of another.

Runs in the sandbox (plain Python, no Django), with the credentials of its two data sources only.

    read in batches  ->  stage (a temporary table on the target, bulk-loaded per batch)
                     ->  one transaction: create the target if missing, apply the write mode
                         (append, overwrite, overwrite a partition, upsert by key: one row a
                         key, the last read)

Each batch is loaded with the target's bulk path (PostgreSQL COPY, DuckDB's CSV reader, MySQL
multi-row INSERT, SQLite executemany). A batch the target refuses is retried row by row: the
rows it still refuses are dirty, counted and logged; past the dirty-row limit the run fails. The
target changes only in the last transaction, so a failed run leaves it as it was (a target it
would have created does not exist) and a rerun of overwrite, partition or upsert gives the same
table.
"""

import csv
import io
import itertools
import os
import re
import shutil
import sys
import threading
import time

STAGE = "wb_sync_stage"
DIRTY_SHOWN = 5  # dirty rows quoted in the log
DUCKDB_MEMORY_MB = 128
BATCH_ROWS = 50_000  # a batch of ten columns holds some 20 MB in Python


class SyncError(Exception):
    """The sync cannot go on; the message is for the user."""


# --- types ---------------------------------------------------------------------------------
# Columns carry a neutral type: bigint, double, decimal(p,s), boolean, date, timestamp, time,
# text, bytes. Readers map their engine's types to it, writers map it to their DDL.

_PG_TYPES = {
    16: "boolean",
    20: "bigint",
    21: "bigint",
    23: "bigint",
    700: "double",
    701: "double",
    1700: "decimal",
    1082: "date",
    1114: "timestamp",
    1184: "timestamp",
    1083: "time",
    17: "bytes",
}
_MYSQL_TYPES = {
    1: "bigint",
    2: "bigint",
    3: "bigint",
    8: "bigint",
    9: "bigint",
    13: "bigint",
    16: "bigint",
    4: "double",
    5: "double",
    0: "decimal",
    246: "decimal",
    10: "date",
    7: "timestamp",
    12: "timestamp",
    11: "time",
}
_DDL = {
    "postgres": {
        "bigint": "BIGINT",
        "double": "DOUBLE PRECISION",
        "boolean": "BOOLEAN",
        "date": "DATE",
        "timestamp": "TIMESTAMP",
        "time": "TIME",
        "text": "TEXT",
        "bytes": "BYTEA",
        "decimal": "NUMERIC({p},{s})",
    },
    "duckdb": {
        "bigint": "BIGINT",
        "double": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
        "timestamp": "TIMESTAMP",
        "time": "TIME",
        "text": "VARCHAR",
        "bytes": "BLOB",
        "decimal": "DECIMAL({p},{s})",
    },
    "mysql": {
        "bigint": "BIGINT",
        "double": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
        "timestamp": "DATETIME(6)",
        "time": "TIME(6)",
        "text": "TEXT",
        "bytes": "LONGBLOB",
        "decimal": "DECIMAL({p},{s})",
    },
    "spark": {
        "bigint": "BIGINT",
        "double": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
        "timestamp": "TIMESTAMP",
        "time": "STRING",
        "text": "STRING",
        "bytes": "BINARY",
        "decimal": "DECIMAL({p},{s})",
    },
    "sqlite": {
        "bigint": "INTEGER",
        "double": "REAL",
        "boolean": "INTEGER",
        "date": "DATE",
        "timestamp": "TIMESTAMP",
        "time": "TEXT",
        "text": "TEXT",
        "bytes": "BLOB",
        "decimal": "NUMERIC",
    },
}


def neutral_from_name(name: str) -> str:
    """A neutral type from a declared type name (DuckDB descriptions, SQLite declarations)."""
    upper = (name or "").upper()
    match = re.match(r"(?:DECIMAL|NUMERIC)\s*\((\d+)\s*,\s*(\d+)\)", upper)
    if match:
        return f"decimal({match[1]},{match[2]})"
    for words, neutral in (
        (("BOOL",), "boolean"),
        (("INT",), "bigint"),
        (("DOUBLE", "FLOAT", "REAL"), "double"),
        (("DECIMAL", "NUMERIC"), "decimal(38,10)"),
        (("TIMESTAMP", "DATETIME"), "timestamp"),
        (("DATE",), "date"),
        (("TIME",), "time"),
        (("BLOB", "BYTEA", "BINARY"), "bytes"),
    ):
        if any(word in upper for word in words):
            return neutral
    return "text"


def neutral_from_value(value) -> str:
    import datetime as dt
    from decimal import Decimal

    for kind, neutral in (
        (bool, "boolean"),
        (int, "bigint"),
        (float, "double"),
        (Decimal, "decimal(38,10)"),
        (dt.datetime, "timestamp"),
        (dt.date, "date"),
        (dt.time, "time"),
        (bytes | bytearray | memoryview, "bytes"),
    ):
        if isinstance(value, kind):
            return neutral
    return "text"


def ddl_type(engine: str, neutral: str) -> str:
    if neutral.startswith("decimal"):
        match = re.match(r"decimal\((\d+),(\d+)\)", neutral)
        precision, scale = (int(match[1]), int(match[2])) if match else (38, 10)
        precision = min(max(precision, 1), 38)
        return _DDL[engine]["decimal"].format(p=precision, s=min(scale, precision))
    return _DDL[engine].get(neutral, _DDL[engine]["text"])


# --- engines -------------------------------------------------------------------------------


class _Null(float):
    """Written unquoted as \\N by a QUOTE_NONNUMERIC csv writer (every string is quoted), so a
    NULL stays apart from the text '\\N' and from an empty string."""

    def __str__(self):
        return "\\N"

    __repr__ = __str__


NULL = _Null()


class Engine:
    kind = ""
    quote_char = '"'
    placeholder = "?"
    with_bytes = False  # a column of the batch holds bytes
    optimistic = False  # loads straight into the target, and again through a stage if refused
    # Where batches load: the stage, or the target itself inside one transaction for engines
    # whose savepoints let a refused batch go without the rest (direct).
    into = '"wb_sync_stage"'
    direct = False

    def __init__(self, conn, work_dir: str):
        self.conn, self.work_dir = conn, work_dir

    def quote(self, name: str) -> str:
        q = self.quote_char
        return q + name.replace(q, q + q) + q

    def table(self, name: str) -> str:
        return ".".join(self.quote(part) for part in split_name(name))

    def execute(self, sql: str, params=None):
        cursor = self.conn.cursor()
        cursor.execute(sql, params) if params is not None else cursor.execute(sql)
        return cursor

    # reading
    def read(self, sql: str, batch_rows: int):
        """(columns [(name, neutral type)], iterator of lists of row tuples)."""
        cursor = self.conn.cursor()
        cursor.execute(sql)
        columns = [(d[0], self.neutral(d)) for d in cursor.description]
        return columns, _batches(cursor, batch_rows)

    def neutral(self, description) -> str:
        return neutral_from_name(str(description[1] or ""))

    # Server engines also read batches as CSV lines made by the server (strings quoted, NULL an
    # unquoted \N), and CSV targets load them as they come: no Python objects per value.
    csv_reader = False
    csv_writer = False
    text_writer = False  # loads PostgreSQL's text format (from MySQL's client)

    def text_client(self) -> str | None:
        return None

    def describe(self, sql: str):
        cursor = self.conn.cursor()
        cursor.execute(f"SELECT * FROM ({sql}) q LIMIT 0")
        columns = [(d[0], self.neutral(d)) for d in cursor.description]
        cursor.close()
        return columns

    # the target's columns: [(name, neutral type)], or None when the table does not exist
    def columns(self, table: str):
        raise NotImplementedError

    # writing
    def begin(self):
        self.execute("BEGIN")

    def commit(self):
        self.execute("COMMIT")

    def rollback(self):
        try:
            self.execute("ROLLBACK")
        except Exception:  # nothing open
            pass

    def create_stage(self, table: str, names: list[str], create: str | None) -> None:
        """The stage: the target's columns, or those of the table the run will create."""
        self.execute(f"DROP TABLE IF EXISTS {self.quote(STAGE)}")
        self.execute(f"CREATE TEMPORARY TABLE {self.stage_shape(table, names, create)}")

    def stage_shape(self, table: str, names: list[str], create: str | None) -> str:
        if create:
            return f"{self.quote(STAGE)} ({create})"
        cols = ", ".join(self.quote(n) for n in names)
        return f"{self.quote(STAGE)} AS SELECT {cols} FROM {self.table(table)} WHERE 1 = 0"

    # Upserts keep the last row read of each key: the stage numbers its rows as they come.
    sequence = "rowid"

    def number_stage(self) -> None:
        """Give the stage's rows their order of arrival (in `sequence`)."""

    def drop_duplicates(self, keys: list[str]) -> int:
        """Delete from the stage every row of a key but the last read; how many went. A key
        holding a NULL matches nothing (as in the upsert's own match), so those rows all stay."""
        stage, seq = self.quote(STAGE), self.sequence
        return self.changed(
            self.execute(f"DELETE FROM {stage} WHERE {seq} IN ({self._duplicates(keys)})")
        )

    def _duplicates(self, keys: list[str]) -> str:
        by = ", ".join(self.quote(k) for k in keys)
        present = " AND ".join(f"{self.quote(k)} IS NOT NULL" for k in keys)
        return (
            f"SELECT wb_seq FROM (SELECT {self.sequence} AS wb_seq, ROW_NUMBER() OVER "
            f"(PARTITION BY {by} ORDER BY {self.sequence} DESC) AS wb_rank "
            f"FROM {self.quote(STAGE)} WHERE {present}) d WHERE wb_rank > 1"
        )

    def changed(self, cursor) -> int:
        return max(cursor.rowcount, 0)

    # Engines whose DDL is transactional create the target in the transaction that fills it;
    # the others fill a table of another name and rename it once it is complete.
    transactional_ddl = True

    def create_table(self, table: str, create: str) -> None:
        self.execute(f"CREATE TABLE {self.table(table)} ({create})")

    def insert_sql(self, table_sql: str, names: list[str]) -> str:
        cols = ", ".join(self.quote(n) for n in names)
        marks = ", ".join([self.placeholder] * len(names))
        return f"INSERT INTO {table_sql} ({cols}) VALUES ({marks})"

    def load(self, names: list[str], rows: list) -> None:
        """Bulk-load a batch into the stage (all of it or, raising, none of it)."""
        self.conn.cursor().executemany(self.insert_sql(self.into, names), rows)

    def insert_one(self, names: list[str], row) -> None:
        self.execute(self.insert_sql(self.into, names), self.prepare_row(row))

    def prepare_row(self, row):
        return row


def _batches(cursor, size: int):
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        yield rows


class _CSVLoad:
    """Batches as CSV: every string quoted, NULL as an unquoted \\N (see _Null)."""

    def load(self, names: list[str], rows: list) -> None:
        path = os.path.join(self.work_dir, "wb_sync_rows.csv")
        with open(path, "w", newline="", encoding="utf-8") as handle:
            handle.write(self.csv_text(rows))
        try:
            self.load_csv_file(names, path)
        finally:
            os.unlink(path)

    def csv_text(self, rows: list) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        convert = self.convert
        writer.writerows(
            convert(row) if (None in row or self.has_bytes(row)) else row for row in rows
        )
        return buffer.getvalue()

    def has_bytes(self, row) -> bool:
        return False

    def convert(self, row):
        return tuple(NULL if v is None else self.value(v) for v in row)

    def value(self, v):
        if isinstance(v, bytes | bytearray | memoryview):
            return self.bytes_text(bytes(v))
        return v


class BatchFiles:
    """Rows written straight to a file of the run's folder; every `size` rows the file goes to
    `on_batch(path, rows)`, which loads it in a thread while the next file fills: reading and
    loading overlap, as they do when one client's output is piped into another's load. Two
    files at most on disk, no batch in memory."""

    def __init__(self, work_dir: str, size: int, on_batch, suffix: bytes = b""):
        self.paths = [os.path.join(work_dir, f"wb_sync_batch_{n}.dat") for n in (0, 1)]
        self.size, self.on_batch, self.suffix = size, on_batch, suffix
        self.rows = 0
        self.loading: threading.Thread | None = None
        self.error: BaseException | None = None
        self.handle = open(self.paths[0], "wb")  # noqa: SIM115 (closed by flush or close)

    def write(self, data) -> None:
        """One row, ending in a newline (the partition's values go before it)."""
        if isinstance(data, str):
            data = data.encode()
        self.handle.write(data[:-1] + self.suffix + b"\n" if self.suffix else data)
        self.rows += 1
        if self.rows >= self.size:
            self._next()

    def write_block(self, data: bytes, rows: int) -> None:
        """Whole rows, `rows` of them (a batch may end up a block larger than `size`)."""
        self.handle.write(data.replace(b"\n", self.suffix + b"\n") if self.suffix else data)
        self.rows += rows
        if self.rows >= self.size:
            self._next()

    def _next(self) -> None:
        self.flush(wait=False)
        self.paths.reverse()  # the other file: its load has ended (flush waited for it)
        self.handle = open(self.paths[0], "wb")  # noqa: SIM115

    def flush(self, wait: bool = True) -> None:
        """Hand the current file over (after the load before it ended); `wait` for its load."""
        self.handle.close()
        self.wait()
        if self.rows:
            path, rows = self.paths[0], self.rows
            self.loading = threading.Thread(target=self._load, args=(path, rows), daemon=True)
            self.loading.start()
        self.rows = 0
        if wait:
            self.wait()

    def _load(self, path: str, rows: int) -> None:
        try:
            self.on_batch(path, rows)
        except BaseException as exc:  # the reading thread raises it at its next batch
            self.error = exc

    def wait(self) -> None:
        if self.loading is not None:
            self.loading.join()
            self.loading = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def close(self) -> None:
        """Files away; a load still running is waited for (its error is the run's, if any)."""
        self.handle.close()
        if self.loading is not None:
            self.loading.join()
        for path in self.paths:
            if os.path.exists(path):
                os.unlink(path)


class PostgresEngine(_CSVLoad, Engine):
    kind = "postgres"
    placeholder = "%s"
    direct = True

    def read(self, sql: str, batch_rows: int):
        self.conn.autocommit = False  # a server-side cursor lives in a transaction
        cursor = self.conn.cursor(name="wb_sync_read")  # rows come batch by batch
        cursor.itersize = batch_rows
        cursor.execute(sql)
        first = cursor.fetchmany(batch_rows)
        columns = [(d[0], self.neutral(d)) for d in cursor.description]

        def batches():
            if first:
                yield first
                yield from _batches(cursor, batch_rows)
            cursor.close()
            self.conn.rollback()  # (it only read)
            self.conn.autocommit = True

        return columns, batches()

    sequence = "wb_sync_seq"

    def number_stage(self) -> None:
        self.execute(
            f"ALTER TABLE {self.quote(STAGE)} "
            "ADD COLUMN wb_sync_seq BIGINT GENERATED ALWAYS AS IDENTITY"
        )

    def neutral(self, description) -> str:
        neutral = _PG_TYPES.get(description[1], "text")
        if neutral == "decimal":
            precision, scale = description[4], description[5]
            return f"decimal({precision},{scale})" if precision else "decimal(38,10)"
        return neutral

    def columns(self, table: str):
        parts = split_name(table)
        schema, name = (parts[-2] if len(parts) > 1 else None), parts[-1]
        cursor = self.execute(
            "SELECT column_name, data_type, numeric_precision, numeric_scale "
            "FROM information_schema.columns WHERE table_name = %s "
            "AND table_schema = COALESCE(%s, current_schema()) ORDER BY ordinal_position",
            (name, schema),
        )
        return _declared(cursor.fetchall())

    def bytes_text(self, value: bytes) -> str:
        return "\\x" + value.hex()

    def has_bytes(self, row) -> bool:
        return self.with_bytes

    with_bytes = False

    csv_reader = csv_writer = True

    def load_csv_file(self, names: list[str], path: str) -> None:
        cols = ", ".join(self.quote(n) for n in names)
        with open(path, "rb") as handle:
            self.conn.cursor().copy_expert(
                f"COPY {self.into} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                handle,
                size=1 << 20,
            )

    text_writer = True

    def load_text_file(self, names: list[str], path: str) -> None:
        cols = ", ".join(self.quote(n) for n in names)
        with open(path, "rb") as handle:
            self.conn.cursor().copy_expert(
                f"COPY {self.into} ({cols}) FROM STDIN WITH (FORMAT text, NULL 'NULL')",
                handle,
                size=1 << 20,
            )

    def read_csv(self, sql: str, columns: list, files: "BatchFiles") -> None:
        """COPY out, row by row into the batch files."""
        exprs = []
        for name, neutral in columns:
            column = f"q.{self.quote(name)}"
            if neutral == "boolean":
                column += "::text"  # true/false, which every target reads
            elif neutral == "timestamp":
                column += "::timestamp"  # (a time zone's offset would not load everywhere)
            exprs.append(column)
        self.execute("SET TIME ZONE 'UTC'")
        self.conn.cursor().copy_expert(
            f"COPY (SELECT {', '.join(exprs)} FROM ({sql}) q) TO STDOUT "
            "WITH (FORMAT csv, NULL '\\N', FORCE_QUOTE *)",
            files,  # each message of the server is one row
        )


class DuckDBEngine(_CSVLoad, Engine):
    """Bulk loads through DuckDB's CSV reader, from a file of the run's own folder (the only
    folder the connection may read besides its database)."""

    kind = "duckdb"
    optimistic = True
    with_bytes = False

    def execute(self, sql: str, params=None):
        # A DuckDB cursor is a connection of its own, which would not see the stage.
        return self.conn.execute(sql, params) if params is not None else self.conn.execute(sql)

    def columns(self, table: str):
        cursor = self.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? AND table_schema = COALESCE(?, current_schema()) "
            "ORDER BY ordinal_position",
            [split_name(table)[-1], split_name(table)[-2] if len(split_name(table)) > 1 else None],
        )
        return _declared([(n, t, None, None) for n, t in cursor.fetchall()])

    def bytes_text(self, value: bytes) -> str:
        return "".join(f"\\x{b:02X}" for b in value)

    def has_bytes(self, row) -> bool:
        return self.with_bytes

    csv_writer = True

    def create_stage(self, table: str, names: list[str], create: str | None) -> None:
        # A table of the database file, not a temporary one: DuckDB keeps temporary tables in
        # memory, and a large copy must be able to leave it. A rerun drops what a killed run left.
        self.execute(f"DROP TABLE IF EXISTS {self.quote(STAGE)}")
        self.execute(f"CREATE TABLE {self.stage_shape(table, names, create)}")

    def number_stage(self) -> None:
        # rowid follows the order rows arrive in only while DuckDB keeps insertion order.
        self.execute("SET preserve_insertion_order = true")

    def changed(self, cursor) -> int:
        return int(cursor.fetchone()[0])

    def load_csv_file(self, names: list[str], path: str) -> None:
        cols = ", ".join(self.quote(n) for n in names)
        self.execute(
            f"COPY {self.into} ({cols}) FROM '{path}' (FORMAT csv, HEADER false, "
            "NULLSTR '\\N', ALLOW_QUOTED_NULLS false, AUTO_DETECT false, QUOTE '\"', "
            "ESCAPE '\"')"
        )


class MySQLEngine(Engine):
    kind = "mysql"
    quote_char = "`"
    placeholder = "%s"

    def read(self, sql: str, batch_rows: int):
        import pymysql.cursors

        cursor = self.conn.cursor(pymysql.cursors.SSCursor)  # unbuffered: rows as they come
        cursor.execute(sql)
        columns = [(d[0], self.neutral(d)) for d in cursor.description]
        return columns, _batches(cursor, batch_rows)

    csv_reader = True

    def read_csv(self, sql: str, columns: list, files: "BatchFiles") -> None:
        """One CSV line a row, made by the server. The mariadb (or mysql) client streams them
        when installed: PyMySQL decodes each row's packet in Python, four times slower."""
        fields = ", ".join(
            f"IFNULL(CONCAT('\"', REPLACE(CAST(q.{self.quote(name)} AS CHAR), '\"', '\"\"'), "
            "'\"'), '\\\\N')"
            for name, _ in columns
        )
        query = f"SELECT CONCAT_WS(',', {fields}) FROM ({sql}) q"
        client = shutil.which("mariadb") or shutil.which("mysql")
        if client:
            return self._read_with_client(client, query, files)
        import pymysql.cursors

        cursor = self.conn.cursor(pymysql.cursors.SSCursor)
        cursor.execute(query)
        for rows in _batches(cursor, 10000):
            for row in rows:
                files.write(row[0] + "\n")

    def _client(self, client: str, query: str):
        """The mysql client on `query`, its rows streaming out raw, one line a row."""
        import subprocess

        def text(value) -> str:
            return value.decode() if isinstance(value, bytes) else str(value or "")

        conn = self.conn
        process = subprocess.Popen(
            [
                client,
                "--no-defaults",  # no option files of the sandbox's user
                "--batch",
                "--raw",
                "--quick",  # row by row, not the whole result in memory
                "--skip-column-names",
                "--default-character-set=utf8mb4",
                f"--host={conn.host}",  # the address the outbound guard checked
                f"--port={conn.port}",
                f"--user={text(conn.user)}",
                f"--database={text(conn.db)}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={"MYSQL_PWD": text(conn.password), "PATH": os.environ.get("PATH", "/usr/bin")},
        )
        process.stdin.write(query.encode() + b";\n")
        process.stdin.close()
        return process

    def _finish(self, process) -> None:
        error = process.stderr.read().decode(errors="replace").strip()
        if process.wait() != 0:
            raise SyncError(f"reading from MySQL failed: {error[-500:]}")

    def _read_with_client(self, client: str, query: str, files: "BatchFiles") -> None:
        process = self._client(client, query)
        row = b""  # a value may hold a newline: a row ends where its quotes are balanced
        for raw in process.stdout:
            row += raw
            if row.count(b'"') % 2:
                continue
            files.write(row)
            row = b""
        self._finish(process)

    def text_client(self) -> str | None:
        return shutil.which("mariadb") or shutil.which("mysql")

    def read_text(self, sql: str, columns: list, files: "BatchFiles") -> None:
        """Rows in PostgreSQL's text format (tab between values, NULL as NULL), for its COPY:
        the server escapes only text values (backslash, tab, newline, CR, and the text NULL as
        \\NULL), the others go as they are, and the client streams them in large reads."""
        fields = []
        for name, neutral in columns:
            column = f"q.{self.quote(name)}"
            if neutral == "text":
                escaped = column
                for raw, escape in (
                    ("\\\\", "\\\\\\\\"),
                    ("\\t", "\\\\t"),
                    ("\\n", "\\\\n"),
                    ("\\r", "\\\\r"),
                ):
                    escaped = f"REPLACE({escaped}, '{raw}', '{escape}')"
                column = f"IF(BINARY {column} = 'NULL', '\\\\NULL', {escaped})"
            fields.append(column)
        process = self._client(self.text_client(), f"SELECT {', '.join(fields)} FROM ({sql}) q")
        pending = b""
        while chunk := process.stdout.read(1 << 20):
            data = pending + chunk
            cut = data.rfind(b"\n") + 1
            pending = data[cut:]
            if cut:
                files.write_block(data[:cut], data.count(b"\n", 0, cut))
        self._finish(process)

    def neutral(self, description) -> str:
        code = description[1]
        neutral = _MYSQL_TYPES.get(code)
        if neutral == "decimal":
            precision, scale = description[4] or 38, description[5] or 0
            return f"decimal({precision},{scale})"
        if neutral:
            return neutral
        if code in (249, 250, 251, 252) and getattr(description, "charsetnr", None) == 63:
            return "bytes"
        return "text"

    def columns(self, table: str):
        parts = split_name(table)
        cursor = self.execute(
            "SELECT column_name, column_type, numeric_precision, numeric_scale "
            "FROM information_schema.columns WHERE table_name = %s "
            "AND table_schema = COALESCE(%s, DATABASE()) ORDER BY ordinal_position",
            (parts[-1], parts[-2] if len(parts) > 1 else None),
        )
        return _declared(cursor.fetchall())

    def begin(self):
        # Strict: a value that does not fit is refused (a dirty row), never cut silently.
        self.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')")
        self.execute("START TRANSACTION")

    def create_stage(self, table: str, names: list[str], create: str | None) -> None:
        self.execute(
            "SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES'), "
            "SESSION default_tmp_storage_engine = 'InnoDB'"
        )
        super().create_stage(table, names, create)

    sequence = "wb_sync_seq"

    def number_stage(self) -> None:
        self.execute(
            f"ALTER TABLE {self.quote(STAGE)} "
            "ADD COLUMN wb_sync_seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"
        )

    def drop_duplicates(self, keys: list[str]) -> int:
        # A statement may name a temporary table once only: the rows to go are listed first.
        stage, dups = self.quote(STAGE), self.quote("wb_sync_duplicates")
        self.execute(f"DROP TEMPORARY TABLE IF EXISTS {dups}")
        self.execute(f"CREATE TEMPORARY TABLE {dups} AS {self._duplicates(keys)}")
        try:
            return self.changed(
                self.execute(f"DELETE s FROM {stage} s JOIN {dups} d ON s.wb_sync_seq = d.wb_seq")
            )
        finally:
            self.execute(f"DROP TEMPORARY TABLE IF EXISTS {dups}")

    # DDL commits at once: a created target is filled under another name, then renamed.
    transactional_ddl = False

    def building(self, table: str) -> str:
        parts = split_name(table)
        parts[-1] = ("wb_sync_new_" + parts[-1])[:64]
        return ".".join(self.quote(part) for part in parts)

    def load(self, names: list[str], rows: list) -> None:
        # One transaction: PyMySQL sends a large batch as several INSERTs.
        self.execute("START TRANSACTION")
        try:
            self.conn.cursor().executemany(self.insert_sql(self.into, names), rows)
        except Exception:
            self.rollback()
            raise
        self.commit()


class SQLiteEngine(Engine):
    kind = "sqlite"

    def columns(self, table: str):
        cursor = self.execute(f"PRAGMA table_info({self.table(table)})")
        rows = cursor.fetchall()
        return [(r[1], neutral_from_name(r[2])) for r in rows] or None

    def prepare_row(self, row):
        from decimal import Decimal

        if not any(isinstance(v, Decimal) for v in row):
            return row
        return tuple(str(v) if isinstance(v, Decimal) else v for v in row)

    def load(self, names: list[str], rows: list) -> None:
        self.begin()
        try:
            self.conn.executemany(
                self.insert_sql(self.into, names), [self.prepare_row(r) for r in rows]
            )
        except Exception:
            self.rollback()
            raise
        self.commit()

    def read(self, sql: str, batch_rows: int):
        cursor = self.conn.cursor()
        cursor.execute(sql)
        first = cursor.fetchmany(batch_rows)
        types = (
            [neutral_from_value(v) if v is not None else "text" for v in first[0]] if first else []
        )
        columns = [(d[0], types[i] if types else "text") for i, d in enumerate(cursor.description)]

        def batches():
            if first:
                yield first
                yield from _batches(cursor, batch_rows)

        return columns, batches()


def _declared(rows):
    """[(name, neutral)] from information_schema rows (name, type, precision, scale)."""
    found = []
    for name, declared, precision, scale in rows:
        neutral = neutral_from_name(str(declared))
        if neutral.startswith("decimal") and precision:
            neutral = f"decimal({precision},{scale or 0})"
        found.append((name, neutral))
    return found or None


class _SparkCursor:
    """The little of a DB-API cursor a source needs, over a Spark SQL query: its rows come from
    the driver a partition at a time (toLocalIterator), so memory holds one batch and one
    partition."""

    def __init__(self, session):
        self.session, self.description, self.rows = session, None, iter(())

    def execute(self, sql: str, params=None) -> None:
        frame = self.session.sql(sql)
        self.description = [(f.name, f.dataType.simpleString()) for f in frame.schema.fields]
        self.rows = frame.toLocalIterator()

    def fetchmany(self, size: int) -> list:
        return [
            tuple(bytes(v) if isinstance(v, bytearray) else v for v in row)
            for row in itertools.islice(self.rows, size)
        ]

    def fetchall(self) -> list:
        return self.fetchmany(sys.maxsize)

    def close(self) -> None:
        self.rows = iter(())


class _SparkConnection:
    def __init__(self, session):
        self.session = session

    def cursor(self) -> _SparkCursor:
        return _SparkCursor(self.session)

    def close(self) -> None:
        self.session.stop()


class SparkEngine(Engine):
    """Spark SQL: a query or a table read through the data source's driver in the run's
    sandbox (a local master or a cluster); as a target (local masters), batches go to a parquet
    stage table
    and the mode's one INSERT (INTO, or OVERWRITE of the table or of the partition) moves them
    into the target. Spark has no transactions: a target the run creates is dropped when a
    later step fails, and upserts are refused (parquet tables have no MERGE)."""

    kind = "spark"
    quote_char = "`"

    def __init__(self, conn, work_dir: str):
        super().__init__(conn, work_dir)
        self.session = getattr(conn, "session", None)
        self.stage_schema = None

    def execute(self, sql: str, params=None):
        self.session.sql(sql).collect()

    def begin(self):
        pass

    def commit(self):
        pass

    def rollback(self):
        pass

    def columns(self, table: str):
        parts = split_name(table)
        if not self.session.catalog.tableExists(parts[-1], parts[0] if len(parts) > 1 else None):
            return None
        fields = self.session.table(self.table(table)).schema.fields
        return [(f.name, neutral_from_name(f.dataType.simpleString())) for f in fields]

    def create_stage(self, table: str, names: list[str], create: str | None) -> None:
        stage = self.quote(STAGE)
        self.execute(f"DROP TABLE IF EXISTS {stage}")
        if create:
            self.execute(f"CREATE TABLE {stage} ({create}) USING parquet")
        else:
            cols = ", ".join(self.quote(n) for n in names)
            self.execute(
                f"CREATE TABLE {stage} USING parquet AS SELECT {cols} FROM {self.table(table)} "
                "WHERE 1 = 0"
            )
        self.stage_schema = self.session.table(stage).schema

    def load(self, names: list[str], rows: list) -> None:
        from pyspark.sql import types

        converters = [_spark_value(f.dataType, types) for f in self.stage_schema.fields]
        values = [tuple(c(v) for c, v in zip(converters, row, strict=True)) for row in rows]
        frame = self.session.createDataFrame(values, self.stage_schema)
        frame.write.insertInto(self.quote(STAGE))

    def insert_one(self, names: list[str], row) -> None:
        self.load(names, [row])


def _spark_value(kind, types):
    """A value as Spark's type of its stage column takes it (sources give text, numbers or
    their own objects); None stays None."""
    import datetime as dt
    from decimal import Decimal

    def make(convert):
        return lambda v: None if v is None else convert(v)

    if isinstance(kind, types.DecimalType):
        return make(lambda v: Decimal(str(v)))
    if isinstance(kind, types.LongType | types.IntegerType | types.ShortType | types.ByteType):
        return make(int)
    if isinstance(kind, types.DoubleType | types.FloatType):
        return make(float)
    if isinstance(kind, types.BooleanType):
        return make(lambda v: v if isinstance(v, bool) else str(v).lower() in ("1", "true", "t"))
    if isinstance(kind, types.DateType):
        return make(lambda v: v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10]))
    if isinstance(kind, types.TimestampType):
        return make(
            lambda v: v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(str(v))
        )
    if isinstance(kind, types.BinaryType):
        return make(lambda v: bytes(v) if not isinstance(v, str) else v.encode())
    return make(lambda v: v if isinstance(v, str) else str(v))


def _spark_string(value: str) -> str:
    """A Spark SQL string literal (backslash escapes)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _apply_spark(writer: "SparkEngine", mode, table, names, partition, create) -> None:
    """Spark's last step: create the target (partitioned by the partition's columns) when it
    is missing, then one INSERT from the stage; a target created here goes when that fails."""
    target, stage, q = writer.table(table), writer.quote(STAGE), writer.quote
    fixed = [p for p, _ in partition]
    if create:
        by = f" PARTITIONED BY ({', '.join(q(p) for p in fixed)})" if fixed else ""
        writer.execute(f"CREATE TABLE {target} ({create}) USING parquet{by}")
    try:
        if mode == "partition":
            values = ", ".join(f"{q(p)} = {_spark_string(v)}" for p, v in partition)
            cols = ", ".join(q(n) for n in names if n not in fixed)
            sql = (
                f"INSERT OVERWRITE TABLE {target} PARTITION ({values}) ({cols}) "
                f"SELECT {cols} FROM {stage}"
            )
        else:
            cols = ", ".join(q(n) for n in names)
            verb = "INSERT OVERWRITE TABLE" if mode == "overwrite" else "INSERT INTO"
            sql = f"{verb} {target} ({cols}) SELECT {cols} FROM {stage}"
        writer.execute(sql)
    except BaseException:
        if create:
            _quietly(writer.execute, f"DROP TABLE IF EXISTS {target}")
        raise
    writer.execute(f"DROP TABLE IF EXISTS {stage}")


ENGINES = {
    "postgres": PostgresEngine,
    "duckdb": DuckDBEngine,
    "mysql": MySQLEngine,
    "sqlite": SQLiteEngine,
    "spark": SparkEngine,
}
# Engines without a MERGE for upserts (a copy may append, overwrite or overwrite a partition).
NO_UPSERT = {"spark"}


def split_name(name: str) -> list[str]:
    """schema.table -> ["schema", "table"]; a part may be quoted to hold a dot."""
    parts = re.findall(r'"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|([^.]+)', name)
    found = [a.replace('""', '"') or b.replace("``", "`") or c.strip() for a, b, c in parts]
    if not found or any(not p for p in found):
        raise SyncError(f"not a table name: {name!r}")
    return found


def connect(source: dict, work_dir: str):
    """A connection to one data source of the run (settings and secret from the context)."""
    kind, config = source["kind"], source["config"]
    if kind == "duckdb":
        import duckdb
        import jobs

        conn = jobs.connect({"engine": "duckdb", **config, "external_access": True})
        # A copy needs little of DuckDB's memory (it spills to disk): the run's stays bounded.
        conn.execute(f"SET memory_limit = '{DUCKDB_MEMORY_MB}MB'")
        conn.execute("SET preserve_insertion_order = false")
        if not config.get("external_access"):
            # Only the run's own folder, for the batch files (the sandbox shows no other).
            conn.execute(f"SET allowed_directories = ['{work_dir}/']")
            conn.execute("SET enable_external_access = false")
        return conn, duckdb
    if kind == "sqlite":
        import jobs

        return jobs.connect({"engine": "sqlite", **config}), None
    if kind == "spark":
        import spark

        return _SparkConnection(spark.session(source["spark"])), None
    import workbench_task

    return workbench_task.open_source(source), None


# --- the run -------------------------------------------------------------------------------


def partition_values(text: str) -> list[tuple[str, str]]:
    """dt='20240101', region='eu' -> [("dt", "20240101"), ("region", "eu")]."""
    pairs = []
    for piece in re.split(r",|\s+and\s+", text.strip(), flags=re.IGNORECASE):
        match = re.fullmatch(
            r"\s*([A-Za-z_][\w$]*)\s*=\s*(?:'((?:[^']|'')*)'|([\w.:-]+))\s*", piece
        )
        if not match:
            raise SyncError(f"partition {text!r}: write it as column='value', like dt='20240101'")
        pairs.append((match[1], (match[2] or "").replace("''", "'") or match[3] or ""))
    return pairs


def source_sql(engine: Engine, spec: dict) -> str:
    source = spec["source"]
    if source.get("query"):
        return source["query"].strip().rstrip(";")
    return f"SELECT * FROM {engine.table(source['table'])}"


class _Refused(Exception):
    """An optimistic direct load met a batch the target refused."""


def run(spec: dict, source: dict, target: dict, *, work_dir: str, report) -> dict:
    """Copy per `spec`; report(log=...) as it goes; the counts, or SyncError.

    DuckDB has no savepoints: it loads straight into the target in one transaction, and only
    when a batch is refused is the copy made again through the stage, to find the dirty rows."""
    if ENGINES[target["kind"]].optimistic and (spec.get("mode") or "append") != "upsert":
        try:
            return _run(spec, source, target, work_dir=work_dir, report=report, optimistic=True)
        except _Refused as exc:
            report(log=f"a batch was refused ({_short(exc)}); copying again through a stage")
    return _run(spec, source, target, work_dir=work_dir, report=report, optimistic=False)


def _run(spec: dict, source: dict, target: dict, *, work_dir: str, report, optimistic) -> dict:
    if target["kind"] in NO_UPSERT and (spec.get("mode") or "append") == "upsert":
        raise SyncError(
            f"a {target['kind']} target takes append, overwrite or partition, not upsert "
            "(its tables have no MERGE)"
        )
    batch_rows = int(spec.get("batch_rows") or BATCH_ROWS)
    mode = spec.get("mode") or "append"
    target_table = spec["target"]["table"]
    reader_conn, _ = connect(source, work_dir)
    writer_conn, _ = connect(target, work_dir)
    reader = ENGINES[source["kind"]](reader_conn, work_dir)
    writer = ENGINES[target["kind"]](writer_conn, work_dir)
    started = time.monotonic()
    direct = False
    try:
        sql = source_sql(reader, spec)
        as_csv = reader.csv_reader and writer.csv_writer
        if as_csv:
            columns, batches = reader.describe(sql), None
        else:
            columns, batches = reader.read(sql, batch_rows)
        mapping = _mapping(spec, [name for name, _ in columns])
        partition = partition_values(spec.get("partition") or "") if mode == "partition" else []
        # Partition columns take the partition's value, whatever the source has in them.
        fixed = {p for p, _ in partition}
        types = dict(columns)
        pairs = [(s, t) for s, t in mapping if t not in fixed]
        wanted = [(t, types[s]) for s, t in pairs] + [(p, "text") for p, _ in partition]
        if as_csv and any(t == "bytes" for _, t in wanted):
            as_csv = False  # binary values take the path that knows each engine's notation
            columns, batches = reader.read(sql, batch_rows)
        create = _prepare_target(writer, spec, target_table, wanted)
        names = [n for n, _ in wanted]
        writer.with_bytes = any(t == "bytes" for _, t in wanted)
        direct = (writer.direct or optimistic) and mode != "upsert"
        if direct:
            writer.into = writer.table(target_table)
            writer.begin()
            if create:  # in the transaction: a failed run leaves no table behind
                writer.create_table(target_table, create)
            for statement, params in _clearing(writer, mode, target_table, partition, spec):
                writer.execute(statement, params or None)
        else:
            writer.into = writer.quote(STAGE)
            writer.create_stage(target_table, names, create)
            if mode == "upsert":
                writer.number_stage()
        max_dirty = int(spec.get("max_dirty_rows") or 0)
        loader = _Loader(writer, names, max_dirty, report, savepoints=direct and writer.direct)
        loader.optimistic = optimistic
        as_text = as_csv and writer.text_writer and reader.text_client()
        if as_text:
            suffix = "".join("\t" + _text_escape(v) for _, v in partition)
            files = BatchFiles(work_dir, batch_rows, loader.text_file, suffix.encode())
            try:
                reader.read_text(sql, [(s, types[s]) for s, _ in pairs], files)
                files.flush()
            finally:
                files.close()
        elif as_csv:
            suffix = "".join(',"' + v.replace('"', '""') + '"' for _, v in partition)
            files = BatchFiles(work_dir, batch_rows, loader.csv_file, suffix.encode())
            try:
                reader.read_csv(sql, [(s, types[s]) for s, _ in pairs], files)
                files.flush()
            finally:
                files.close()
        else:
            picks = _picker([name for name, _ in columns], [s for s, _ in pairs])
            constants = tuple(v for _, v in partition)
            for raw in batches:
                rows = [picks(r) + constants for r in raw]
                if writer.with_bytes:  # PostgreSQL gives bytea as memoryview
                    rows = [tuple(_plain_bytes(v) for v in r) for r in rows]
                loader.rows(rows)
        counts = loader.counts
        if mode == "upsert":
            dropped = writer.drop_duplicates(spec["key"])
            if dropped:
                counts["written"] -= dropped
                report(
                    log=f"{dropped} row(s) dropped whose key came again later in the copy "
                    "(the last row read of each key is kept)"
                )
        if direct:
            writer.commit()
        elif writer.kind == "spark":
            _apply_spark(writer, mode, target_table, names, partition, create)
        else:
            _apply(writer, spec, mode, target_table, names, partition, create)
        if create:
            report(log=f"created {target_table} on the target ({len(names)} columns)")
        report(
            log=f"{mode}: {counts['written']} row(s) written to {target_table} in "
            f"{time.monotonic() - started:.1f} s"
        )
        return counts
    except BaseException:
        writer.rollback()  # (a direct load's transaction: the target as it was)
        if not direct:
            _quietly(writer.execute, f"DROP TABLE IF EXISTS {writer.quote(STAGE)}")
        raise
    finally:
        for conn in (reader_conn, writer_conn):
            try:
                conn.close()
            except Exception:
                pass


def _prepare_target(writer: Engine, spec: dict, table: str, wanted: list) -> str | None:
    """Check the target has every column; when it is missing, the columns to create it with
    (from the source's types), which the run's last transaction creates."""
    for key in spec.get("key") or []:
        if key not in {n for n, _ in wanted}:
            raise SyncError(f"upsert key {key} is not a column written to the target")
    existing = writer.columns(table)
    if existing is None:
        if spec["target"].get("create", True) is False:
            raise SyncError(f"the target table {table} does not exist")
        return ", ".join(f"{writer.quote(n)} {ddl_type(writer.kind, t)}" for n, t in wanted)
    missing = [n for n, _ in wanted if n not in {name for name, _ in existing}]
    if missing:
        raise SyncError(f"the target table {table} has no column(s) {', '.join(missing)}")
    return None


class _Loader:
    """Loads batches into the stage; a refused batch goes again row by row, and the rows still
    refused are dirty: counted, the first few logged, past the limit the end of the run."""

    def __init__(self, writer: Engine, names: list[str], max_dirty: int, report, savepoints: bool):
        self.writer, self.names, self.max_dirty, self.report = writer, names, max_dirty, report
        self.savepoints = savepoints
        self.counts = {"read": 0, "written": 0, "rejected": 0}
        self.shown = 0

    def _attempt(self, load) -> None:
        """Run `load` so that, when it fails, what it did is undone and the rest stays."""
        if not self.savepoints:
            load()
            return
        self.writer.execute("SAVEPOINT wb_sync_batch")
        try:
            load()
        except Exception:
            self.writer.execute("ROLLBACK TO SAVEPOINT wb_sync_batch")
            raise
        self.writer.execute("RELEASE SAVEPOINT wb_sync_batch")

    optimistic = False

    def rows(self, rows: list) -> None:
        self.counts["read"] += len(rows)
        try:
            self._attempt(lambda: self.writer.load(self.names, rows))
            self.counts["written"] += len(rows)
        except Exception as exc:
            if self.optimistic:
                raise _Refused(str(exc)) from exc
            self._one_by_one(rows, exc)
        self._progress()

    def csv_file(self, path: str, count: int) -> None:
        self.counts["read"] += count
        try:
            self._attempt(lambda: self.writer.load_csv_file(self.names, path))
            self.counts["written"] += count
        except Exception as exc:
            if self.optimistic:
                raise _Refused(str(exc)) from exc
            with open(path, newline="", encoding="utf-8") as handle:
                rows = [tuple(None if v == "\\N" else v for v in row) for row in csv.reader(handle)]
            self._one_by_one(rows, exc)
        self._progress()

    def text_file(self, path: str, count: int) -> None:
        self.counts["read"] += count
        try:
            self._attempt(lambda: self.writer.load_text_file(self.names, path))
            self.counts["written"] += count
        except Exception as exc:
            if self.optimistic:
                raise _Refused(str(exc)) from exc
            with open(path, encoding="utf-8") as handle:
                rows = [_text_row(line) for line in handle]
            self._one_by_one(rows, exc)
        self._progress()

    def _one_by_one(self, rows: list, exc: Exception) -> None:
        self.report(log=f"a batch of {len(rows)} row(s) was refused ({_short(exc)}); row by row")
        if not self.savepoints:
            self.writer.rollback()
        for row in rows:
            try:
                self._attempt(lambda row=row: self.writer.insert_one(self.names, row))
                self.counts["written"] += 1
            except Exception as row_exc:
                if not self.savepoints:
                    self.writer.rollback()
                self.counts["rejected"] += 1
                if self.shown < DIRTY_SHOWN:
                    self.shown += 1
                    self.report(log=f"dirty row {_short(row)}: {_short(row_exc)}")
        if self.counts["rejected"] > self.max_dirty:
            raise SyncError(
                f"{self.counts['rejected']} dirty row(s), more than the limit of "
                f"{self.max_dirty}; the target was not changed"
            )

    def _progress(self) -> None:
        c = self.counts
        self.report(log=f"read {c['read']}, staged {c['written']}, rejected {c['rejected']}")


def _apply(writer: Engine, spec, mode, table, names, partition, create) -> None:
    """The one transaction that changes the target from the stage (and creates it, when
    missing: a failed run leaves no table behind)."""
    if create and not writer.transactional_ddl:
        _apply_renamed(writer, table, names, create)
        return
    target, stage = writer.table(table), writer.quote(STAGE)
    cols = ", ".join(writer.quote(n) for n in names)
    statements = [] if create else _clearing(writer, mode, table, partition, spec)
    statements.append((f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {stage}", []))
    writer.begin()
    try:
        if create:
            writer.create_table(table, create)
        for sql, params in statements:
            writer.execute(sql, params or None)
        writer.commit()
    except Exception:
        writer.rollback()
        raise
    writer.execute(f"DROP TABLE IF EXISTS {stage}")


def _apply_renamed(writer: Engine, table: str, names: list[str], create: str) -> None:
    """Where DDL commits at once (MySQL): fill a new table of another name, then rename it to
    the target in one step, so the target never exists half-filled. The new table is this
    run's own: dropped when the run fails, and by the next run if this one was killed."""
    building, stage = writer.building(table), writer.quote(STAGE)
    cols = ", ".join(writer.quote(n) for n in names)
    writer.execute(f"DROP TABLE IF EXISTS {building}")
    writer.execute(f"CREATE TABLE {building} ({create})")
    try:
        writer.begin()
        writer.execute(f"INSERT INTO {building} ({cols}) SELECT {cols} FROM {stage}")
        writer.commit()
        writer.execute(f"RENAME TABLE {building} TO {writer.table(table)}")
    except BaseException:
        writer.rollback()
        writer.execute(f"DROP TABLE IF EXISTS {building}")
        raise
    writer.execute(f"DROP TABLE IF EXISTS {stage}")


def _clearing(writer: Engine, mode, table, partition, spec) -> list[tuple[str, list]]:
    """What the mode deletes from the target before the copy's rows go in."""
    target, stage = writer.table(table), writer.quote(STAGE)
    bare = writer.quote(split_name(table)[-1])
    statements: list[tuple[str, list]] = []
    if mode == "overwrite":
        statements.append((f"DELETE FROM {target}", []))
    elif mode == "partition":
        where = " AND ".join(f"{writer.quote(p)} = {writer.placeholder}" for p, _ in partition)
        statements.append((f"DELETE FROM {target} WHERE {where}", [v for _, v in partition]))
    elif mode == "upsert":
        match = " AND ".join(
            f"s.{writer.quote(k)} = {bare}.{writer.quote(k)}" for k in spec.get("key") or []
        )
        statements.append(
            (f"DELETE FROM {target} WHERE EXISTS (SELECT 1 FROM {stage} s WHERE {match})", [])
        )
    return statements


def _mapping(spec: dict, source_columns: list[str]) -> list[tuple[str, str]]:
    given = spec.get("columns") or []
    if not given:
        return [(c, c) for c in source_columns]
    pairs = [(c["source"], c.get("target") or c["source"]) for c in given]
    unknown = [s for s, _ in pairs if s not in source_columns]
    if unknown:
        raise SyncError(
            f"the source has no column(s) {', '.join(unknown)}; it has {', '.join(source_columns)}"
        )
    return pairs


def _picker(source_columns: list[str], wanted: list[str]):
    if wanted == source_columns:
        return tuple
    import operator

    positions = [source_columns.index(name) for name in wanted]
    if len(positions) == 1:
        only = positions[0]
        return lambda row: (row[only],)
    getter = operator.itemgetter(*positions)
    return getter


_TEXT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TEXT_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _text_escape(value: str) -> str:
    if value == "NULL":
        return "\\NULL"
    return re.sub(r"[\\\t\n\r]", lambda m: _TEXT_ESCAPES[m[0]], value)


def _text_row(line: str) -> tuple:
    """A row of PostgreSQL's text format (NULL as NULL) as values, for loading row by row."""
    values = []
    for field in line.rstrip("\n").split("\t"):
        if field == "NULL":
            values.append(None)
        else:
            values.append(re.sub(r"\\(.)", lambda m: _TEXT_UNESCAPES.get(m[1], m[1]), field))
    return tuple(values)


def _plain_bytes(value):
    return bytes(value) if isinstance(value, memoryview) else value


def _quietly(call, *args) -> None:
    """Tidying after a failure: its own failure must not hide the run's."""
    try:
        call(*args)
    except Exception:
        pass


def _short(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 200 else text[:197] + "..."
