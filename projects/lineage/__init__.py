"""Tables a SQL script reads and writes, for proposing dependencies between nodes.

The convention is the established table-lineage tools' (sqllineage): reads are the tables whose
data the script reads and did not make itself, writes the tables whose data it leaves behind.

- a statement that moves no data yields nothing: DROP, TRUNCATE, DELETE, ALTER (but EXCHANGE
  PARTITION), RENAME, ANALYZE, CACHE/UNCACHE/REFRESH TABLE, function DDL, DESCRIBE, SHOW, SET,
  USE, GRANT, CALL; a plain CREATE TABLE writes its table;
- tables are followed across statements: one the script writes and then copies into another
  (an intermediate), or drops, or renames away, or creates TEMPORARY, is not a write, and reading
  it is not a read; renaming or swapping a written table moves the write to the new name;
- a table read before the script writes it (INSERT INTO t SELECT ... FROM t) is both;
- a stored procedure's body counts statement by statement; its own name is no table;
- a CTE name is never a table; table-valued functions are not tables;
- names are lower-cased and kept as qualified as written (`schema.table`).

Where the tools disagree, the choice that serves scheduling wins: a table read by a statement
that writes nothing (a SELECT, a DELETE's condition) is still a read; a temporary table is never
a write.

Modules: `parsing` (parameters masked, statements split and parsed by sqlglot, names),
`tables` (the tables one statement reads), `statements` (what each kind of statement does),
`opaque` (what sqlglot leaves as text), `procedures` (procedure bodies and blocks), `script`
(following tables from statement to statement; the CPU bounds of `bounds` hold throughout).
"""

from projects.lineage.bounds import (
    MAX_SQL_CHARS,
    TIME_BUDGET_SECONDS,
    SqlTooComplex,
    check_dialect,
    check_size,
)
from projects.lineage.script import Lineage, extract, extract_with_lines

__all__ = [
    "MAX_SQL_CHARS",
    "TIME_BUDGET_SECONDS",
    "Lineage",
    "SqlTooComplex",
    "check_dialect",
    "check_size",
    "extract",
    "extract_with_lines",
]
