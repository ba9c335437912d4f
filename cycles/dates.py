"""The business date of "now" and the cycle time of a business date, in a project's time zone.

A cycle runs on its cycle date; its business date is the day before. Every server path (the
Studio's previews, test runs, manual runs, the operations dashboard, quality rules) reads these two
rules from here, so a preview renders what the run will.
"""

import datetime as dt
import zoneinfo

from cycles import cron


def zone(tz: str) -> zoneinfo.ZoneInfo:
    """The zone named `tz`; UTC when the name is unknown."""
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def business_date(now: dt.datetime, tz: str) -> dt.date:
    """The business date whose cycle runs at `now` (aware) in zone `tz`: the local date - 1."""
    return now.astimezone(zone(tz)).date() - dt.timedelta(days=1)


def cycle_time(bizdate: dt.date, *, cron_expr: str | None = None, tz: str = "UTC") -> dt.datetime:
    """The cycle time (aware UTC) of the scheduled run of `bizdate`: the first fire time of
    `cron_expr` on the next day in zone `tz`, else midnight of the next day there (no cron, or one
    that does not fire that day or cannot be read)."""
    day = bizdate + dt.timedelta(days=1)
    if cron_expr:
        try:
            times = cron.cycle_times(cron_expr, day, tz)
        except (cron.CronError, ValueError, KeyError):
            times = []
        if times:
            return times[0]
    return dt.datetime.combine(day, dt.time(), zone(tz)).astimezone(dt.UTC)


def local_cycle_time(
    bizdate: dt.date, *, cron_expr: str | None = None, tz: str = "UTC"
) -> dt.datetime:
    """`cycle_time` on the wall clock of zone `tz` (naive), as parameters render it."""
    moment = cycle_time(bizdate, cron_expr=cron_expr, tz=tz)
    return moment.astimezone(zone(tz)).replace(tzinfo=None)
