"""CPU bounds and the dialect names lineage accepts."""

# Parsing is linear at best and some shapes are far worse (deep nesting, long scripts no
# dialect parses), so reading tables stops at a size and a time budget.
MAX_SQL_CHARS = 200_000
TIME_BUDGET_SECONDS = 2.0

# Names users know that sqlglot spells differently; None is "try them all".
ALIASES = {
    "odps": "hive",
    "maxcompute": "hive",
    "ansi": None,
    "": None,
    "sparksql": "spark",
    "vertica": "postgres",  # Vertica's SQL is PostgreSQL's; sqlglot has no dialect of its own
}


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
    if name in ALIASES:
        return name
    from sqlglot.dialects.dialect import Dialect

    if name not in Dialect.classes:
        known = ", ".join(sorted(set(Dialect.classes) - {""} | set(ALIASES) - {""}))
        raise ValueError(f"unknown SQL dialect {dialect!r}; use one of {known}")
    return name
