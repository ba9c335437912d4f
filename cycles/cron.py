"""Cron schedules in a project's time zone, with an explicit daylight-saving policy per node.

Fire times are computed on the local wall clock, one day at a time, and then placed on the
time line:
- a local time that does not exist (spring forward, e.g. 02:30 in Europe/Berlin on 2024-03-31)
  runs once, shifted forward by the gap (03:30; policy `shift`, the default); if that equals
  another fire time of the day it is not doubled, so an hourly node gets 23 instances that day;
  with `skip` it does not run that day;
- a local time that occurs twice (fall back, e.g. 02:30 on 2024-10-27) runs once, at its first
  occurrence (policy `first`, the default), so an hourly node gets 24 instances that day, one per
  distinct wall-clock hour; with `both` it runs at each occurrence (25 for an hourly node).
"""

import datetime as dt
import functools
import zoneinfo

from croniter import CroniterBadDateError, croniter

UTC = dt.UTC
# A schedule must fire within this many years of now: one that never does (`0 0 30 2 *`) or
# hardly ever would be a node that silently never runs.
MAX_YEARS_BETWEEN_RUNS = 5


class CronError(ValueError):
    pass


def validate(expr: str) -> None:
    fields = (expr or "").split()
    if len(fields) != 5:
        raise CronError(f"{expr!r}: a cron expression has 5 fields (minute hour day month weekday)")
    if not croniter.is_valid(" ".join(fields)):
        raise CronError(f"{expr!r} is not a valid cron expression")


def validate_schedule(expr: str, now: dt.datetime | None = None) -> None:
    """A valid expression that fires within MAX_YEARS_BETWEEN_RUNS years of `now`."""
    validate(expr)
    start = (now or dt.datetime.now(UTC)).replace(tzinfo=None)
    try:
        croniter(
            " ".join(expr.split()), start, max_years_between_matches=MAX_YEARS_BETWEEN_RUNS
        ).get_next(dt.datetime)
    except CroniterBadDateError:
        raise CronError(
            f"{expr!r} never fires within the next {MAX_YEARS_BETWEEN_RUNS} years "
            "(is the day of the month in the month?)"
        ) from None


GAP_POLICIES = ("shift", "skip")
OVERLAP_POLICIES = ("first", "both")


def wall_clock_kind(naive: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    """ "normal", "gap" (the local time does not exist) or "overlap" (it occurs twice)."""
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "normal"
    exists = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive
    return "overlap" if exists else "gap"


def instants(
    naive: dt.datetime, tz: zoneinfo.ZoneInfo, gap: str = "shift", overlap: str = "first"
) -> list[dt.datetime]:
    """The instants (aware, UTC) a local wall-clock fire time runs at under the policies."""
    # fold=0 picks the first of a repeated time; for a time in a gap it applies the offset from
    # before the transition, which lands the instant after the gap by the gap's length.
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if gap == "shift" and overlap == "first":
        return [first]
    kind = wall_clock_kind(naive, tz)
    if kind == "gap" and gap == "skip":
        return []
    if kind == "overlap" and overlap == "both":
        return [first, naive.replace(tzinfo=tz, fold=1).astimezone(UTC)]
    return [first]


def _fire_times(expr: str, day: dt.date) -> list[dt.datetime]:
    """The naive local fire times of `day`."""
    start = dt.datetime.combine(day, dt.time()) - dt.timedelta(seconds=1)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    it = croniter(expr, start, max_years_between_matches=1)
    found = []
    while True:
        try:
            naive = it.get_next(dt.datetime)
        except CroniterBadDateError:  # no fire time within a year (a date that never comes)
            break
        if naive >= end:
            break
        found.append(naive)
    return found


@functools.lru_cache(maxsize=4096)
def _cycle_times(
    expr: str, day: dt.date, tz_name: str, gap: str, overlap: str
) -> tuple[dt.datetime, ...]:
    validate(expr)
    tz = zoneinfo.ZoneInfo(tz_name)
    seen: dict[dt.datetime, None] = {}
    for naive in _fire_times(expr, day):
        for instant in instants(naive, tz, gap, overlap):
            seen.setdefault(instant, None)
    return tuple(sorted(seen))


def cycle_times(
    expr: str, day: dt.date, tz: str, gap: str = "shift", overlap: str = "first"
) -> list[dt.datetime]:
    """Every fire time whose local date is `day` in zone `tz`, as aware UTC datetimes."""
    return list(_cycle_times(" ".join(expr.split()), day, tz, gap, overlap))


def next_transition(tz: str, after: dt.datetime, days: int = 400) -> dt.datetime | None:
    """The first instant after `after` at which zone `tz` changes its UTC offset (aware UTC)."""
    zone = zoneinfo.ZoneInfo(tz)
    step = dt.timedelta(days=1)
    at = after.astimezone(UTC)
    for _ in range(days):
        if (at + step).astimezone(zone).utcoffset() != at.astimezone(zone).utcoffset():
            lo, hi = at, at + step  # narrow to the minute
            while hi - lo > dt.timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                same = mid.astimezone(zone).utcoffset() == lo.astimezone(zone).utcoffset()
                lo, hi = (mid, hi) if same else (lo, mid)
            return hi.replace(second=0, microsecond=0)
        at += step
    return None


def dst_preview(
    expr: str, tz: str, after: dt.datetime, gap: str = "shift", overlap: str = "first", around=3
) -> dict | None:
    """The fire times of the day of the zone's next offset change, near the change, and what
    the policies make of each: {"change": ..., "kind": gap|overlap, "slots": [...]}."""
    change = next_transition(tz, after)
    if change is None:
        return None
    zone = zoneinfo.ZoneInfo(tz)
    local_change = change.astimezone(zone)
    before = (change - dt.timedelta(seconds=1)).astimezone(zone)
    kind = "gap" if local_change.utcoffset() > before.utcoffset() else "overlap"
    times = _fire_times(" ".join(expr.split()), local_change.date())
    # The change's wall-clock time is its time before the change (02:00 in Berlin both ways).
    wall = before.replace(tzinfo=None) + dt.timedelta(seconds=1)
    pivot = next((i for i, t in enumerate(times) if t >= wall), len(times))
    rows, seen = [], set()
    for naive in times[max(0, pivot - around) : pivot + around + 1]:
        fate = wall_clock_kind(naive, zone)
        runs = []
        for instant in instants(naive, zone, gap, overlap):
            runs.append({"at": instant.astimezone(zone).isoformat(), "duplicate": instant in seen})
            seen.add(instant)
        rows.append({"time": naive.isoformat(), "kind": fate, "runs": runs})
    return {
        "change": local_change.isoformat(),
        "kind": kind,
        "offset_before": before.strftime("%z"),
        "offset_after": local_change.strftime("%z"),
        "slots": rows,
    }


def next_times(
    expr: str,
    after: dt.datetime,
    tz: str,
    count: int = 5,
    *,
    gap: str = "shift",
    overlap: str = "first",
) -> list[dt.datetime]:
    """The next `count` fire times strictly after `after` (aware), as aware UTC datetimes."""
    zone = zoneinfo.ZoneInfo(tz)
    day = after.astimezone(zone).date()
    found: list[dt.datetime] = []
    for offset in range(0, 400 * 31):
        for instant in cycle_times(expr, day + dt.timedelta(days=offset), tz, gap, overlap):
            if instant > after:
                found.append(instant)
                if len(found) == count:
                    return found
        if offset > 366 * 8 and not found:
            break
    return found


def frequency(expr: str) -> str:
    """minute | hourly | daily | weekly | monthly | other: how often the schedule fires."""
    minute, hour, dom, month, dow = expr.split()
    if not _single(minute):
        return "minute"
    if not _single(hour):
        return "hourly"
    if dom == "*" and dow == "*":
        return "daily"
    if dom == "*" and month == "*":
        return "weekly"
    if dow == "*" and month == "*":
        return "monthly"
    return "other"


def _single(field: str) -> bool:
    return field.isdigit()


_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def describe(expr: str) -> str:
    """A short English description of common shapes; the expression itself otherwise."""
    try:
        minute, hour, dom, month, dow = expr.split()
    except ValueError:
        return expr
    if minute == "*" and hour == "*":
        return "every minute"
    if minute.startswith("*/") and hour == "*" and dom == month == dow == "*":
        return f"every {minute[2:]} minutes"
    if _single(minute) and hour == "*" and dom == month == dow == "*":
        return f"every hour at minute {int(minute)}"
    if _single(minute) and hour.startswith("*/") and dom == month == dow == "*":
        return f"every {hour[2:]} hours at minute {int(minute)}"
    if _single(minute) and _single(hour):
        at = f"{int(hour):02d}:{int(minute):02d}"
        if dom == month == dow == "*":
            return f"every day at {at}"
        if dom == month == "*" and dow.isdigit():
            return f"every {_DAYS[int(dow)]} at {at}"
        if month == dow == "*" and dom.isdigit():
            return f"on day {int(dom)} of every month at {at}"
        if month == "*" and dow == "*" and dom == "L":
            return f"on the last day of every month at {at}"
    return expr
