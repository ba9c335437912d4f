"""A test run keeps the first rows of every statement that returns rows, not only the last."""

import sqlite3

from scheduler.executors.base import Result
from scheduler.sandbox.runtime import jobs


def test_every_select_of_a_run_is_reported_with_its_statement(monkeypatch):
    reported = []
    monkeypatch.setattr(jobs, "_report", lambda **item: reported.append(item))
    statements = [
        {"sql": "create table t (a int)", "query": False},
        {"sql": "insert into t values (1), (2)", "query": False},
        {"sql": "select a from t order by a", "query": True},
        {"sql": "select count(*) as n from t", "query": True},
    ]
    jobs.run_statements(sqlite3.connect(":memory:"), statements, keep_rows=True)

    sets = [item["rows"] for item in reported if "rows" in item]
    assert sets == [
        {"statement": 3, "columns": ["a"], "rows": [[1], [2]]},
        {"statement": 4, "columns": ["n"], "rows": [[2]]},
    ]


def test_the_result_keeps_each_set_and_the_last_one_on_top():
    result = Result()
    result.add_rows(2, ["a"], [[1]])
    result.add_rows(5, ["n"], [[9]])
    assert result.rows["columns"] == ["n"] and result.rows["rows"] == [[9]]
    assert [s["statement"] for s in result.rows["sets"]] == [2, 5]
    assert result.rows["sets"][0] == {"statement": 2, "columns": ["a"], "rows": [[1]]}
