"""Scheduling parameters: a table from DataWorks' and DolphinScheduler's documented formats."""

import datetime as dt

import pytest

from cycles.params import (
    ParamContext,
    ParamError,
    add_months,
    render,
    render_node_params,
    substitute,
)

LEAP = dt.datetime(2024, 3, 1, 0, 30, 0)  # business date 2024-02-29
PLAIN = dt.datetime(2023, 3, 1, 2, 0, 0)  # business date 2023-02-28
NEWYEAR = dt.datetime(2024, 1, 1, 0, 0, 0)  # business date 2023-12-31
MONTHEND = dt.datetime(2024, 3, 31, 13, 45, 30)  # business date 2024-03-30
Y2000 = dt.datetime(2000, 3, 1, 8, 0, 0)  # 2000 is a leap year
Y1900 = dt.datetime(1900, 3, 1, 8, 0, 0)  # 1900 is not
MIDDAY = dt.datetime(2024, 7, 15, 12, 5, 9)  # a Monday

DATAWORKS = [
    # system parameters
    ("$bizdate", LEAP, "20240229"),
    ("$bizdate", PLAIN, "20230228"),
    ("$bizdate", NEWYEAR, "20231231"),
    ("$bizdate", Y2000, "20000229"),
    ("$bizdate", Y1900, "19000228"),
    ("$cyctime", LEAP, "20240301003000"),
    ("$cyctime", MONTHEND, "20240331134530"),
    ("$gmtdate", LEAP, "20240301"),
    ("$gmtdate", NEWYEAR, "20240101"),
    ("$bizmonth", LEAP, "202402"),
    ("$bizmonth", MONTHEND, "202402"),  # business date in the cycle's month: the month before
    ("$bizmonth", NEWYEAR, "202312"),
    ("${bizdate}", MONTHEND, "20240330"),
    ("dt=$bizdate/", PLAIN, "dt=20230228/"),
    # ${...}: business date
    ("${yyyymmdd}", LEAP, "20240229"),
    ("${yyyymmdd}", NEWYEAR, "20231231"),
    ("${yyyy-mm-dd}", LEAP, "2024-02-29"),
    ("${yyyy-mm-dd}", PLAIN, "2023-02-28"),
    ("${yyyy/mm/dd}", MONTHEND, "2024/03/30"),
    ("${yyyymm}", LEAP, "202402"),
    ("${yyyy-mm}", NEWYEAR, "2023-12"),
    ("${yyyy}", NEWYEAR, "2023"),
    ("${yy}", NEWYEAR, "23"),
    ("${mm}", LEAP, "02"),
    ("${dd}", LEAP, "29"),
    ("${yyyymmdd-1}", LEAP, "20240228"),
    ("${yyyymmdd-7}", LEAP, "20240222"),
    ("${yyyymmdd-7}", NEWYEAR, "20231224"),
    ("${yyyymmdd+1}", LEAP, "20240301"),
    ("${yyyymmdd+1}", PLAIN, "20230301"),
    ("${yyyymmdd+1}", NEWYEAR, "20240101"),
    ("${yyyymmdd-30}", MONTHEND, "20240229"),
    ("${yyyymmdd-365}", LEAP, "20230301"),
    ("${yyyymmdd-366}", LEAP, "20230228"),
    ("${yyyy-mm-dd-1}", LEAP, "2024-02-28"),
    ("${yyyy-mm-dd+2}", PLAIN, "2023-03-02"),
    ("${yyyymm-1}", LEAP, "202401"),
    ("${yyyymm-2}", NEWYEAR, "202310"),
    ("${yyyymm-12}", LEAP, "202302"),
    ("${yyyymm+1}", NEWYEAR, "202401"),
    ("${yyyy-mm-1}", LEAP, "2024-01"),
    ("${yyyy-1}", LEAP, "2023"),
    ("${yyyy+1}", NEWYEAR, "2024"),
    ("${mm-1}", NEWYEAR, "11"),
    ("${dd-1}", LEAP, "28"),
    ("${yyyymmdd-1}", Y2000, "20000228"),
    ("${yyyymmdd+1}", Y1900, "19000301"),
    ("${yyyymmdd+1}", Y2000, "20000301"),
    ("${yyyy_mm_dd}", MIDDAY, "2024_07_14"),
    ("${yyyy.mm.dd}", MIDDAY, "2024.07.14"),
    # $[...]: cycle time
    ("$[yyyymmdd]", LEAP, "20240301"),
    ("$[yyyymmdd]", NEWYEAR, "20240101"),
    ("$[yyyy-mm-dd]", MONTHEND, "2024-03-31"),
    ("$[yyyymmdd-1]", LEAP, "20240229"),
    ("$[yyyymmdd-1]", PLAIN, "20230228"),
    ("$[yyyymmdd-1]", NEWYEAR, "20231231"),
    ("$[yyyymmdd-2]", Y2000, "20000228"),
    ("$[yyyymmdd+1]", MONTHEND, "20240401"),
    ("$[yyyymmdd-7]", LEAP, "20240223"),
    ("$[hh24miss]", LEAP, "003000"),
    ("$[hh24miss]", MONTHEND, "134530"),
    ("$[hh24]", MONTHEND, "13"),
    ("$[mi]", MONTHEND, "45"),
    ("$[ss]", MONTHEND, "30"),
    ("$[hh24mi]", MIDDAY, "1205"),
    ("$[hh24miss-1/24]", LEAP, "233000"),
    ("$[hh24miss-1/24]", MONTHEND, "124530"),
    ("$[hh24miss-2/24]", MIDDAY, "100509"),
    ("$[hh24miss+1/24]", MIDDAY, "130509"),
    ("$[hh24miss-1/24/60]", LEAP, "002900"),
    ("$[hh24miss-30/24/60]", LEAP, "000000"),
    ("$[hh24miss-31/24/60]", LEAP, "235900"),
    ("$[yyyymmddhh24miss-1/24]", LEAP, "20240229233000"),
    ("$[yyyymmddhh24miss-1/24/60]", LEAP, "20240301002900"),
    ("$[yyyymmddhh24miss-1/24]", NEWYEAR, "20231231230000"),
    ("$[yyyymmddhh24-1/24]", NEWYEAR, "2023123123"),
    ("$[yyyy-mm-dd hh24:mi:ss]", LEAP, "2024-03-01 00:30:00"),
    ("$[yyyy-mm-dd hh24:mi:ss]", MONTHEND, "2024-03-31 13:45:30"),
    ("$[yyyy-mm-dd hh24:mi:ss-1/24]", LEAP, "2024-02-29 23:30:00"),
    ("$[yyyy-mm-dd hh24:mi:ss-1]", MONTHEND, "2024-03-30 13:45:30"),
    ("$[add_months(yyyymmdd,-1)]", LEAP, "20240201"),
    ("$[add_months(yyyymmdd,-1)]", MONTHEND, "20240229"),  # clamps to the month's last day
    ("$[add_months(yyyymmdd,-1)]", dt.datetime(2023, 3, 31), "20230228"),
    ("$[add_months(yyyymmdd,-12)]", dt.datetime(2024, 2, 29), "20230228"),
    ("$[add_months(yyyymmdd,12)]", dt.datetime(2024, 2, 29), "20250228"),
    ("$[add_months(yyyymmdd,48)]", dt.datetime(2024, 2, 29), "20280229"),
    ("$[add_months(yyyymm,-1)]", NEWYEAR, "202312"),
    ("$[add_months(yyyy-mm-dd,1)]", dt.datetime(2024, 1, 31), "2024-02-29"),
    ("$[add_months(yyyy-mm-dd,1)]", dt.datetime(2023, 1, 31), "2023-02-28"),
    ("$[add_months(yyyymmdd, -3)]", dt.datetime(2024, 5, 31), "20240229"),
    # several expressions in one text
    ("dt='${yyyymmdd}' and hr='$[hh24]'", MONTHEND, "dt='20240330' and hr='13'"),
    ("${yyyymmdd}${yyyymmdd-1}", LEAP, "2024022920240228"),
    ("from t_$bizdate where x > 0", PLAIN, "from t_20230228 where x > 0"),
    ("no parameters here", LEAP, "no parameters here"),
    ("price$ and $HOME and $1", LEAP, "price$ and $HOME and $1"),
    ("$jobid-$nodeid-$taskid", LEAP, "0-0-0"),
]

DOLPHIN = [
    ("${system.biz.date}", LEAP, "20240229"),
    ("${system.biz.date}", NEWYEAR, "20231231"),
    ("${system.biz.curdate}", LEAP, "20240301"),
    ("${system.datetime}", MONTHEND, "20240331134530"),
    ("$[yyyyMMdd]", LEAP, "20240301"),
    ("$[yyyyMMdd-1]", LEAP, "20240229"),
    ("$[yyyyMMdd-1]", PLAIN, "20230228"),
    ("$[yyyyMMdd-1]", Y1900, "19000228"),
    ("$[yyyyMMdd+1]", MONTHEND, "20240401"),
    ("$[yyyy-MM-dd]", MIDDAY, "2024-07-15"),
    ("$[yyyy-MM-dd-1]", NEWYEAR, "2023-12-31"),
    ("$[yyyyMMdd+7*1]", LEAP, "20240308"),
    ("$[yyyyMMdd-7*1]", LEAP, "20240223"),
    ("$[yyyyMMdd-7*2]", MIDDAY, "20240701"),
    ("$[HHmmss]", MONTHEND, "134530"),
    ("$[HHmmss-1/24]", LEAP, "233000"),
    ("$[HHmmss-1/24/60]", LEAP, "002900"),
    ("$[yyyyMMddHHmmss-1/24]", NEWYEAR, "20231231230000"),
    ("$[yyyy-MM-dd HH:mm:ss]", MONTHEND, "2024-03-31 13:45:30"),
    ("$[yyyyMM]", MONTHEND, "202403"),
    ("$[add_months(yyyyMMdd,-1)]", LEAP, "20240201"),
    ("$[add_months(yyyyMMdd,-1)]", MONTHEND, "20240229"),
    ("$[add_months(yyyyMMdd,12)]", dt.datetime(2024, 2, 29), "20250228"),
    ("$[add_months(yyyyMM,-1)]", NEWYEAR, "202312"),
    ("$[this_day(yyyy-MM-dd)]", LEAP, "2024-03-01"),
    ("$[this_day(yyyyMMdd)]", MONTHEND, "20240331"),
    ("$[last_day(yyyy-MM-dd)]", LEAP, "2024-02-29"),
    ("$[last_day(yyyy-MM-dd)]", NEWYEAR, "2023-12-31"),
    ("$[month_first_day(yyyy-MM-dd,0)]", MONTHEND, "2024-03-01"),
    ("$[month_first_day(yyyyMMdd,-1)]", LEAP, "20240201"),
    ("$[month_first_day(yyyyMMdd,-1)]", NEWYEAR, "20231201"),
    ("$[month_last_day(yyyy-MM-dd,0)]", dt.datetime(2024, 2, 10), "2024-02-29"),
    ("$[month_last_day(yyyy-MM-dd,0)]", dt.datetime(2023, 2, 10), "2023-02-28"),
    ("$[month_last_day(yyyyMMdd,-1)]", LEAP, "20240229"),
    ("$[month_last_day(yyyyMMdd,-1)]", MONTHEND, "20240229"),
    ("$[month_last_day(yyyyMMdd,1)]", NEWYEAR, "20240229"),
    ("$[week_first_day(yyyy-MM-dd,0)]", MIDDAY, "2024-07-15"),
    ("$[week_first_day(yyyyMMdd,0)]", LEAP, "20240226"),
    ("$[week_first_day(yyyyMMdd,-1)]", LEAP, "20240219"),
    ("$[week_last_day(yyyy-MM-dd,0)]", MIDDAY, "2024-07-21"),
    ("$[week_last_day(yyyyMMdd,0)]", LEAP, "20240303"),
    ("$[week_last_day(yyyyMMdd,-1)]", LEAP, "20240225"),
    ("$[year_week(yyyy-MM-dd)]", MIDDAY, "2024-29"),
    ("$[year_week(yyyy-MM-dd)]", NEWYEAR, "2024-01"),
    ("$[year_week(yyyyMMdd)]", dt.datetime(2021, 1, 1), "202053"),
    ("$[year_week(yyyy-MM-dd,1)]", LEAP, "2024-09"),
    ("dt=$[yyyyMMdd-1] and ds='${system.biz.date}'", LEAP, "dt=20240229 and ds='20240229'"),
]


@pytest.mark.parametrize("expr,cyctime,expected", DATAWORKS)
def test_dataworks(expr, cyctime, expected):
    assert render(expr, cyctime) == expected


@pytest.mark.parametrize("expr,cyctime,expected", DOLPHIN)
def test_dolphinscheduler(expr, cyctime, expected):
    assert render(expr, cyctime, "dolphinscheduler") == expected


def test_the_table_is_large():
    assert len(DATAWORKS) + len(DOLPHIN) >= 140


@pytest.mark.parametrize(
    "expr,dialect,bad,position",
    [
        ("select ${nope} from t", "dataworks", "${nope}", 7),
        ("a $[zz] b", "dataworks", "$[zz]", 2),
        ("x ${yyyymmdd", "dataworks", "${yyyymmdd", 2),
        ("$[yyyymmdd-1/25]", "dataworks", "$[yyyymmdd-1/25]", 0),
        ("${yyyymmdd-1/24}", "dataworks", "${yyyymmdd-1/24}", 0),
        ("$[add_month(yyyymmdd,-1)]", "dataworks", "$[add_month(yyyymmdd,-1)]", 0),
        ("ok $[yyyymmdd] then $[qq]", "dataworks", "$[qq]", 20),
        ("$[first_day(yyyyMMdd)]", "dolphinscheduler", "$[first_day(yyyyMMdd)]", 0),
        ("${system.nope}", "dolphinscheduler", "${system.nope}", 0),
        ("$[year_week(yyyy-MM-dd,9)]", "dolphinscheduler", "$[year_week(yyyy-MM-dd,9)]", 0),
    ],
)
def test_unknown_expressions_name_themselves_and_their_position(expr, dialect, bad, position):
    with pytest.raises(ParamError) as raised:
        render(expr, LEAP, dialect)
    assert raised.value.expr == bad
    assert raised.value.position == position
    assert bad in str(raised.value) and f"position {position}" in str(raised.value)


def test_aware_cyctime_uses_its_wall_clock():
    import zoneinfo

    aware = dt.datetime(2024, 3, 1, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert render("$bizdate $[hh24mi]", aware) == "20240229 0030"


def test_context_ids_and_bizdate_offset():
    ctx = ParamContext(jobid="7", nodeid="42", taskid="9001", bizdate_offset_days=0)
    assert render("$jobid/$nodeid/$taskid/$bizdate", LEAP, context=ctx) == "7/42/9001/20240301"


def test_node_parameters_render_then_substitute():
    params = render_node_params(
        {"day": "${yyyymmdd}", "prev": "$[yyyymmdd-1]", "label": "dt=${day}"}, LEAP
    )
    assert params == {"day": "20240229", "prev": "20240229", "label": "dt=20240229"}
    code = "insert into t partition (dt='${day}') select * from s where d >= '${prev}' and h = '$[hh24]'"
    assert substitute(code, params, LEAP) == (
        "insert into t partition (dt='20240229') select * from s where d >= '20240229' and h = '00'"
    )
    assert render_node_params("a=${yyyy} b=$bizdate", LEAP) == {"a": "2024", "b": "20240229"}
    with pytest.raises(ParamError):
        substitute("select ${undeclared}", params, LEAP)


def test_add_months_clamps_and_wraps_years():
    assert add_months(dt.datetime(2024, 1, 31), 1) == dt.datetime(2024, 2, 29)
    assert add_months(dt.datetime(2024, 12, 15), 1) == dt.datetime(2025, 1, 15)
    assert add_months(dt.datetime(2024, 1, 15), -13) == dt.datetime(2022, 12, 15)
