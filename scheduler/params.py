"""Scheduling parameters: DataWorks' and DolphinScheduler's syntax, rendered for one cycle time.

DataWorks (`dialect="dataworks"`):
- `$bizdate` (yyyymmdd of the business date = cycle date - 1 day), `$cyctime` (yyyymmddhh24miss),
  `$gmtdate` (yyyymmdd of the cycle date), `$bizmonth` (yyyymm: the business date's month, or the
  month before when that is the cycle's own month), `$jobid`, `$nodeid`, `$taskid`;
- `${fmt}` / `${fmt±N}`: the business date in a format of yyyy, yy, mm, dd and any separators;
  N counts days when the format has dd, else months when it has mm, else years
  (`${yyyymmdd-7}`, `${yyyymm-1}`, `${yyyy-1}`); `${bizdate}` is `$bizdate`;
- `$[fmt]` / `$[fmt±N]` / `$[fmt±N/24]` / `$[fmt±N/24/60]`: the cycle time in a format of yyyy, yy,
  mm, dd, hh24, hh, mi, ss, moved by N days, hours or minutes; `$[add_months(fmt,N)]` moves by
  months, clamping to the month's last day (2024-03-31 - 1 month = 2024-02-29).
DolphinScheduler (`dialect="dolphinscheduler"`): `${system.biz.date}`, `${system.biz.curdate}`,
`${system.datetime}`; `$[fmt±N]`, `$[fmt±N/24]`, `$[fmt±N/24/60]`, `$[fmt±7*N]` on the schedule time
with Java tokens (yyyy, yy, MM, dd, HH, mm, ss); `add_months`, `this_day`, `last_day`,
`month_first_day`, `month_last_day`, `week_first_day` (Monday), `week_last_day` (Sunday),
`year_week` (week of year, `year_week(fmt,N)` with N = 1..7 the first day of the week, Monday = 1).

An unknown or malformed expression raises ParamError naming it and its position.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

DIALECTS = ("dataworks", "dolphinscheduler")


class ParamError(ValueError):
    def __init__(self, expr: str, position: int, reason: str):
        self.expr, self.position, self.reason = expr, position, reason
        super().__init__(f"{reason}: {expr!r} at position {position}")


@dataclass(frozen=True)
class ParamContext:
    jobid: str = "0"
    nodeid: str = "0"
    taskid: str = "0"
    bizdate_offset_days: int = 1


_EXPR = re.compile(
    r"\$\{([^{}\n]*)\}|\$\[([^\[\]\n]*)\]|\$(bizdate|cyctime|gmtdate|bizmonth|jobid|nodeid|taskid)\b"
)
_OPEN = re.compile(r"\$[\[{]")


def add_months(day: dt.datetime, months: int) -> dt.datetime:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def _naive(cyctime: dt.datetime) -> dt.datetime:
    return cyctime.replace(tzinfo=None) if cyctime.tzinfo else cyctime


# --- formatting -----------------------------------------------------------------------

_DW_TOKENS = [
    ("yyyy", "%Y"),
    ("yy", "%y"),
    ("mm", "%m"),
    ("dd", "%d"),
    ("hh24", "%H"),
    ("hh", "%I"),
    ("mi", "%M"),
    ("ss", "%S"),
]
_DS_TOKENS = [
    ("yyyy", "%Y"),
    ("yy", "%y"),
    ("MM", "%m"),
    ("dd", "%d"),
    ("HH", "%H"),
    ("hh", "%I"),
    ("mm", "%M"),
    ("ss", "%S"),
]
_SEPARATORS = set("-/:_. ")


def _strftime_pattern(fmt: str, tokens, *, case_insensitive: bool) -> str | None:
    """Translate a format like yyyy-mm-dd into a strftime pattern; None if a letter is unknown."""
    out, i = [], 0
    source = fmt.lower() if case_insensitive else fmt
    while i < len(fmt):
        for token, code in tokens:
            if source.startswith(token, i):
                out.append(code)
                i += len(token)
                break
        else:
            if fmt[i] in _SEPARATORS:
                out.append(fmt[i])
                i += 1
            else:
                return None
    return "".join(out) if out else None


# --- DataWorks ------------------------------------------------------------------------

_OFFSET = re.compile(r"^(?P<fmt>.*?[A-Za-z0-9])(?P<sign>[+-])(?P<n>\d+)(?P<unit>(?:/24(?:/60)?)?)$")
_ADD_MONTHS = re.compile(
    r"^add_months\(\s*(?P<fmt>[^,()]+?)\s*,\s*(?P<n>[+-]?\d+)\s*\)$", re.IGNORECASE
)


def _split_offset(body: str) -> tuple[str, int, str]:
    match = _OFFSET.match(body)
    if match and _strftime_pattern(match["fmt"], _DW_TOKENS, case_insensitive=True):
        n = int(match["n"]) * (-1 if match["sign"] == "-" else 1)
        return match["fmt"], n, match["unit"]
    return body, 0, ""


def _dataworks_brace(body: str, cyctime: dt.datetime, ctx: ParamContext) -> str | None:
    if body == "bizdate":
        return _bizdate(cyctime, ctx).strftime("%Y%m%d")
    fmt, n, unit = _split_offset(body)
    if unit:
        return None  # hour offsets belong to $[...]
    pattern = _strftime_pattern(fmt, _DW_TOKENS[:4], case_insensitive=True)
    if pattern is None:
        return None
    day = _bizdate(cyctime, ctx)
    lowered = fmt.lower()
    if "dd" in lowered:
        day = day + dt.timedelta(days=n)
    elif "mm" in lowered:
        day = add_months(day, n)
    else:
        day = add_months(day, 12 * n)
    return day.strftime(pattern)


def _dataworks_bracket(body: str, cyctime: dt.datetime) -> str | None:
    match = _ADD_MONTHS.match(body)
    if match:
        pattern = _strftime_pattern(match["fmt"], _DW_TOKENS, case_insensitive=True)
        return add_months(cyctime, int(match["n"])).strftime(pattern) if pattern else None
    fmt, n, unit = _split_offset(body)
    pattern = _strftime_pattern(fmt, _DW_TOKENS, case_insensitive=True)
    if pattern is None:
        return None
    step = {
        "": dt.timedelta(days=1),
        "/24": dt.timedelta(hours=1),
        "/24/60": dt.timedelta(minutes=1),
    }
    return (cyctime + n * step[unit]).strftime(pattern)


def _bizdate(cyctime: dt.datetime, ctx: ParamContext) -> dt.datetime:
    return cyctime - dt.timedelta(days=ctx.bizdate_offset_days)


def _dataworks_system(name: str, cyctime: dt.datetime, ctx: ParamContext) -> str:
    biz = _bizdate(cyctime, ctx)
    if name == "bizdate":
        return biz.strftime("%Y%m%d")
    if name == "cyctime":
        return cyctime.strftime("%Y%m%d%H%M%S")
    if name == "gmtdate":
        return cyctime.strftime("%Y%m%d")
    if name == "bizmonth":
        same_month = (biz.year, biz.month) == (cyctime.year, cyctime.month)
        return (add_months(biz, -1) if same_month else biz).strftime("%Y%m")
    return str(getattr(ctx, name))


# --- DolphinScheduler -------------------------------------------------------------------

_DS_FUNC = re.compile(r"^(?P<name>[a-z_]+)\(\s*(?P<fmt>[^,()]+?)\s*(?:,\s*(?P<n>[+-]?\d+)\s*)?\)$")
_DS_OFFSET = re.compile(r"^(?P<fmt>.*?[A-Za-z])(?P<sign>[+-])(?P<n>\d+)(?P<unit>(?:/24(?:/60)?)?)$")
_DS_WEEKS = re.compile(r"^(?P<fmt>.*?[A-Za-z])(?P<sign>[+-])7\*(?P<n>\d+)$")


def _ds_format(fmt: str) -> str | None:
    return _strftime_pattern(fmt, _DS_TOKENS, case_insensitive=False)


def _year_week(day: dt.datetime, fmt: str, first_weekday: int) -> str:
    """Week of the year; week 1 holds the year's first `first_weekday` with 4+ days (ISO when Monday)."""
    weekday = (day.isoweekday() - first_weekday) % 7  # 0 = first day of the week
    thursday_like = day + dt.timedelta(days=3 - weekday)
    year = thursday_like.year
    week = (thursday_like.timetuple().tm_yday - 1) // 7 + 1
    separator = next((c for c in fmt if c in _SEPARATORS), "")
    return f"{year}{separator}{week:02d}"


def _dolphin_bracket(body: str, cyctime: dt.datetime) -> str | None:
    match = _DS_FUNC.match(body)
    if match:
        name, fmt, n = match["name"], match["fmt"], int(match["n"] or 0)
        pattern = _ds_format(fmt)
        if pattern is None:
            return None
        day = cyctime
        if name == "add_months":
            day = add_months(cyctime, n)
        elif name == "this_day":
            pass
        elif name == "last_day":
            day = cyctime - dt.timedelta(days=1)
        elif name == "month_first_day":
            day = add_months(cyctime.replace(day=1), n)
        elif name == "month_last_day":
            first = add_months(cyctime.replace(day=1), n)
            day = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        elif name == "week_first_day":
            day = cyctime - dt.timedelta(days=cyctime.weekday()) + dt.timedelta(weeks=n)
        elif name == "week_last_day":
            day = cyctime + dt.timedelta(days=6 - cyctime.weekday()) + dt.timedelta(weeks=n)
        elif name == "year_week":
            first_weekday = n or 1
            if not 1 <= first_weekday <= 7:
                return None
            return _year_week(cyctime, fmt, first_weekday)
        else:
            return None
        return day.strftime(pattern)
    match = _DS_WEEKS.match(body)
    if match and _ds_format(match["fmt"]):
        weeks = int(match["n"]) * (-1 if match["sign"] == "-" else 1)
        return (cyctime + dt.timedelta(weeks=weeks)).strftime(_ds_format(match["fmt"]))
    match = _DS_OFFSET.match(body)
    fmt, n, unit = (
        (match["fmt"], int(match["n"]) * (-1 if match["sign"] == "-" else 1), match["unit"])
        if match
        else (body, 0, "")
    )
    pattern = _ds_format(fmt)
    if pattern is None:
        return None
    step = {
        "": dt.timedelta(days=1),
        "/24": dt.timedelta(hours=1),
        "/24/60": dt.timedelta(minutes=1),
    }[unit]
    return (cyctime + n * step).strftime(pattern)


def _dolphin_brace(body: str, cyctime: dt.datetime, ctx: ParamContext) -> str | None:
    if body == "system.biz.date":
        return _bizdate(cyctime, ctx).strftime("%Y%m%d")
    if body == "system.biz.curdate":
        return cyctime.strftime("%Y%m%d")
    if body == "system.datetime":
        return cyctime.strftime("%Y%m%d%H%M%S")
    return None


# --- public ---------------------------------------------------------------------------


def render(
    expr: str,
    cyctime: dt.datetime,
    dialect: str = "dataworks",
    *,
    context: ParamContext | None = None,
    values: dict[str, str] | None = None,
) -> str:
    """Replace every parameter expression in `expr` for the cycle time `cyctime` (local wall clock).

    `values` are node parameters already rendered: `${key}` takes its value.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; use one of {', '.join(DIALECTS)}")
    ctx = context or ParamContext()
    cyctime = _naive(cyctime)
    values = values or {}
    out, last = [], 0
    for match in _EXPR.finditer(expr):
        out.append(expr[last : match.start()])
        last = match.end()
        brace, bracket, system = match.groups()
        text = match.group(0)
        try:
            result = _one(brace, bracket, system, text, cyctime, dialect, ctx, values)
        except (OverflowError, ValueError) as exc:
            if isinstance(exc, ParamError):
                raise ParamError(text, match.start(), exc.reason) from None
            # An offset that leaves the calendar (year 1 to 9999), e.g. ${yyyymmdd+999999999}.
            raise ParamError(text, match.start(), "the date it gives is out of range") from None
        out.append(result)
    out.append(expr[last:])
    rendered = "".join(out)
    unclosed = _OPEN.search(expr, last) if last < len(expr) else None
    if unclosed and not _EXPR.match(expr, unclosed.start()):
        raise ParamError(
            expr[unclosed.start() : unclosed.start() + 20], unclosed.start(), "unclosed parameter"
        )
    return rendered


def _one(brace, bracket, system, text, cyctime, dialect, ctx, values) -> str:
    """The value of one expression; ParamError (position filled in by the caller) if unknown."""
    if system is not None:
        return _dataworks_system(system, cyctime, ctx) if dialect == "dataworks" else text
    if brace is not None:
        body = brace.strip()
        if body in values:
            return values[body]
        if dialect == "dataworks":
            result = _dataworks_brace(body, cyctime, ctx)
        else:
            result = _dolphin_brace(body, cyctime, ctx)
        if result is None:
            raise ParamError(text, 0, "unknown parameter")
        return result
    body = bracket.strip()
    result = (_dataworks_bracket if dialect == "dataworks" else _dolphin_bracket)(body, cyctime)
    if result is None:
        raise ParamError(text, 0, "unknown time expression")
    return result


def parse_node_params(params: dict[str, str] | str) -> dict[str, str]:
    """Node parameters as a dict; text form is `key=value` pairs separated by spaces or lines."""
    if isinstance(params, dict):
        return dict(params)
    parsed = {}
    for item in params.split():
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ParamError(item, params.find(item), "expected key=value")
        parsed[key] = value
    return parsed


def render_node_params(
    params: dict[str, str] | str,
    cyctime: dt.datetime,
    dialect: str = "dataworks",
    *,
    context: ParamContext | None = None,
) -> dict[str, str]:
    rendered: dict[str, str] = {}
    for key, value in parse_node_params(params).items():
        rendered[key] = render(value, cyctime, dialect, context=context, values=rendered)
    return rendered


def substitute(
    code: str,
    values: dict[str, str],
    cyctime: dt.datetime,
    dialect: str = "dataworks",
    *,
    context: ParamContext | None = None,
) -> str:
    """Put rendered node parameters into code as ${key}, and render the remaining expressions."""
    return render(code, cyctime, dialect, context=context, values=values)
