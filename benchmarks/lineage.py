"""Table lineage accuracy over the case table, per dialect, beside a naive sqlglot baseline (>= 100 %)."""

from collections import defaultdict

from benchmarks._report import line

TARGET_PCT = 100


def _naive(sql: str, dialect: str) -> tuple[set[str], set[str]]:
    """sqlglot's parse and its Table nodes: a DML/DDL statement's own table is the write."""
    import sqlglot
    from sqlglot import exp

    reads, writes = set(), set()
    read = {"ansi": None, "vertica": "postgres"}.get(dialect, dialect)
    for statement in sqlglot.parse(sql, read=read):
        if statement is None:
            continue
        target = statement.this if isinstance(statement, exp.DML | exp.DDL) else None
        while isinstance(target, exp.Schema):
            target = target.this
        for table in statement.find_all(exp.Table):
            name = ".".join(p.name for p in table.parts).lower()
            (writes if table is target else reads).add(name)
    return reads, writes


def _score(cases, extract) -> dict[str, list[int]]:
    """dialect -> [right, total]"""
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        try:
            right = extract(case.sql, case.dialect) == (set(case.reads), set(case.writes))
        except Exception:  # a crash is a wrong answer, not the end of the measure
            right = False
        scores[case.dialect][0] += right
        scores[case.dialect][1] += 1
    return scores


def run(quick: bool) -> str:
    import logging

    from projects.lineage import extract
    from tests.projects.lineage_cases import CASES, DIALECTS

    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # its fallback notes, not our result
    ours, naive = _score(CASES, extract), _score(CASES, _naive)
    print(f"{'dialect':10} {'cases':>5} {'workbench':>9} {'naive':>6}")
    for dialect in DIALECTS:
        (right, total), (naive_right, _) = ours[dialect], naive[dialect]
        print(
            f"{dialect:10} {total:5} {100 * right / total:8.1f}% {100 * naive_right / total:5.1f}%"
        )
    total = len(CASES)
    right = sum(r for r, _ in ours.values())
    naive_right = sum(r for r, _ in naive.values())
    print(f"{'all':10} {total:5} {100 * right / total:8.1f}% {100 * naive_right / total:5.1f}%")
    return line("lineage", 100 * right / total, "% of cases right", ">=", TARGET_PCT)
