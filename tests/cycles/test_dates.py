"""The business date of now and the cycle time of a business date, in a project's zone."""

import datetime as dt

from cycles import dates


def test_business_date_follows_the_time_zone():
    late_evening_utc = dt.datetime(2024, 3, 10, 20, 0, tzinfo=dt.UTC)  # 04:00 on the 11th there
    assert dates.business_date(late_evening_utc, "Asia/Shanghai") == dt.date(2024, 3, 10)
    assert dates.business_date(late_evening_utc, "UTC") == dt.date(2024, 3, 9)


def test_an_unknown_zone_reads_as_utc():
    assert dates.zone("Nowhere/Special").key == "UTC"


def test_cycle_time_is_the_first_fire_time_of_the_next_day():
    moment = dates.cycle_time(dt.date(2024, 3, 10), cron_expr="30 2 * * *", tz="Asia/Shanghai")
    assert moment == dt.datetime(2024, 3, 10, 18, 30, tzinfo=dt.UTC)
    local = dates.local_cycle_time(dt.date(2024, 3, 10), cron_expr="30 2 * * *", tz="Asia/Shanghai")
    assert local == dt.datetime(2024, 3, 11, 2, 30)


def test_cycle_time_without_a_cron_is_midnight_of_the_next_day():
    assert dates.local_cycle_time(dt.date(2024, 3, 10)) == dt.datetime(2024, 3, 11)
    assert dates.cycle_time(dt.date(2024, 3, 10), tz="Asia/Shanghai") == dt.datetime(
        2024, 3, 10, 16, 0, tzinfo=dt.UTC
    )


def test_a_cron_that_does_not_fire_that_day_falls_back_to_midnight():
    # fires on Mondays only; 2024-03-11 is a Monday, 2024-03-12 is not
    assert dates.local_cycle_time(dt.date(2024, 3, 11), cron_expr="0 5 * * 1") == dt.datetime(
        2024, 3, 12
    )
