"""The SQL of each rule kind and how a value is judged (pure)."""

import pytest

from quality.checks import RuleError, judge, metric_sql
from quality.models import QualityRule


def rule(**fields):
    return QualityRule(**{"table": "sales.orders", "window": 7, **fields})


def test_row_count_with_partition():
    sql = metric_sql(rule(kind="row_count"), "dt = '20260101'")
    assert sql == "SELECT COUNT(*) FROM sales.orders WHERE (dt = '20260101')"


def test_null_ratio_and_uniqueness():
    assert "SUM(CASE WHEN email IS NULL" in metric_sql(rule(kind="null_ratio", column="email"), "")
    sql = metric_sql(rule(kind="uniqueness", columns=["id", "dt"]), "dt = '1'")
    assert sql.endswith("GROUP BY id, dt HAVING COUNT(*) > 1) duplicated")


def test_value_set_quotes_text():
    sql = metric_sql(rule(kind="value_set", column="status", allowed_values=["ok", "it's", 3]), "")
    assert "status NOT IN ('ok', 'it''s', 3)" in sql


def test_value_range_counts_rows_outside():
    sql = metric_sql(rule(kind="value_range", column="amount", min_value=0), "dt = 'x'")
    assert sql == "SELECT COUNT(*) FROM sales.orders WHERE (dt = 'x') AND (amount < 0.0)"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"kind": "row_count", "table": "orders; drop table x"}, "table"),
        ({"kind": "null_ratio", "column": "a b"}, "column"),
        ({"kind": "uniqueness", "columns": []}, "columns"),
        ({"kind": "value_set", "column": "c", "allowed_values": []}, "allowed_values"),
        ({"kind": "custom_sql", "sql": " "}, "sql"),
    ],
)
def test_bad_rules_name_their_field(fields, field):
    with pytest.raises(RuleError) as error:
        metric_sql(rule(**fields), "")
    assert error.value.field == field


def test_row_count_bounds():
    assert judge(rule(kind="row_count", min_value=1, max_value=10), 10, [])[0]
    passed, bounds, message = judge(rule(kind="row_count", min_value=1, max_value=10), 0, [])
    assert not passed and "outside the expected range (between 1 and 10)" in message


def test_fluctuation_against_the_mean():
    fluct = rule(kind="fluctuation", metric="row_count", tolerance_pct=10)
    assert judge(fluct, 55, [])[0]  # no history: sets the baseline
    passed, bounds, message = judge(fluct, 109, [100, 100])
    assert passed and (bounds.lower, bounds.upper) == (90, 110)
    passed, _, message = judge(fluct, 130, [100, 110, 90])
    assert not passed and "+30.0%" in message
