"""Every parameter form of both products' documentation, in both dialects.

A form renders to the documented value in its own dialect; in the other dialect it renders to the
same value or is an error naming it and its position, never a different value.
"""

import datetime as dt

import pytest

from cycles.param_reference import REFERENCE, example
from cycles.params import ParamContext, ParamError, render

# DolphinScheduler's documentation examples use 2022-08-26 (a Friday).
CYC = dt.datetime(2022, 8, 26, 14, 30, 15)
CTX = ParamContext(
    jobid="3",
    nodeid="42",
    taskid="9001",
    node_name="load",
    workflow_id="7",
    workflow_name="daily",
    project_name="etl",
)

# (form as a user types it, dialect, value at CYC)
TABLE = [
    # DataWorks: system parameters
    ("$bizdate", "dataworks", "20220825"),
    ("$cyctime", "dataworks", "20220826143015"),
    ("$gmtdate", "dataworks", "20220826"),
    ("$bizmonth", "dataworks", "202207"),
    ("$jobid", "dataworks", "3"),
    ("$nodeid", "dataworks", "42"),
    ("$taskid", "dataworks", "9001"),
    # DataWorks: ${...} on the business date
    ("${bizdate}", "dataworks", "20220825"),
    ("${yyyymmdd}", "dataworks", "20220825"),
    ("${yyyy-mm-dd}", "dataworks", "2022-08-25"),
    ("${yyyymmdd-1}", "dataworks", "20220824"),
    ("${yyyymmdd+1}", "dataworks", "20220826"),
    ("${yyyymmdd-7*1}", "dataworks", "20220818"),
    ("${yyyymmdd-7*2}", "dataworks", "20220811"),
    ("${yyyymmdd+7*1}", "dataworks", "20220901"),
    ("${yyyymm-1}", "dataworks", "202207"),
    ("${yyyymm+1}", "dataworks", "202209"),
    ("${yyyy-1}", "dataworks", "2021"),
    ("${yyyy+1}", "dataworks", "2023"),
    ("${yyyy}", "dataworks", "2022"),
    ("${mm}", "dataworks", "08"),
    ("${dd}", "dataworks", "25"),
    ("${yyyy-mm-dd-1}", "dataworks", "2022-08-24"),
    # DataWorks: $[...] on the cycle time, arithmetic in days as Oracle's
    ("$[yyyymmdd]", "dataworks", "20220826"),
    ("$[yyyy-mm-dd hh24:mi:ss]", "dataworks", "2022-08-26 14:30:15"),
    ("$[yyyymmdd-1]", "dataworks", "20220825"),
    ("$[yyyymmdd+1]", "dataworks", "20220827"),
    ("$[yyyymmdd-7*1]", "dataworks", "20220819"),
    ("$[yyyymmdd-7*2]", "dataworks", "20220812"),
    ("$[yyyymmdd+7*1]", "dataworks", "20220902"),
    ("$[add_months(yyyymmdd,-1)]", "dataworks", "20220726"),
    ("$[add_months(yyyymmdd,1)]", "dataworks", "20220926"),
    ("$[add_months(yyyymmdd,-12*1)]", "dataworks", "20210826"),
    ("$[add_months(yyyymmdd,12*2)]", "dataworks", "20240826"),
    ("$[hh24miss]", "dataworks", "143015"),
    ("$[hh24]", "dataworks", "14"),
    ("$[mi]", "dataworks", "30"),
    ("$[ss]", "dataworks", "15"),
    ("$[hh24miss-1/24]", "dataworks", "133015"),
    ("$[hh24miss+1/24]", "dataworks", "153015"),
    ("$[hh24miss-1/24/60]", "dataworks", "142915"),
    ("$[hh24miss-15/24/60]", "dataworks", "141515"),
    ("$[yyyymmddhh24-1-1/24]", "dataworks", "2022082513"),
    ("$[yyyy-mm-dd hh24:mi:ss-1-1/24]", "dataworks", "2022-08-25 13:30:15"),
    ("$[yyyy-mm-dd hh24:mi:ss -1/24]", "dataworks", "2022-08-26 13:30:15"),
    ("$[yyyymmddhh24-15/24]", "dataworks", "2022082523"),
    # DolphinScheduler: built-ins
    ("${system.biz.date}", "dolphinscheduler", "20220825"),
    ("${system.biz.curdate}", "dolphinscheduler", "20220826"),
    ("${system.datetime}", "dolphinscheduler", "20220826143015"),
    ("${system.task.instance.id}", "dolphinscheduler", "9001"),
    ("${system.task.definition.name}", "dolphinscheduler", "load"),
    ("${system.task.definition.code}", "dolphinscheduler", "42"),
    ("${system.workflow.definition.name}", "dolphinscheduler", "daily"),
    ("${system.workflow.definition.code}", "dolphinscheduler", "7"),
    ("${system.project.name}", "dolphinscheduler", "etl"),
    ("${system.project.code}", "dolphinscheduler", "3"),
    # DolphinScheduler: $[...] with Java date patterns
    ("$[yyyyMMdd]", "dolphinscheduler", "20220826"),
    ("$[yyyy-MM-dd]", "dolphinscheduler", "2022-08-26"),
    ("$[yyyy-MM-dd HH:mm:ss]", "dolphinscheduler", "2022-08-26 14:30:15"),
    ("$[yyyyMMddHHmmss]", "dolphinscheduler", "20220826143015"),
    ("$[HHmmss]", "dolphinscheduler", "143015"),
    ("$[yyyyMMdd-1]", "dolphinscheduler", "20220825"),
    ("$[yyyyMMdd+1]", "dolphinscheduler", "20220827"),
    ("$[yyyy-MM-dd-1]", "dolphinscheduler", "2022-08-25"),
    ("$[yyyyMMdd-7*1]", "dolphinscheduler", "20220819"),
    ("$[yyyyMMdd+7*1]", "dolphinscheduler", "20220902"),
    ("$[HHmmss-1/24]", "dolphinscheduler", "133015"),
    ("$[HHmmss+1/24]", "dolphinscheduler", "153015"),
    ("$[HHmmss-1/24/60]", "dolphinscheduler", "142915"),
    ("$[yyyyMMddHH-(24+1)/24]", "dolphinscheduler", "2022082513"),
    ("$[add_months(yyyyMMdd,-1)]", "dolphinscheduler", "20220726"),
    ("$[add_months(yyyyMMdd,1)]", "dolphinscheduler", "20220926"),
    ("$[add_months(yyyyMMdd,12*1)]", "dolphinscheduler", "20230826"),
    ("$[add_months(yyyyMMdd,-12*1)]", "dolphinscheduler", "20210826"),
    # the documentation's own examples (2022-08-26)
    ("$[this_day(yyyy-MM-dd)]", "dolphinscheduler", "2022-08-26"),
    ("$[last_day(yyyy-MM-dd)]", "dolphinscheduler", "2022-08-25"),
    ("$[year_week(yyyy-MM-dd)]", "dolphinscheduler", "2022-34"),
    ("$[year_week(yyyyMMdd)]", "dolphinscheduler", "202234"),
    ("$[year_week(yyyy-MM-dd,1)]", "dolphinscheduler", "2022-34"),
    ("$[year_week(yyyy-MM-dd,5)]", "dolphinscheduler", "2022-35"),
    ("$[month_first_day(yyyy-MM-dd,-1)]", "dolphinscheduler", "2022-07-01"),
    ("$[month_first_day(yyyy-MM-dd,0)]", "dolphinscheduler", "2022-08-01"),
    ("$[month_first_day(yyyy-MM-dd,1)]", "dolphinscheduler", "2022-09-01"),
    ("$[month_last_day(yyyy-MM-dd,1)]", "dolphinscheduler", "2022-09-30"),
    ("$[week_first_day(yyyy-MM-dd,1)]", "dolphinscheduler", "2022-08-29"),
    ("$[week_last_day(yyyy-MM-dd,1)]", "dolphinscheduler", "2022-09-04"),
    ("$[month_last_day(yyyy-MM-dd,-1)]", "dolphinscheduler", "2022-07-31"),
    ("$[month_last_day(yyyyMMdd)]", "dolphinscheduler", "20220831"),
    ("$[week_first_day(yyyy-MM-dd,-1)]", "dolphinscheduler", "2022-08-15"),
    ("$[week_first_day(yyyy-MM-dd,0)]", "dolphinscheduler", "2022-08-22"),
    ("$[week_last_day(yyyy-MM-dd,-1)]", "dolphinscheduler", "2022-08-21"),
    ("$[week_last_day(yyyy-MM-dd,0)]", "dolphinscheduler", "2022-08-28"),
    # literal characters inside a format (Java: any non-letter, and 'quoted text')
    ("$[yyyy年MM月dd日]", "dolphinscheduler", "2022年08月26日"),
    ("$[yyyy'年'MM'月'dd'日']", "dolphinscheduler", "2022年08月26日"),
    ("$[yyyy-MM-dd'T'HH:mm:ss]", "dolphinscheduler", "2022-08-26T14:30:15"),
    ("$[yyyyMMdd'_'HH]", "dolphinscheduler", "20220826_14"),
    ("$[yyyy/MM/dd#HH]", "dolphinscheduler", "2022/08/26#14"),
    ("$['it''s' yyyy]", "dolphinscheduler", "it's 2022"),
    ("$[dd MMM yyyy]", "dolphinscheduler", "26 Aug 2022"),
    ("$[EEEE]", "dolphinscheduler", "Friday"),
    ("$[D]", "dolphinscheduler", "238"),
    ("$[hh a]", "dolphinscheduler", "02 PM"),
    # $[...] that is no time format is left as written (shell arithmetic, arrays)
    ("echo $[i+1]", "dolphinscheduler", "echo $[i+1]"),
    ("echo $[1+2]", "dolphinscheduler", "echo $[1+2]"),
    ("$[RANDOM%10]", "dolphinscheduler", "$[RANDOM%10]"),
    ("${arr}x$[ ]", "dolphinscheduler", None),
]


@pytest.mark.parametrize(
    "expr,dialect,expected", [row for row in TABLE if row[2] is not None], ids=lambda v: str(v)
)
def test_each_form_renders_in_its_dialect(expr, dialect, expected):
    assert render(expr, CYC, dialect, context=CTX) == expected


@pytest.mark.parametrize("expr,dialect,expected", [row for row in TABLE if row[2] is not None])
def test_in_the_other_dialect_a_form_is_the_same_value_or_an_error_naming_it(
    expr, dialect, expected
):
    other = "dolphinscheduler" if dialect == "dataworks" else "dataworks"
    text = f"select 1 -- {expr}"
    try:
        value = render(text, CYC, other, context=CTX)
    except ParamError as error:
        assert error.position == text.index("$") and error.expr in text
        assert error.expr in str(error) and f"position {error.position}" in str(error)
    else:
        assert value == f"select 1 -- {expected}"


@pytest.mark.parametrize(
    "dialect,form", [(d, f.form) for d, forms in REFERENCE.items() for f in forms]
)
def test_every_documented_form_of_the_reference_renders(dialect, form):
    assert "$" not in render(example(form, 2), CYC, dialect, context=CTX)


def test_the_table_covers_every_reference_form():
    typed = {row[0] for row in TABLE}
    missing = [
        f.form for forms in REFERENCE.values() for f in forms if example(f.form) not in typed
    ]
    assert not missing


@pytest.mark.parametrize(
    "expr,dialect,reason",
    [
        # the other dialect's forms, named as such
        ("$[yyyy-MM-dd HH:mm:ss]", "dataworks", "DolphinScheduler form"),
        ("$[HHmmss-1/24]", "dataworks", "DolphinScheduler form"),
        ("$[month_last_day(yyyyMMdd)]", "dataworks", "DolphinScheduler form"),
        ("${system.biz.date}", "dataworks", "DolphinScheduler parameter"),
        ("$bizdate", "dolphinscheduler", "DataWorks parameter"),
        ("${yyyymmdd-1}", "dolphinscheduler", "DataWorks parameter"),
        ("$[hh24miss-1/24]", "dolphinscheduler", "DataWorks form"),
        ("$[hh24]", "dolphinscheduler", "DataWorks form"),
        ("$[yyyymmdd]", "dolphinscheduler", "DataWorks form"),
        ("$[mm]", "dolphinscheduler", "mm the minutes"),
        # malformed in its own dialect
        ("${yyyymmdd-1/24}", "dataworks", "write them as $[...]"),
        ("${hh24}", "dataworks", "write them as $[...]"),
        ("$[yyyymmdd-1/25]", "dataworks", "whole minutes"),
        ("$[add_months(yyyymmdd,1/2)]", "dataworks", "whole number"),
        ("$[add_months(yyyyMMdd)]", "dolphinscheduler", "number of months"),
        ("$[first_day(yyyyMMdd)]", "dolphinscheduler", "unknown function first_day"),
        ("$[yyyyQQ]", "dolphinscheduler", "pattern letter 'Q'"),
        ("$[yyyy'x]", "dolphinscheduler", "unclosed quote"),
        ("$[this_day(yyyyMMdd,1)]", "dolphinscheduler", "takes only a format"),
        ("$[year_week(yyyy-MM-dd,0)]", "dolphinscheduler", "1 (Monday) to 7"),
    ],
)
def test_forms_a_dialect_does_not_have_are_errors_with_their_position(expr, dialect, reason):
    text = f"x = '{expr}'"
    with pytest.raises(ParamError) as raised:
        render(text, CYC, dialect)
    assert raised.value.expr == expr and raised.value.position == 5
    assert reason in raised.value.reason


def test_the_documented_reference_lists_every_form():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "parameters.md").read_text()
    assert all(f"`{f.form}`" in text for forms in REFERENCE.values() for f in forms)
