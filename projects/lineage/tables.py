"""Reading the tables of one statement, and the Effect a statement has on them."""

from dataclasses import dataclass, field

from sqlglot import exp

from projects.lineage.parsing import line_of, table_name

Ref = tuple[str, int]  # table, line in the statement


@dataclass
class Effect:
    """What one statement does to tables; a statement that moves no data has none."""

    reads: list[Ref] = field(default_factory=list)
    writes: list[Ref] = field(default_factory=list)
    temporary: set[str] = field(default_factory=set)  # written tables that end with the session
    drops: list[str] = field(default_factory=list)
    renames: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    swaps: list[tuple[str, str]] = field(default_factory=list)


_NOT_TABLES = {"dual", "sys.dual"}  # Oracle's and MySQL's one-row dummy


def reads_of(statement: exp.Expression, skip: set[int]) -> list[Ref]:
    """Every table the statement reads but the nodes in `skip` (its targets)."""
    ctes = {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}
    reads = []
    for table in statement.find_all(exp.Table):
        if id(table) in skip or not _is_table(table):
            continue
        name = table_name(table)
        if name in _NOT_TABLES or table.find_ancestor(exp.Reference, exp.PartitionedOfProperty):
            continue  # a foreign key's or a partition's parent table: DDL, no data read
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


def table_of(node) -> exp.Table | None:
    while isinstance(node, exp.Schema):
        node = node.this
    return node if isinstance(node, exp.Table) and _is_table(node) else None


def _is_table(table: exp.Table) -> bool:
    """Not a table function, a stage (@s) or a file path (Spark's parquet.`/data/x`)."""
    if not table.name or isinstance(table.this, exp.Func | exp.Var):
        return False
    return "/" not in table.name


def is_temporary(name: str) -> bool:
    return name.startswith(("#", "@"))  # T-SQL temp tables and table variables


def writing(statement, targets: list[exp.Table], temporary: bool = False) -> Effect:
    """Writes to `targets`, reads of every other table in the statement."""
    effect = Effect(reads=reads_of(statement, {id(t) for t in targets}))
    for target in targets:
        name = table_name(target)
        effect.writes.append((name, line_of(target)))
        if temporary or is_temporary(name):
            effect.temporary.add(name)
    return effect
