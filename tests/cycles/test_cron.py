import datetime as dt
import zoneinfo

import pytest

from cycles.cron import CronError, cycle_times, describe, frequency, next_times, validate


def local(times, tz):
    zone = zoneinfo.ZoneInfo(tz)
    return [t.astimezone(zone).strftime("%m-%d %H:%M%z") for t in times]


@pytest.mark.parametrize(
    "tz,spring,fall",
    [
        ("Europe/Berlin", dt.date(2024, 3, 31), dt.date(2024, 10, 27)),
        ("America/New_York", dt.date(2024, 3, 10), dt.date(2024, 11, 3)),
    ],
)
def test_hourly_nodes_on_dst_days(tz, spring, fall):
    spring_times = cycle_times("0 * * * *", spring, tz)
    fall_times = cycle_times("0 * * * *", fall, tz)
    assert len(spring_times) == 23 and len(set(spring_times)) == 23
    assert len(fall_times) == 24 and len(set(fall_times)) == 24
    assert "02:00" not in " ".join(local(spring_times, tz))
    assert sum("01:00" in t for t in local(fall_times, tz)) == 1  # the repeated hour runs once
    gaps = {b - a for a, b in zip(fall_times, fall_times[1:], strict=False)}
    assert gaps == {
        dt.timedelta(hours=1),
        dt.timedelta(hours=2),
    }  # first 01:00, then 02:00 an hour after the 2nd


def test_daily_node_in_the_missing_hour_runs_once_an_hour_later():
    assert local(
        cycle_times("30 2 * * *", dt.date(2024, 3, 31), "Europe/Berlin"), "Europe/Berlin"
    ) == ["03-31 03:30+0200"]
    assert local(
        cycle_times("30 2 * * *", dt.date(2024, 3, 10), "America/New_York"), "America/New_York"
    ) == ["03-10 03:30-0400"]


def test_daily_node_in_the_repeated_hour_runs_once_at_the_first():
    assert local(
        cycle_times("30 2 * * *", dt.date(2024, 10, 27), "Europe/Berlin"), "Europe/Berlin"
    ) == ["10-27 02:30+0200"]
    assert local(
        cycle_times("30 1 * * *", dt.date(2024, 11, 3), "America/New_York"), "America/New_York"
    ) == ["11-03 01:30-0400"]


def test_every_15_minutes_on_dst_days():
    assert len(cycle_times("*/15 * * * *", dt.date(2024, 3, 31), "Europe/Berlin")) == 92
    assert len(cycle_times("*/15 * * * *", dt.date(2024, 10, 27), "Europe/Berlin")) == 96
    assert len(cycle_times("*/15 * * * *", dt.date(2024, 6, 1), "Europe/Berlin")) == 96


def test_ordinary_days_in_shanghai_and_utc():
    assert [
        t.isoformat() for t in cycle_times("30 1 * * *", dt.date(2024, 7, 1), "Asia/Shanghai")
    ] == ["2024-06-30T17:30:00+00:00"]
    assert [t.isoformat() for t in cycle_times("0 0,12 * * *", dt.date(2024, 7, 1), "UTC")] == [
        "2024-07-01T00:00:00+00:00",
        "2024-07-01T12:00:00+00:00",
    ]


def test_weekly_monthly_and_leap_days():
    assert cycle_times("0 3 * * 1", dt.date(2024, 7, 15), "UTC")  # a Monday
    assert cycle_times("0 3 * * 1", dt.date(2024, 7, 16), "UTC") == []
    assert cycle_times("0 3 31 * *", dt.date(2024, 4, 30), "UTC") == []  # no 31st in April
    assert len(cycle_times("0 3 29 2 *", dt.date(2024, 2, 29), "UTC")) == 1
    assert [
        d.day for d in next_times("0 0 29 2 *", dt.datetime(2024, 3, 1, tzinfo=dt.UTC), "UTC", 2)
    ] == [29, 29]
    assert [
        d.year for d in next_times("0 0 29 2 *", dt.datetime(2024, 3, 1, tzinfo=dt.UTC), "UTC", 2)
    ] == [2028, 2032]


def test_next_times():
    after = dt.datetime(2024, 7, 1, 10, 0, tzinfo=dt.UTC)
    assert [t.isoformat() for t in next_times("0 * * * *", after, "UTC", 3)] == [
        "2024-07-01T11:00:00+00:00",
        "2024-07-01T12:00:00+00:00",
        "2024-07-01T13:00:00+00:00",
    ]


@pytest.mark.parametrize(
    "expr", ["", "* * *", "61 * * * *", "* 25 * * *", "a b c d e", "* * * * * *"]
)
def test_bad_cron_is_refused_with_a_reason(expr):
    with pytest.raises(CronError):
        validate(expr)


@pytest.mark.parametrize(
    "expr,text",
    [
        ("30 2 * * *", "every day at 02:30"),
        ("5 * * * *", "every hour at minute 5"),
        ("*/10 * * * *", "every 10 minutes"),
        ("0 3 * * 1", "every Monday at 03:00"),
        ("0 6 1 * *", "on day 1 of every month at 06:00"),
        ("0 */6 * * *", "every 6 hours at minute 0"),
        ("1-5 2 * 3 *", "1-5 2 * 3 *"),
    ],
)
def test_describe(expr, text):
    assert describe(expr) == text


@pytest.mark.parametrize(
    "expr,kind",
    [
        ("*/5 * * * *", "minute"),
        ("0 * * * *", "hourly"),
        ("0 1-5 * * *", "hourly"),
        ("30 2 * * *", "daily"),
        ("0 3 * * 1", "weekly"),
        ("0 3 1 * *", "monthly"),
        ("0 3 1 6 *", "other"),
    ],
)
def test_frequency(expr, kind):
    assert frequency(expr) == kind
