"""Stored procedures: the statements of the body count, in order; the name is no table."""

import re

from sqlglot import exp

from projects.lineage import statements
from projects.lineage.parsing import parse, split, text_of
from projects.lineage.tables import Effect, reads_of

_BLOCK = re.compile(r"^\s*(?:declare\b.*?)?\bbegin\b(.*?)(?:\bend\b\s*;?\s*)?$", re.I | re.S)


# An anonymous block: BEGIN ... END (not a transaction's BEGIN), DO $$ ... $$ (PostgreSQL),
# EXECUTE IMMEDIATE $$ ... $$ (Snowflake).
_ANONYMOUS = re.compile(
    r"^\s*(?:declare\b.*?)?begin\b(?!\s*(?:;|$|transaction\b|tran\b|work\b|try\b|catch\b))",
    re.I | re.S,
)
_QUOTED_BLOCK = re.compile(
    r"^\s*(?:do|execute\s+immediate)\s+\$(\w*)\$(.*)\$\1\$\s*;?\s*$", re.I | re.S
)


def of_block(text: str, dialect) -> list[Effect] | None:
    """The statements of an anonymous block, or None if `text` is no block."""
    if match := _QUOTED_BLOCK.match(text):
        return _body_text(match.group(2), dialect, text)
    if _ANONYMOUS.match(text):
        return _body_text(text, dialect, text)
    return None


def of_procedure(statement: exp.Create, dialect, text: str) -> list[Effect]:
    """The body's statements count, in order; the procedure's name is no table."""
    code = statement.args.get("expression")
    if isinstance(code, exp.Block):
        found = []
        for inner in code.expressions:
            if isinstance(inner, exp.RawString | exp.Heredoc | exp.Literal):
                found += _body_text(inner.name, dialect, text)
            elif isinstance(inner, exp.Expression) and not isinstance(inner, exp.Alias):
                found += statements.effects(inner, dialect, inner.sql())
        return found
    if isinstance(code, exp.Heredoc | exp.RawString | exp.Literal):
        return _body_text(code.name, dialect, text)
    if isinstance(code, exp.Command):  # BigQuery's BEGIN ... END
        return _body_text(text_of(code.expression), dialect, text)
    return []


def _body_text(body: str, dialect, text: str) -> list[Effect]:
    """Statements of a body sqlglot keeps as text; lines count from the procedure's start."""
    at = text.find(body)
    base = text.count("\n", 0, at) if at >= 0 else 0
    if match := _BLOCK.match(body):
        base += body.count("\n", 0, match.start(1))
        body = match.group(1)
    found = []
    for part, offset in split(body):
        shift = base + body.count("\n", 0, offset)
        for statement in parse(part, dialect):
            for effect in statements.effects(statement, dialect, part, in_body=True):
                effect.reads = [(name, line + shift) for name, line in effect.reads]
                effect.writes = [(name, line + shift) for name, line in effect.writes]
                found.append(effect)
    return found


def of_if(statement: exp.IfBlock, dialect) -> list[Effect]:
    """T-SQL's IF: the condition's tables are read, both branches' statements count."""
    found = [Effect(reads=reads_of(statement.this, set()))]
    for branch in (statement.args.get("true"), statement.args.get("false")):
        inner = branch.expressions if isinstance(branch, exp.Block) else [branch]
        for node in inner:
            if isinstance(node, exp.Expression):
                found += statements.effects(node, dialect, node.sql())
    return found
