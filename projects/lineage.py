"""Tables a SQL script reads and writes, for proposing dependencies between nodes.

Parsing is sqlglot's (one statement at a time, trying dialects in turn); scheduling parameters
(`${bizdate}`, `$[yyyymmdd-1]`, `${system.biz.date}`) are swapped for placeholders of the same
length first, so they never break the parser and line numbers stay right.

Rules:
- names are lower-cased and kept as qualified as written (`schema.table`);
- a CTE name is never a table; table-valued functions are not tables;
- a table the script creates (CREATE TABLE, CTAS, SELECT INTO) and reads afterwards is an
  intermediate: not a read. If the script also drops it, it is not a write either; a
  TEMPORARY table is never a write;
- a table read before the script writes it (INSERT INTO t SELECT ... FROM t) is both;
- DROP, TRUNCATE, DELETE, UPDATE, MERGE and ALTER ... RENAME (both names) are writes.
"""

import re
import time
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

# CPU bounds: parsing is linear at best and some shapes are far worse (deep nesting, long
# scripts no dialect parses), so reading tables stops at a size and a time budget.
MAX_SQL_CHARS = 200_000
TIME_BUDGET_SECONDS = 2.0


class SqlTooComplex(ValueError):
    """SQL too large or too slow to read; the message says which and what to do."""


def check_size(sql: str, limit: int = MAX_SQL_CHARS, what: str = "read its tables") -> None:
    if len(sql) > limit:
        raise SqlTooComplex(
            f"the SQL is {len(sql):,} characters long; over {limit:,} is too large to {what}"
        )


def check_dialect(dialect: str | None) -> str | None:
    """A dialect name sqlglot knows (or one of its aliases), or None for "try them all"."""
    if dialect is None:
        return None
    name = dialect.strip().lower()
    if name in _ALIASES:
        return name
    from sqlglot.dialects.dialect import Dialect

    if name not in Dialect.classes:
        known = ", ".join(sorted(set(Dialect.classes) - {""} | set(_ALIASES) - {""}))
        raise ValueError(f"unknown SQL dialect {dialect!r}; use one of {known}")
    return name


_PARAM = re.compile(r"\$\{[^}\n]*\}|\$\[[^\]\n]*\]")
_DIALECT_ORDER = (None, "hive", "mysql", "postgres", "tsql", "spark", "duckdb")
_ALIASES = {"odps": "hive", "maxcompute": "hive", "ansi": None, "": None, "sparksql": "spark"}


@dataclass
class Lineage:
    reads: dict[str, int] = field(default_factory=dict)  # table -> first line it is read on
    writes: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def extract(sql: str, dialect: str | None = None) -> tuple[set[str], set[str]]:
    found = extract_with_lines(sql, dialect)
    return set(found.reads), set(found.writes)


def extract_with_lines(sql: str, dialect: str | None = None) -> Lineage:
    """Tables read and written; SqlTooComplex past MAX_SQL_CHARS or TIME_BUDGET_SECONDS."""
    check_size(sql)
    dialect = check_dialect(dialect)
    started = time.monotonic()
    masked, params = _mask_parameters(sql)
    result = Lineage()
    created: dict[str, bool] = {}  # created in the script -> temporary?
    dropped: set[str] = set()
    for text, offset in _statements(masked):
        if time.monotonic() - started > TIME_BUDGET_SECONDS:
            raise SqlTooComplex(
                f"reading the tables took over {TIME_BUDGET_SECONDS:g} s; "
                "split the script into smaller nodes"
            )
        line_base = masked.count("\n", 0, offset)
        statement = _parse(text, dialect)
        if statement is None:
            result.errors.append(f"line {line_base + 1}: could not parse {text.strip()[:60]!r}")
            _fallback(text, line_base, params, result, created)
            continue
        reads, writes, creates, temporary, drops = _tables_of(statement)
        for name, line in reads:
            name = _unmask(name, params)
            if name in created:
                continue  # an intermediate made earlier in this script
            result.reads.setdefault(name, line_base + line)
        for name, line in writes:
            result.writes.setdefault(_unmask(name, params), line_base + line)
        for name in creates:
            created[_unmask(name, params)] = temporary
        for name in drops:
            dropped.add(_unmask(name, params))
    for name, temporary in created.items():
        if temporary or (name in dropped and name not in result.reads):
            result.writes.pop(name, None)
    return result


# --- parameters -----------------------------------------------------------------------


def _mask_parameters(sql: str) -> tuple[str, dict[str, str]]:
    """Swap each parameter for an identifier-safe placeholder of the same length."""
    params: dict[str, str] = {}

    def swap(match: re.Match) -> str:
        text = match.group(0)
        key = f"wbp{len(params)}"
        placeholder = (key + "x" * len(text))[: len(text)] if len(text) >= len(key) else key
        params[placeholder.lower()] = text
        return placeholder

    return _PARAM.sub(swap, sql), params


def _unmask(name: str, params: dict[str, str]) -> str:
    for placeholder, original in params.items():
        if placeholder in name:
            name = name.replace(placeholder, original)
    return name


# --- statements -----------------------------------------------------------------------


def _statements(sql: str):
    """(statement text, offset) pairs, split on semicolons outside quotes and comments."""
    import sqlparse

    offset = 0
    for raw in sqlparse.split(sql, strip_semicolon=False):
        start = sql.find(raw, offset)
        start = offset if start < 0 else start
        offset = start + len(raw)
        if raw.strip().strip(";").strip():
            yield raw, start


def _parse(text: str, dialect: str | None):
    dialects = [_ALIASES.get(dialect, dialect)] if dialect is not None else list(_DIALECT_ORDER)
    if dialect is not None:
        dialects += [d for d in _DIALECT_ORDER if d not in dialects]
    for candidate in dialects:
        try:
            parsed = [
                e
                for e in sqlglot.parse(text, read=candidate)
                if e is not None and not isinstance(e, exp.Semicolon)
            ]
        except (ParseError, TokenError, ValueError, RecursionError):
            continue  # RecursionError: nested too deeply for the parser; the scan below reads it
        if len(parsed) == 1 and not isinstance(parsed[0], exp.Command):
            return parsed[0]
        if parsed and isinstance(parsed[0], exp.Command) and candidate == dialects[-1]:
            return None
    return None


def _name(table: exp.Table) -> str:
    parts = [
        p.name
        for p in (table.args.get("catalog"), table.args.get("db"), table.this)
        if p is not None
    ]
    return ".".join(parts).lower()


def _line(node: exp.Expression) -> int:
    target = (
        node.this if isinstance(node, exp.Table) and isinstance(node.this, exp.Expression) else node
    )
    return (target.meta or {}).get("line", 1) if hasattr(target, "meta") else 1


def _target(node) -> exp.Table | None:
    while isinstance(node, exp.Schema):
        node = node.this
    return node if isinstance(node, exp.Table) else None


def _tables_of(statement: exp.Expression):
    """(reads, writes, created names, temporary?, dropped names) of one statement."""
    writes: list[tuple[str, int]] = []
    if isinstance(statement, exp.Use | exp.Set | exp.Transaction | exp.Commit):
        return [], writes, [], False, []
    targets: set[int] = set()
    creates: list[str] = []
    drops: list[str] = []
    temporary = False

    def write(node) -> None:
        table = _target(node)
        if table is not None and table.name:
            writes.append((_name(table), _line(table)))
            targets.add(id(table))

    if isinstance(statement, exp.Insert | exp.Merge | exp.Update | exp.Delete | exp.TruncateTable):
        if isinstance(statement, exp.TruncateTable):
            for table in statement.expressions:
                write(table)
        elif isinstance(statement, exp.Delete) and statement.args.get("tables"):
            # MySQL's DELETE t FROM t JOIN s: the listed tables are the targets.
            for table in statement.args["tables"]:
                write(table)
            source = statement.this
            if isinstance(source, exp.Table) and _name(source) in {name for name, _ in writes}:
                targets.add(id(source))
        else:
            write(statement.this)
    elif isinstance(statement, exp.Create):
        kind = (statement.args.get("kind") or "").upper()
        if kind in ("TABLE", "VIEW"):
            write(statement.this)
            if writes:
                creates.append(writes[-1][0])
            props = statement.args.get("properties")
            temporary = bool(props and props.find(exp.TemporaryProperty))
    elif isinstance(statement, exp.Drop):
        if (statement.args.get("kind") or "").upper() in ("TABLE", "VIEW"):
            for table in statement.args.get("tables") or [statement.this]:
                write(table)
            drops.extend(name for name, _ in writes)
    elif isinstance(statement, exp.Alter):
        write(statement.this)
        for action in statement.args.get("actions") or []:
            if isinstance(action, exp.AlterRename):
                write(action.this)
    elif isinstance(statement, exp.Copy) and statement.args.get("kind"):
        write(statement.this)  # COPY t FROM ...: loads into t
    if isinstance(statement, exp.Select) and statement.args.get("into"):
        into = statement.args["into"]
        write(into.this)
        if writes:
            creates.append(writes[-1][0])
            temporary = bool(into.args.get("temporary"))

    cte_names = {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}
    reads = []
    for table in statement.find_all(exp.Table):
        if id(table) in targets or not table.name or isinstance(table.this, exp.Func):
            continue
        name = _name(table)
        if not table.args.get("db") and name in cte_names and not _inside_own_cte(table, name):
            continue
        if isinstance(table.parent, exp.Drop | exp.AlterRename):
            continue
        reads.append((name, _line(table)))
    return reads, writes, creates, temporary, drops


def _inside_own_cte(table: exp.Table, name: str) -> bool:
    """`WITH t AS (SELECT * FROM t)`: inside a non-recursive CTE, its own name is the real table."""
    node = table.parent
    while node is not None:
        if isinstance(node, exp.CTE) and node.alias_or_name.lower() == name:
            with_ = node.parent
            return not (isinstance(with_, exp.With) and with_.args.get("recursive"))
        node = node.parent
    return False


_FALLBACK_READ = re.compile(r"\b(?:from|join)\s+([A-Za-z_][\w$.]*)", re.IGNORECASE)
_FALLBACK_WRITE = re.compile(
    r"\b(?:(?:insert|replace)\s+(?:overwrite|into)(?:\s+table)?|create\s+(?:or\s+replace\s+)?(?:table|view)"
    r"(?:\s+if\s+not\s+exists)?|update|merge\s+into|truncate(?:\s+table)?)\s+([A-Za-z_][\w$.]*)",
    re.IGNORECASE,
)


def _fallback(text: str, line_base: int, params, result: Lineage, created) -> None:
    """A conservative scan of a statement no dialect could parse."""
    for pattern, bucket in ((_FALLBACK_WRITE, result.writes), (_FALLBACK_READ, result.reads)):
        for match in pattern.finditer(text):
            name = _unmask(match.group(1).lower(), params)
            if bucket is result.reads and (name in created or name in result.writes):
                continue
            bucket.setdefault(name, line_base + text.count("\n", 0, match.start()) + 1)
