"""Server-side prepared statements for the statements every run makes.

PostgreSQL parses and plans a statement each time it is sent; for the short statements of a run
(claim, outcome, dispatch of the downstream) that was about half of the database's work. Here
each distinct statement is prepared once per connection (`PREPARE`) and then only executed
(`EXECUTE name(values)`). Other databases get the statement as it is, their lists spelled out
(`x = ANY(%(l)s)` becomes `x IN (...)`, `x <> ALL(%(l)s)` becomes `x NOT IN (...)`; named
parameters only, and lists that are not empty).

    prepared.execute(cursor, "SELECT ... WHERE id = %(id)s", {"id": 7})

Parameters are `%(name)s` (a dict) or `%s` (a sequence), as for `cursor.execute`; the text of a
statement must not vary with the values (use `= ANY(%s)` with a list, not `IN (...)`).
"""

import hashlib
import re

from django.db.backends.signals import connection_created

_NAMED = re.compile(r"%\((\w+)\)s")
_POSITIONAL = re.compile(r"%s")
MAX_PER_CONNECTION = 200  # a bound, should a caller's statements vary after all


def execute(cursor, sql: str, params) -> None:
    wrapper = cursor.db
    if wrapper.vendor != "postgresql":
        cursor.execute(*_spelled_out(sql, params))
        return
    known = wrapper.__dict__.setdefault("workbench_prepared", {})
    entry = known.get(sql)
    if entry is None:
        if len(known) >= MAX_PER_CONNECTION:
            cursor.execute(sql, params)
            return
        entry = known[sql] = _prepare(cursor, sql, named=isinstance(params, dict))
    name, order = entry
    values = [params[key] for key in order] if order is not None else list(params)
    cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(values))})", values)


_ARRAY = re.compile(r"(=\s*ANY|<>\s*ALL)\s*\(%\((\w+)\)s\)")


def _spelled_out(sql: str, params):
    """For databases without arrays: each list parameter as one parameter per item."""
    if not isinstance(params, dict):
        return sql, params
    values = dict(params)

    def spell(match) -> str:
        key = match.group(2)
        names = [f"{key}__{n}" for n in range(len(params[key]))]
        values.update(zip(names, params[key], strict=True))
        values.pop(key, None)
        listed = ", ".join(f"%({name})s" for name in names)
        return f"{'IN' if match.group(1).startswith('=') else 'NOT IN'} ({listed})"

    return _ARRAY.sub(spell, sql), values


def _prepare(cursor, sql: str, *, named: bool) -> tuple[str, list[str] | None]:
    name = "wb_" + hashlib.sha1(sql.encode()).hexdigest()[:20]
    if named:
        order: list[str] = []

        def number(match):
            if match.group(1) not in order:
                order.append(match.group(1))
            return f"${order.index(match.group(1)) + 1}"

        text = _NAMED.sub(number, sql)
    else:
        order = None
        count = iter(range(1, 10_000))
        text = _POSITIONAL.sub(lambda _: f"${next(count)}", sql)
    cursor.execute(f"PREPARE {name} AS {text}")
    return name, order


def _forget(sender, connection, **_) -> None:
    """A new connection has none of the old one's statements."""
    connection.__dict__.pop("workbench_prepared", None)


connection_created.connect(_forget, dispatch_uid="workbench.prepared.forget")
