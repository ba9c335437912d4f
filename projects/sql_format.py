"""The Studio's SQL formatting: sqlparse's layout, scheduling parameters kept as written."""

import re

import sqlparse
from sqlparse.exceptions import SQLParseError

from cycles import params
from projects.lineage import SqlTooComplex, check_size

MAX_FORMAT_CHARS = 100_000


def format_sql(sql: str) -> str:
    """sqlparse's reindent with upper-case keywords; scheduling parameters come out untouched.

    SqlTooComplex for what sqlparse cannot format in bounded time.
    """
    if not sql.strip():
        return sql
    check_size(sql, MAX_FORMAT_CHARS, "format")
    kept: list[str] = []

    def hide(match) -> str:
        kept.append(match.group(0))
        return f"__wbparam{len(kept) - 1}__"

    hidden = params.replace_expressions(sql, hide)
    try:
        formatted = sqlparse.format(hidden, reindent=True, keyword_case="upper").strip() + "\n"
    except (SQLParseError, RecursionError) as exc:
        raise SqlTooComplex(f"too complex to format: {exc}") from None
    return re.sub(r"__wbparam(\d+)__", lambda m: kept[int(m.group(1))], formatted)
