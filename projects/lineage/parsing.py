"""From script text to sqlglot statements: parameters masked, split, parsed, names read."""

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from projects.lineage.bounds import ALIASES

_PARAM = re.compile(r"\$\{[^}\n]*\}|\$\[[^\]\n]*\]")
_DIALECT_ORDER = (None, "hive", "mysql", "postgres", "tsql", "spark", "duckdb")
# T-SQL's hint on an INSERT target, which sqlglot reads as the start of a CTE.
_INSERT_HINT = re.compile(r"(\binsert\s+(?:into\s+)?[^\s(]+)(\s+with\s*\([\w\s,]*\))", re.I)


def mask_parameters(sql: str) -> tuple[str, dict[str, str]]:
    """Swap each scheduling parameter for an identifier-safe placeholder of the same length,
    so it never breaks the parser and line numbers stay right."""
    params: dict[str, str] = {}

    def swap(match: re.Match) -> str:
        text = match.group(0)
        key = f"wbp{len(params)}"
        placeholder = (key + "x" * len(text))[: len(text)] if len(text) >= len(key) else key
        params[placeholder.lower()] = text
        return placeholder

    return _PARAM.sub(swap, sql), params


def unmask(name: str, params: dict[str, str]) -> str:
    for placeholder, original in params.items():
        if placeholder in name:
            name = name.replace(placeholder, original)
    return name


def split(sql: str):
    """(statement text, offset) pairs, split on semicolons outside quotes, comments and
    procedure bodies."""
    import sqlparse

    offset = 0
    for raw in sqlparse.split(sql, strip_semicolon=False):
        start = sql.find(raw, offset)
        start = offset if start < 0 else start
        offset = start + len(raw)
        if raw.strip().strip(";").strip():
            yield raw, start


# T-SQL needs no semicolon between statements: a line that starts with one of these keywords
# may start a new statement (SELECT and WITH not: they so often continue an INSERT).
_STATEMENT_START = re.compile(
    r"^[ \t]*(?=(?:insert|update|delete|merge|create|drop|truncate|exec|execute|declare|alter)\b)",
    re.I | re.M,
)


def split_unterminated(text: str) -> list[tuple[str, int]]:
    """(piece, offset) pairs of a text cut before each line that may start a statement."""
    starts = sorted({0, *(m.start() for m in _STATEMENT_START.finditer(text))})
    ends = [*starts[1:], len(text)]
    return [(text[a:b], a) for a, b in zip(starts, ends, strict=True) if text[a:b].strip()]


def sqlglot_dialect(dialect: str | None) -> str | None:
    return ALIASES.get(dialect, dialect)


def parse(text: str, dialect: str | None) -> list[exp.Expression]:
    """The statements of one piece of text (T-SQL needs no semicolons between them), in the
    given dialect first and then the others; empty if none parses it as more than opaque
    commands."""
    if dialect is not None:
        first = sqlglot_dialect(dialect)
        candidates = [first] + [d for d in _DIALECT_ORDER if d != first]
    else:
        candidates = list(_DIALECT_ORDER)
    if dialect in (None, "tsql"):
        text = _INSERT_HINT.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    command: list[exp.Expression] = []
    for candidate in candidates:
        try:
            parsed = [
                e
                for e in sqlglot.parse(text, read=candidate)
                if e is not None and not isinstance(e, exp.Semicolon | exp.EndStatement)
            ]
        except (ParseError, TokenError, ValueError, RecursionError):
            continue  # RecursionError: nested too deeply for the parser; the scan reads it
        if parsed and not any(isinstance(e, exp.Command) for e in parsed):
            return parsed
        if len(parsed) == 1 and not command:
            command = parsed  # kept: statements.py reads a few commands sqlglot leaves opaque
    return command


def table_name(table: exp.Table) -> str:
    """Lower-cased and as qualified as written; a T-SQL #temp or @variable keeps its mark."""
    parts = []
    for part in table.parts:  # catalog, db and name, and a T-SQL linked server's fourth part
        if isinstance(part, exp.Parameter):
            parts.append("@" + part.name)
        elif isinstance(part, exp.Identifier) and part.args.get("temporary"):
            parts.append("#" + part.name)
        else:
            parts.append(part.name)
    return ".".join(parts).lower()


def line_of(node: exp.Expression) -> int:
    target = (
        node.this if isinstance(node, exp.Table) and isinstance(node.this, exp.Expression) else node
    )
    return (target.meta or {}).get("line", 1) if hasattr(target, "meta") else 1


def to_table(name: str, dialect: str | None) -> exp.Table | None:
    """A name written in a string or an opaque command, read as a table name."""
    try:
        return exp.to_table(name.strip().strip("'\""), dialect=sqlglot_dialect(dialect))
    except (ParseError, TokenError, ValueError):
        return None


def text_of(node) -> str:
    """The text sqlglot keeps of an opaque part (a string or a literal)."""
    return node.name if isinstance(node, exp.Expression) else str(node or "")
