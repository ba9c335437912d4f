"""Statements sqlglot leaves opaque, and Vertica's partition functions, that move data or names."""

import re

from sqlglot import exp

from projects.lineage import statements
from projects.lineage.parsing import (
    line_of,
    parse,
    split_unterminated,
    table_name,
    text_of,
    to_table,
)
from projects.lineage.tables import Effect

# Vertica moves partitions with functions: (source, min, max, target) or COPY_TABLE(source, target)
_PARTITION_FUNCTIONS = {
    "swap_partitions_between_tables": (0, 3),
    "move_partitions_to_table": (0, 3),
    "copy_partitions_to_table": (0, 3),
    "copy_table": (0, 1),
}


def partition_function(query: exp.Query, dialect) -> Effect | None:
    for func in query.find_all(exp.Anonymous):
        positions = _PARTITION_FUNCTIONS.get(func.name.lower())
        args = func.expressions
        if positions is None or len(args) <= max(positions):
            continue
        source, target = (args[i] for i in positions)
        if not (isinstance(source, exp.Literal) and isinstance(target, exp.Literal)):
            continue
        source_t, target_t = to_table(source.name, dialect), to_table(target.name, dialect)
        if source_t is not None and target_t is not None:
            line = line_of(func)
            return Effect(
                reads=[(table_name(source_t), line)], writes=[(table_name(target_t), line)]
            )
    return None


_NAME = r"([\w$#@.`\"\[\]]+)"
_EXCHANGE = re.compile(
    rf"^\s*table\s+{_NAME}\s+exchange\s+partition\b.*?\bwith\s+table\s+{_NAME}", re.I | re.S
)
_RENAME = re.compile(rf"{_NAME}\s+to\s+{_NAME}", re.I)
_TEMP_AS = re.compile(
    rf"^\s*(?:global\s+|local\s+)?temp(?:orary)?\s+table\s+{_NAME}.*?\bas\s+(\(?\s*(?:select|with)\b.*)$",
    re.I | re.S,
)


def _only(parsed: list[exp.Expression], dialect) -> Effect:
    found = statements.effects(parsed[0], dialect, "") if len(parsed) == 1 else []
    return found[0] if len(found) == 1 else Effect()


def _only_query(parsed: list[exp.Expression]) -> exp.Query | None:
    if len(parsed) == 1 and isinstance(parsed[0], exp.Query):
        return parsed[0]
    return None


# Opaque commands with these verbs may move data: when not understood, the script scans them.
DATA_VERBS = {"CREATE", "INSERT", "REPLACE", "MERGE", "UPDATE", "WITH", "SELECT", "FROM"}


# Objects whose creation moves no data, in forms sqlglot leaves opaque.
_NO_DATA_CREATE = re.compile(
    r"^\s*(?:or\s+replace\s+)?(?:projection|(?:unique\s+)?index|sequence|schema|database|user|role"
    r"|stream|stage|file\s+format|warehouse|function|type|extension)\b",
    re.I,
)


def understood(statement: exp.Expression, found: list[Effect]) -> bool:
    """False for an opaque command that may move data but gave nothing here, or that swallowed
    the statements after it (T-SQL without semicolons)."""
    if not isinstance(statement, exp.Command):
        return True
    if len(split_unterminated(text_of(statement.expression))) > 1:
        return False
    if statement.name.upper() not in DATA_VERBS:
        return True
    if statement.name.upper() == "CREATE" and _NO_DATA_CREATE.match(text_of(statement.expression)):
        return True
    return any(e.reads or e.writes or e.renames or e.swaps for e in found)


def command(statement: exp.Command, dialect) -> Effect:
    """The few opaque commands that move data or change names."""
    verb = statement.name.upper()
    rest = text_of(statement.expression)

    def names(*written: str) -> list[str]:
        return [table_name(t) for t in (to_table(n, dialect) for n in written) if t is not None]

    if verb == "ALTER" and (match := _EXCHANGE.match(rest)):
        # EXCHANGE PARTITION ... WITH TABLE s: s's rows become the partition of t
        target, source = names(*match.groups())
        return Effect(reads=[(source, 1)], writes=[(target, 1)])
    if verb == "RENAME" and rest.lower().startswith("table"):
        pairs = [names(*m.groups()) for m in _RENAME.finditer(rest[len("table") :])]
        return Effect(renames=[(old, new) for old, new in pairs])
    if verb == "REPLACE" and rest.lstrip().lower().startswith(("into", "table")):
        # MySQL's REPLACE INTO is an INSERT; Delta's REPLACE TABLE a CREATE OR REPLACE
        spelled = "insert " if rest.lstrip().lower().startswith("into") else "create or replace "
        return _only(parse(spelled + rest, dialect), dialect)
    if verb == "CREATE" and (match := _TEMP_AS.match(rest)):
        # Vertica's CREATE LOCAL TEMPORARY TABLE ... ON COMMIT PRESERVE ROWS AS SELECT
        query = _only_query(parse(match.group(2), dialect))
        if query is not None:
            effect = statements.query(query, dialect)
            (name,) = names(match.group(1))
            effect.writes.append((name, 1))
            effect.temporary.add(name)
            return effect
    return Effect()
