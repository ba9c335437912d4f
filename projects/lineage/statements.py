"""What each kind of statement does to tables: reads, writes, drops, renames, swaps.

A statement that moves no data between tables (DDL other than CREATE, maintenance, session
commands) has an empty Effect; a procedure has one Effect per statement of its body.
"""

from sqlglot import exp

from projects.lineage import opaque, procedures
from projects.lineage.parsing import line_of, table_name
from projects.lineage.tables import Effect, reads_of, table_of, writing


def effects(
    statement: exp.Expression, dialect: str | None, text: str, in_body: bool = False
) -> list[Effect]:
    """The Effects of one statement; `text` is its source, for bodies sqlglot keeps as text.
    `in_body`: inside a procedural body kept as text, where SELECT ... INTO fills variables."""
    if isinstance(statement, exp.Command):
        return [opaque.command(statement, dialect)]
    if (
        isinstance(statement, exp.Create)
        and (statement.args.get("kind") or "").upper() == "PROCEDURE"
    ):
        return procedures.of_procedure(statement, dialect, text)
    if isinstance(statement, exp.IfBlock):
        return procedures.of_if(statement, dialect)
    handler = _HANDLERS.get(type(statement))
    if handler is not None:
        return [handler(statement, dialect)]
    if isinstance(statement, exp.Query):
        into_table = dialect == "tsql" or (not in_body and dialect != "oracle")
        return [query(statement, dialect, into_table=into_table)]
    return [Effect()]  # DESCRIBE, SHOW, ANALYZE, GRANT, SET, USE, CACHE TABLE t, ...


# --- statement kinds --------------------------------------------------------------------


def query(statement: exp.Query, dialect: str | None, into_table: bool = True) -> Effect:
    # SELECT ... INTO makes a table (T-SQL, PostgreSQL), even on a branch of a set operation;
    # in PL/SQL and PL/pgSQL it fills variables.
    into = statement.find(exp.Into)
    if into is not None and (target := table_of(into.this)) is not None:
        if into_table:
            return writing(statement, [target], temporary=bool(into.args.get("temporary")))
        return Effect(reads=reads_of(statement, {id(t) for t in into.find_all(exp.Table)}))
    swap = opaque.partition_function(statement, dialect)
    return swap if swap is not None else Effect(reads=reads_of(statement, set()))


def _dml_targets(statement) -> list[exp.Table]:
    """The tables written by the statement and by data-modifying CTEs inside it."""
    targets = []
    for node in statement.find_all(exp.Insert, exp.Merge, exp.Update):
        if (target := table_of(node.this)) is not None:
            targets.append(target)
    return targets


def _insert(statement: exp.Insert, dialect) -> Effect:
    return writing(statement, _dml_targets(statement))


def _multi_insert(statement: exp.MultitableInserts, dialect) -> Effect:
    # Hive's FROM t INSERT ... INSERT ..., Oracle's and Snowflake's INSERT ALL
    return writing(statement, _dml_targets(statement))


def _own_tables(statement) -> list[exp.Table]:
    """The tables of the statement's own FROM and joins, not of its subqueries."""
    return [t for t in statement.find_all(exp.Table) if t.find_ancestor(exp.Query) is None]


def _names_the(table: exp.Table, written: str) -> bool:
    """Whether `written` (an UPDATE's or DELETE's target) names this table or its alias."""
    return table.alias.lower() == written or (not table.alias and table_name(table) == written)


def _update(statement: exp.Update, dialect) -> Effect:
    """UPDATE's target may be an alias (or the name) of a table in its FROM or joins."""
    target = table_of(statement.this)
    if target is None:
        return Effect(reads=reads_of(statement, set()))
    written = table_name(target)
    real = next(
        (t for t in _own_tables(statement) if t is not target and _names_the(t, written)), target
    )
    effect = Effect(reads=reads_of(statement, {id(target), id(real)}))
    effect.writes.append((table_name(real), line_of(real)))
    return effect


def _merge(statement: exp.Merge, dialect) -> Effect:
    return writing(statement, _dml_targets(statement))


def _delete(statement: exp.Delete, dialect) -> Effect:
    """DELETE moves no data; the tables of its condition are still read."""
    targets = [t for t in [statement.this, *(statement.args.get("tables") or [])] if table_of(t)]
    names = {table_name(t) for t in targets}
    skip = {id(t) for t in targets}
    skip |= {id(t) for t in _own_tables(statement) if any(_names_the(t, n) for n in names)}
    return Effect(reads=reads_of(statement, skip))


_MAKES_DATA = {"TABLE", "VIEW"}


def _create(statement: exp.Create, dialect) -> Effect:
    kind = (statement.args.get("kind") or "").upper()
    target = table_of(statement.this)
    if kind not in _MAKES_DATA or target is None:
        return Effect()  # functions, indexes, schemas, sequences...
    props = statement.args.get("properties")
    temporary = bool(props and props.find(exp.TemporaryProperty))
    return writing(statement, [target], temporary=temporary)


def _drop(statement: exp.Drop, dialect) -> Effect:
    if (statement.args.get("kind") or "").upper() not in _MAKES_DATA:
        return Effect()
    tables = statement.args.get("tables") or [statement.this]
    return Effect(drops=[table_name(t) for t in tables if table_of(t) is not None])


def _alter(statement: exp.Alter, dialect) -> Effect:
    """ALTER moves no data, but a rename or swap changes which name holds it."""
    effect = Effect()
    source = table_of(statement.this)
    actions = statement.args.get("actions") or []
    if source is not None and any(isinstance(a, exp.Query) for a in actions):
        return writing(statement, [source])  # ALTER VIEW v AS SELECT: v is redefined
    for action in actions:
        other = table_of(action.this) if isinstance(action.this, exp.Expression) else None
        if source is None or other is None:
            continue
        if isinstance(action, exp.AlterRename):
            effect.renames.append((table_name(source), table_name(other)))
        elif isinstance(action, exp.SwapTable):
            effect.swaps.append((table_name(source), table_name(other)))
    return effect


def _copy(statement: exp.Copy, dialect) -> Effect:
    """COPY t FROM a file loads t; COPY t / (query) TO a file reads it; stages are no tables."""
    target = table_of(statement.this)
    if statement.args.get("kind") and target is not None:
        return writing(statement, [target])
    return Effect(reads=reads_of(statement, set()))


def _load(statement: exp.LoadData, dialect) -> Effect:
    target = table_of(statement.this)
    return writing(statement, [target] if target is not None else [])


def _describe(statement: exp.Describe, dialect) -> Effect:
    """DESCRIBE t moves no data; EXPLAIN (a DESCRIBE of a query) reads what the query reads."""
    if isinstance(statement.this, exp.Query):
        return Effect(reads=reads_of(statement.this, set()))
    return Effect()


def _export(statement: exp.Export, dialect) -> Effect:
    """BigQuery's EXPORT DATA ... AS SELECT reads what the query reads, into files."""
    return Effect(reads=reads_of(statement, set()))


def _cache(statement: exp.Cache, dialect) -> Effect:
    """CACHE TABLE t moves no data; CACHE TABLE t AS SELECT makes a temporary view."""
    target = table_of(statement.this)
    if statement.args.get("expression") is None or target is None:
        return Effect()
    return writing(statement, [target], temporary=True)


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
    exp.Export: _export,
}
