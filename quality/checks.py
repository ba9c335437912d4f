"""The SQL each rule kind runs and how its number is judged: pure functions, no database."""

import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from quality.models import RuleKind

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$")
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


class RuleError(ValueError):
    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(f"{field}: {reason}")


@dataclass(frozen=True)
class Bounds:
    lower: float | None
    upper: float | None

    def holds(self, value: float) -> bool:
        if self.lower is not None and value < self.lower:
            return False
        return self.upper is None or value <= self.upper

    def describe(self) -> str:
        if self.lower is not None and self.upper is not None:
            return f"between {_num(self.lower)} and {_num(self.upper)}"
        if self.lower is not None:
            return f"at least {_num(self.lower)}"
        if self.upper is not None:
            return f"at most {_num(self.upper)}"
        return "any value"


def _num(value: float) -> str:
    return f"{value:g}"


def check_table(table: str) -> str:
    table = (table or "").strip()
    if not _IDENT.match(table):
        raise RuleError(
            "table", _("%(table)r is not a table name (table or schema.table)") % {"table": table}
        )
    return table


def check_column(column: str, field: str = "column") -> str:
    column = (column or "").strip()
    if not _COLUMN.match(column):
        raise RuleError(field, _("%(column)r is not a column name") % {"column": column})
    return column


def literal(value) -> str:
    """A SQL literal for a value of an allowed-values list (numbers bare, text quoted)."""
    if isinstance(value, bool) or value is None:
        raise RuleError("allowed_values", _("use numbers or text"))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise RuleError("allowed_values", _("numbers must be finite"))
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _where(partition: str, *extra: str) -> str:
    parts = [f"({partition})"] if partition.strip() else []
    parts.extend(extra)
    return f" WHERE {' AND '.join(parts)}" if parts else ""


def metric_sql(rule, partition: str) -> str:
    """The query returning the rule's one number, with `partition` already rendered."""
    kind = rule.kind
    if kind == RuleKind.FLUCTUATION:
        kind = rule.metric or RuleKind.ROW_COUNT
    if kind == RuleKind.CUSTOM_SQL:
        if not (rule.sql or "").strip():
            raise RuleError("sql", _("a query that returns one number is required"))
        return rule.sql.strip().rstrip(";")
    table = check_table(rule.table)
    if kind == RuleKind.ROW_COUNT:
        return f"SELECT COUNT(*) FROM {table}{_where(partition)}"
    if kind == RuleKind.NULL_RATIO:
        column = check_column(rule.column)
        return (
            f"SELECT CASE WHEN COUNT(*) = 0 THEN 0 ELSE "
            f"SUM(CASE WHEN {column} IS NULL THEN 1 ELSE 0 END) * 1.0 / COUNT(*) END "
            f"FROM {table}{_where(partition)}"
        )
    if kind == RuleKind.UNIQUENESS:
        columns = [check_column(c, "columns") for c in (rule.columns or [])]
        if not columns:
            raise RuleError("columns", _("name at least one column"))
        keys = ", ".join(columns)
        return (
            f"SELECT COUNT(*) FROM (SELECT {keys} FROM {table}{_where(partition)} "
            f"GROUP BY {keys} HAVING COUNT(*) > 1) duplicated"
        )
    if kind == RuleKind.VALUE_RANGE:
        column = check_column(rule.column)
        if rule.min_value is None and rule.max_value is None:
            raise RuleError("min_value", _("give a minimum, a maximum or both"))
        outside = []
        if rule.min_value is not None:
            outside.append(f"{column} < {literal(float(rule.min_value))}")
        if rule.max_value is not None:
            outside.append(f"{column} > {literal(float(rule.max_value))}")
        return f"SELECT COUNT(*) FROM {table}{_where(partition, '(' + ' OR '.join(outside) + ')')}"
    if kind == RuleKind.VALUE_SET:
        column = check_column(rule.column)
        values = rule.allowed_values or []
        if not values:
            raise RuleError("allowed_values", _("list at least one allowed value"))
        listed = ", ".join(literal(v) for v in values)
        return f"SELECT COUNT(*) FROM {table}{_where(partition, f'{column} NOT IN ({listed})')}"
    raise RuleError("kind", _("unknown rule kind %(kind)r") % {"kind": rule.kind})


def bounds_for(rule, history: list[float]) -> Bounds:
    """The range the value must fall in; fluctuation derives it from past values."""
    if rule.kind in (RuleKind.ROW_COUNT, RuleKind.CUSTOM_SQL):
        return Bounds(rule.min_value, rule.max_value)
    if rule.kind == RuleKind.NULL_RATIO:
        return Bounds(None, rule.max_value if rule.max_value is not None else 0.0)
    if rule.kind == RuleKind.UNIQUENESS:
        return Bounds(None, rule.max_value if rule.max_value is not None else 0.0)
    if rule.kind in (RuleKind.VALUE_RANGE, RuleKind.VALUE_SET):
        return Bounds(None, 0.0)  # the value counts offending rows
    if rule.kind == RuleKind.FLUCTUATION:
        if not history:
            return Bounds(None, None)  # the first run sets the baseline
        mean = sum(history) / len(history)
        spread = abs(mean) * (rule.tolerance_pct or 0.0) / 100.0
        return Bounds(mean - spread, mean + spread)
    raise RuleError("kind", _("unknown rule kind %(kind)r") % {"kind": rule.kind})


def judge(rule, value: float, history: list[float]) -> tuple[bool, Bounds, str]:
    """(passed, bounds, message) for one measured value."""
    bounds = bounds_for(rule, history)
    passed = bounds.holds(value)
    if rule.kind == RuleKind.FLUCTUATION and not history:
        return True, bounds, f"value {_num(value)}; no earlier runs to compare with yet"
    verdict = "within" if passed else "outside"
    message = f"value {_num(value)} is {verdict} the expected range ({bounds.describe()})"
    if rule.kind == RuleKind.FLUCTUATION:
        mean = sum(history) / len(history)
        change = (value - mean) / mean * 100 if mean else math.inf if value else 0.0
        message += f"; {change:+.1f}% against the mean {_num(mean)} of {len(history)} run(s)"
    return passed, bounds, message
