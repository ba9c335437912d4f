"""What one parsed statement does to tables: reads, writes, drops, renames, swaps.

A statement that moves no data between tables (DDL other than CREATE, maintenance, session
commands) gives an empty Effect; a procedure gives one Effect per statement of its body.
"""

import re
from dataclasses import dataclass, field

from sqlglot import exp

from projects.lineage.parsing import line_of, parse, split, table_name, to_table

Ref = tuple[str, int]  # table, line in the statement


@dataclass
class Effect:
    reads: list[Ref] = field(default_factory=list)
    writes: list[Ref] = field(default_factory=list)
    temporary: set[str] = field(default_factory=set)  # written tables that end with the session
    drops: list[str] = field(default_factory=list)
    renames: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    swaps: list[tuple[str, str]] = field(default_factory=list)


def effects(
    statement: exp.Expression, dialect: str | None, text: str, in_body: bool = False
) -> list[Effect]:
    """The Effects of one statement; `text` is its source, for bodies sqlglot keeps as text.
    `in_body`: inside a procedural body kept as text, where SELECT ... INTO fills variables."""
    if isinstance(statement, exp.Command):
        return [_command(statement, dialect)]
    if (
        isinstance(statement, exp.Create)
        and (statement.args.get("kind") or "").upper() == "PROCEDURE"
    ):
        return _procedure(statement, dialect, text)
    handler = _HANDLERS.get(type(statement))
    if handler is not None:
        return [handler(statement, dialect)]
    if isinstance(statement, exp.Query):
        return [_query(statement, dialect, into_table=not in_body and dialect != "oracle")]
    return [Effect()]  # DESCRIBE, SHOW, ANALYZE, GRANT, SET, USE, CACHE TABLE t, ...


# --- reading the tables of a statement --------------------------------------------------

_NOT_TABLES = {"dual", "sys.dual"}  # Oracle's and MySQL's one-row dummy


def _reads(statement: exp.Expression, skip: set[int]) -> list[Ref]:
    """Every table the statement reads but the nodes in `skip` (its targets)."""
    ctes = {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}
    reads = []
    for table in statement.find_all(exp.Table):
        if id(table) in skip or not table.name or isinstance(table.this, exp.Func | exp.Var):
            continue
        name = table_name(table)
        if name in _NOT_TABLES:
            continue
        if not table.args.get("db") and name in ctes and not _inside_own_cte(table, name):
            continue
        reads.append((name, line_of(table)))
    return reads


def _inside_own_cte(table: exp.Table, name: str) -> bool:
    """`WITH t AS (SELECT * FROM t)`: inside a non-recursive CTE, its own name is the real table."""
    node = table.parent
    while node is not None:
        if isinstance(node, exp.CTE) and node.alias_or_name.lower() == name:
            with_ = node.parent
            return not (isinstance(with_, exp.With) and with_.args.get("recursive"))
        node = node.parent
    return False


def _table(node) -> exp.Table | None:
    while isinstance(node, exp.Schema):
        node = node.this
    if isinstance(node, exp.Table) and node.name and not isinstance(node.this, exp.Func | exp.Var):
        return node
    return None


def _is_temporary(name: str) -> bool:
    return name.startswith(("#", "@"))  # T-SQL temp tables and table variables


def _writing(statement, targets: list[exp.Table], temporary: bool = False) -> Effect:
    """Writes to `targets`, reads of every other table in the statement."""
    effect = Effect(reads=_reads(statement, {id(t) for t in targets}))
    for target in targets:
        name = table_name(target)
        effect.writes.append((name, line_of(target)))
        if temporary or _is_temporary(name):
            effect.temporary.add(name)
    return effect


# --- statement kinds --------------------------------------------------------------------


def _query(query: exp.Query, dialect: str | None, into_table: bool = True) -> Effect:
    # SELECT ... INTO makes a table (T-SQL, PostgreSQL), even on a branch of a set operation;
    # in PL/SQL and PL/pgSQL it fills variables.
    into = query.find(exp.Into)
    if into is not None and (target := _table(into.this)) is not None:
        if into_table:
            return _writing(query, [target], temporary=bool(into.args.get("temporary")))
        return Effect(reads=_reads(query, {id(t) for t in into.find_all(exp.Table)}))
    swap = _vertica_partition_function(query, dialect)
    return swap if swap is not None else Effect(reads=_reads(query, set()))


def _dml_targets(statement) -> list[exp.Table]:
    """The tables written by the statement and by data-modifying CTEs inside it."""
    targets = []
    for node in statement.find_all(exp.Insert, exp.Merge, exp.Update):
        if (target := _table(node.this)) is not None:
            targets.append(target)
    return targets


def _insert(statement: exp.Insert, dialect) -> Effect:
    return _writing(statement, _dml_targets(statement))


def _multi_insert(statement: exp.MultitableInserts, dialect) -> Effect:
    # Hive's FROM t INSERT ... INSERT ..., Oracle's and Snowflake's INSERT ALL
    return _writing(statement, _dml_targets(statement))


def _update(statement: exp.Update, dialect) -> Effect:
    """UPDATE's target may be an alias (or the name) of a table in its FROM or joins."""
    target = _table(statement.this)
    if target is None:
        return Effect(reads=_reads(statement, set()))
    written = target.name.lower() if not target.args.get("db") else None
    targets = [target]
    for table in statement.find_all(exp.Table):
        if table is target or written is None:
            continue
        if table.alias.lower() == written or (not table.alias and table_name(table) == written):
            targets = [table]
            break
    skip = {id(target), id(targets[0])}
    effect = Effect(reads=_reads(statement, skip))
    effect.writes.append((table_name(targets[0]), line_of(targets[0])))
    return effect


def _merge(statement: exp.Merge, dialect) -> Effect:
    return _writing(statement, _dml_targets(statement))


def _delete(statement: exp.Delete, dialect) -> Effect:
    """DELETE moves no data; the tables of its condition are still read."""
    targets = [t for t in [statement.this, *(statement.args.get("tables") or [])] if _table(t)]
    names = {table_name(t) for t in targets}
    skip = {id(t) for t in targets}
    skip |= {
        id(t)
        for t in statement.find_all(exp.Table)
        if table_name(t) in names or (t.alias and t.alias.lower() in names)
    }
    return Effect(reads=_reads(statement, skip))


_MAKES_DATA = {"TABLE", "VIEW"}


def _create(statement: exp.Create, dialect) -> Effect:
    kind = (statement.args.get("kind") or "").upper()
    target = _table(statement.this)
    if kind not in _MAKES_DATA or target is None:
        return Effect()  # functions, indexes, schemas, sequences...
    props = statement.args.get("properties")
    temporary = bool(props and props.find(exp.TemporaryProperty))
    return _writing(statement, [target], temporary=temporary)


def _drop(statement: exp.Drop, dialect) -> Effect:
    if (statement.args.get("kind") or "").upper() not in _MAKES_DATA:
        return Effect()
    tables = statement.args.get("tables") or [statement.this]
    return Effect(drops=[table_name(t) for t in tables if _table(t) is not None])


def _alter(statement: exp.Alter, dialect) -> Effect:
    """ALTER moves no data, but a rename or swap changes which name holds it."""
    effect = Effect()
    source = _table(statement.this)
    for action in statement.args.get("actions") or []:
        other = _table(action.this) if isinstance(action.this, exp.Expression) else None
        if source is None or other is None:
            continue
        if isinstance(action, exp.AlterRename):
            effect.renames.append((table_name(source), table_name(other)))
        elif isinstance(action, exp.SwapTable):
            effect.swaps.append((table_name(source), table_name(other)))
    return effect


def _copy(statement: exp.Copy, dialect) -> Effect:
    """COPY t FROM a file loads t; COPY t / (query) TO a file reads it; stages are no tables."""
    target = _table(statement.this)
    if statement.args.get("kind") and target is not None:
        return _writing(statement, [target])
    return Effect(reads=_reads(statement, set()))


def _load(statement: exp.LoadData, dialect) -> Effect:
    target = _table(statement.this)
    return _writing(statement, [target] if target is not None else [])


def _describe(statement: exp.Describe, dialect) -> Effect:
    """DESCRIBE t moves no data; EXPLAIN (a DESCRIBE of a query) reads what the query reads."""
    if isinstance(statement.this, exp.Query):
        return Effect(reads=_reads(statement.this, set()))
    return Effect()


def _cache(statement: exp.Cache, dialect) -> Effect:
    """CACHE TABLE t moves no data; CACHE TABLE t AS SELECT makes a temporary view."""
    target = _table(statement.this)
    if statement.args.get("expression") is None or target is None:
        return Effect()
    return _writing(statement, [target], temporary=True)


_HANDLERS = {
    exp.Insert: _insert,
    exp.MultitableInserts: _multi_insert,
    exp.Update: _update,
    exp.Merge: _merge,
    exp.Delete: _delete,
    exp.Create: _create,
    exp.Drop: _drop,
    exp.Alter: _alter,
    exp.Copy: _copy,
    exp.LoadData: _load,
    exp.Cache: _cache,
    exp.Describe: _describe,
}


# --- what sqlglot leaves as text --------------------------------------------------------

# Vertica moves partitions with functions: (source, min, max, target) or COPY_TABLE(source, target)
_PARTITION_FUNCTIONS = {
    "swap_partitions_between_tables": (0, 3),
    "move_partitions_to_table": (0, 3),
    "copy_partitions_to_table": (0, 3),
    "copy_table": (0, 1),
}


def _vertica_partition_function(query: exp.Query, dialect) -> Effect | None:
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


def _text(node) -> str:
    return node.name if isinstance(node, exp.Expression) else str(node or "")


_NAME = r"([\w$#@.`\"\[\]]+)"
_EXCHANGE = re.compile(
    rf"^\s*table\s+{_NAME}\s+exchange\s+partition\b.*?\bwith\s+table\s+{_NAME}", re.I | re.S
)
_RENAME = re.compile(rf"{_NAME}\s+to\s+{_NAME}", re.I)
_TEMP_AS = re.compile(
    rf"^\s*(?:global\s+|local\s+)?temp(?:orary)?\s+table\s+{_NAME}.*?\bas\s+(\(?\s*(?:select|with)\b.*)$",
    re.I | re.S,
)


def _only(statements: list[exp.Expression], dialect) -> Effect:
    found = effects(statements[0], dialect, "") if len(statements) == 1 else []
    return found[0] if len(found) == 1 else Effect()


def _only_query(statements: list[exp.Expression]) -> exp.Query | None:
    if len(statements) == 1 and isinstance(statements[0], exp.Query):
        return statements[0]
    return None


# Opaque commands with these verbs may move data: when not understood, the script scans them.
DATA_VERBS = {"CREATE", "INSERT", "REPLACE", "MERGE", "UPDATE", "WITH", "SELECT", "FROM"}


def understood(statement: exp.Expression, found: list[Effect]) -> bool:
    """False for an opaque command that may move data but gave nothing here."""
    if not isinstance(statement, exp.Command) or statement.name.upper() not in DATA_VERBS:
        return True
    return any(e.reads or e.writes or e.renames or e.swaps for e in found)


def _command(command: exp.Command, dialect) -> Effect:
    """The few opaque commands that move data or change names."""
    verb = command.name.upper()
    rest = _text(command.expression)
    names = lambda *found: [table_name(t) for t in (to_table(n, dialect) for n in found) if t]  # noqa: E731
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
            effect = _query(query, dialect)
            (name,) = names(match.group(1))
            effect.writes.append((name, 1))
            effect.temporary.add(name)
            return effect
    return Effect()


# --- procedures -------------------------------------------------------------------------

_BLOCK = re.compile(r"^\s*(?:declare\b.*?)?\bbegin\b(.*?)(?:\bend\b\s*;?\s*)?$", re.I | re.S)


def _procedure(statement: exp.Create, dialect, text: str) -> list[Effect]:
    """The body's statements count, in order; the procedure's name is no table."""
    body = statement.args.get("expression")
    if isinstance(body, exp.Block):
        found = []
        for inner in body.expressions:
            if isinstance(inner, exp.RawString | exp.Heredoc | exp.Literal):
                found += _body_text(inner.name, dialect, text)
            elif isinstance(inner, exp.Expression) and not isinstance(inner, exp.Alias):
                found += effects(inner, dialect, inner.sql())
        return found
    if isinstance(body, exp.Heredoc | exp.RawString | exp.Literal):
        return _body_text(body.name, dialect, text)
    if isinstance(body, exp.Command):  # BigQuery's BEGIN ... END
        return _body_text(_text(body.expression), dialect, text)
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
            for effect in effects(statement, dialect, part, in_body=True):
                effect.reads = [(name, line + shift) for name, line in effect.reads]
                effect.writes = [(name, line + shift) for name, line in effect.writes]
                found.append(effect)
    return found
