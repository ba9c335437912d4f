"""Scheduling parameters: DataWorks' and DolphinScheduler's syntax, rendered for one cycle time.

DataWorks (`dialect="dataworks"`):
- `$bizdate` (yyyymmdd of the business date = cycle date - 1 day), `$cyctime` (yyyymmddhh24miss),
  `$gmtdate` (yyyymmdd of the cycle date), `$bizmonth` (yyyymm: the business date's month, or the
  month before when that is the cycle's own month), `$jobid`, `$nodeid`, `$taskid`;
- `${fmt}` / `${fmt±N}`: the business date in a format of yyyy, yy, mm, dd and any separators;
  N counts days when the format has dd, else months when it has mm, else years
  (`${yyyymmdd-7}`, `${yyyymmdd-7*2}`, `${yyyymm-1}`, `${yyyy-1}`); `${bizdate}` is `$bizdate`;
- `$[fmt]` / `$[fmt±N]`: the cycle time in a format of yyyy, yy, mm, dd, hh24, hh, mi, ss, moved
  by N days where N is arithmetic on days as in Oracle: `-1`, `-7*2` (weeks), `-1/24` (an hour),
  `-30/24/60` (minutes), `-1-1/24` (a day and an hour); `$[add_months(fmt,N)]` moves by months,
  clamping to the month's last day (2024-03-31 - 1 month = 2024-02-29), `N` may be `-12*2`.
DolphinScheduler (`dialect="dolphinscheduler"`): `${system.biz.date}`, `${system.biz.curdate}`,
`${system.datetime}` and the ids and names of the task, workflow and project; `$[fmt±N]` on the
schedule time where fmt is a Java date pattern (yyyy, MM, dd, HH, mm, ss, ..., any other
character or 'quoted text' literal) and N the same arithmetic, in whole minutes as DolphinScheduler
computes it; `add_months`, `this_day`, `last_day`, `month_first_day`, `month_last_day`,
`week_first_day` (Monday), `week_last_day` (Sunday), `year_week` (`year_week(fmt,N)`, N = 1..7 the
first day of the week, Monday = 1). As in DolphinScheduler, `$[...]` whose content is no time
format at all (`$[i+1]` in a shell script) is left as written.

A form the chosen dialect does not have, or a malformed one, raises ParamError naming it and its
position; a form of the other dialect says so. Nothing renders to a silently wrong value.
"""

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from fractions import Fraction

DIALECTS = ("dataworks", "dolphinscheduler")
DEFAULT_DIALECT = "dataworks"


class ParamError(ValueError):
    def __init__(self, expr: str, position: int, reason: str):
        self.expr, self.position, self.reason = expr, position, reason
        super().__init__(f"{reason}: {expr!r} at position {position}")


class _Unknown(Exception):
    """An expression this dialect does not know; `reason` says why (position added later)."""

    def __init__(self, reason: str):
        self.reason = reason


class _Keep(Exception):
    """Not a parameter at all (DolphinScheduler's non-time `$[...]`): leave the text as written."""


@dataclass(frozen=True)
class ParamContext:
    jobid: str = "0"
    nodeid: str = "0"
    taskid: str = "0"
    bizdate_offset_days: int = 1
    node_name: str = ""
    workflow_id: str = "0"
    workflow_name: str = ""
    project_name: str = ""


_EXPR = re.compile(
    r"\$\{([^{}\n]*)\}|\$\[([^\[\]\n]*)\]|\$(bizdate|cyctime|gmtdate|bizmonth|jobid|nodeid|taskid)\b"
)
_OPEN = re.compile(r"\$[\[{]")


def find_expressions(code: str):
    """Every expression in `code` as a match, in order: group 1 is the body of `${...}`, 2 of
    `$[...]`, 3 the name of `$name`."""
    return _EXPR.finditer(code)


def replace_expressions(code: str, replace) -> str:
    """`code` with each expression replaced by `replace(match)`."""
    return _EXPR.sub(replace, code)


def add_months(day: dt.datetime, months: int) -> dt.datetime:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def _naive(cyctime: dt.datetime) -> dt.datetime:
    return cyctime.replace(tzinfo=None) if cyctime.tzinfo else cyctime


# --- offsets: integer arithmetic on days ------------------------------------------------

_ARITH_TOKEN = re.compile(r"\s*(?:(\d+)|(.))")


def arithmetic(text: str) -> Fraction | None:
    """The value of `text` made of integers, + - * / and parentheses; None if it is not that."""
    tokens = []
    for number, other in _ARITH_TOKEN.findall(text):
        if number:
            tokens.append(int(number))
        elif other in "+-*/()":
            tokens.append(other)
        elif not other.isspace():
            return None
    if not tokens:
        return None
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def atom() -> Fraction:
        token = take() if peek() is not None else None
        if token in ("+", "-"):
            value = atom()
            return value if token == "+" else -value
        if token == "(":
            value = expression()
            if take() != ")":
                raise ValueError
            return value
        if isinstance(token, int):
            return Fraction(token)
        raise ValueError

    def term() -> Fraction:
        value = atom()
        while peek() in ("*", "/"):
            op, right = take(), atom()
            value = value * right if op == "*" else value / right
        return value

    def expression() -> Fraction:
        value = term()
        while peek() in ("+", "-"):
            op, right = take(), term()
            value = value + right if op == "+" else value - right
        return value

    try:
        value = expression()
    except (ValueError, IndexError, ZeroDivisionError):
        return None
    return value if position == len(tokens) else None


def _split_offset(body: str, is_format) -> tuple[str, Fraction]:
    """(format, offset in days) of `fmt±arithmetic`; (body, 0) when there is no offset.

    The offset starts at the first sign after which only arithmetic follows, so `yyyy-mm-dd-1`
    is the format `yyyy-mm-dd` one day earlier and `yyyymmdd-1-1/24` a day and an hour earlier.
    """
    for i, char in enumerate(body):
        if i and char in "+-":
            value = arithmetic(body[i:])
            if value is not None and is_format(body[:i].rstrip()):
                return body[:i].rstrip(), value
    return body, Fraction(0)


def _whole(value: Fraction, what: str) -> int:
    if value.denominator != 1:
        raise _Unknown(f"{what} must be a whole number")
    return int(value)


# --- DataWorks ------------------------------------------------------------------------

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
_DW_DATE_TOKENS = _DW_TOKENS[:4]
_SEPARATORS = set("-/:_. ")
_JAVA_STYLE = re.compile(r"HH(?!24)|MM.*mm|mm.*MM|\bHH:mm")
_DS_FUNCTIONS = (
    "add_months",
    "this_day",
    "last_day",
    "month_first_day",
    "month_last_day",
    "week_first_day",
    "week_last_day",
    "year_week",
)


@functools.lru_cache(maxsize=1024)
def _dw_pattern(fmt: str, date_only: bool = False) -> str | None:
    """A DataWorks format (yyyy-mm-dd hh24:mi:ss) as a strftime pattern; None if it is not one."""
    if _JAVA_STYLE.search(fmt):
        return None  # HH:mm is a Java pattern: as DataWorks' it would be 12-hour and month
    tokens = _DW_DATE_TOKENS if date_only else _DW_TOKENS
    out, i, lowered = [], 0, fmt.lower()
    while i < len(fmt):
        for token, code in tokens:
            if lowered.startswith(token, i):
                out.append(code)
                i += len(token)
                break
        else:
            if fmt[i] not in _SEPARATORS:
                return None
            out.append(fmt[i])
            i += 1
    if not any(code.startswith("%") for code in out):
        return None
    if out.count("%m") > 1:  # yyyy-MM-dd HH:mm reads "month" twice: it is a Java pattern
        return None
    return "".join(out)


def _dw_hint(text: str) -> str:
    if _JAVA_STYLE.search(text) or text.startswith(_DS_FUNCTIONS):
        return (
            "a DolphinScheduler form, not DataWorks' (this node uses the DataWorks dialect; "
            "DataWorks writes yyyy-mm-dd hh24:mi:ss)"
        )
    if text.startswith("system."):
        return "a DolphinScheduler parameter (this node uses the DataWorks dialect)"
    return ""


@functools.lru_cache(maxsize=1024)
def _dw_brace_plan(body: str) -> tuple[str, str, int]:
    """(strftime pattern, unit of the offset: days | months | years, offset) of `${...}`."""
    fmt, offset = _split_offset(body, lambda f: _dw_pattern(f, date_only=True) is not None)
    pattern = _dw_pattern(fmt, date_only=True)
    if pattern is None:
        if _dw_pattern(fmt) is not None:
            raise _Unknown("hours, minutes and seconds are cycle time: write them as $[...]")
        raise _Unknown(_dw_hint(body) or "unknown parameter")
    if offset.denominator != 1:
        raise _Unknown("hour and minute offsets are cycle time: write them as $[...]")
    lowered = fmt.lower()
    unit = "days" if "dd" in lowered else "months" if "mm" in lowered else "years"
    return pattern, unit, int(offset)


def _dataworks_brace(body: str, cyctime: dt.datetime, ctx: ParamContext) -> str:
    if body == "bizdate":
        return _bizdate(cyctime, ctx).strftime("%Y%m%d")
    pattern, unit, n = _dw_brace_plan(body)
    day = _bizdate(cyctime, ctx)
    if unit == "days":
        day = day + dt.timedelta(days=n)
    else:
        day = add_months(day, n if unit == "months" else 12 * n)
    return day.strftime(pattern)


_ADD_MONTHS = re.compile(r"^add_months\(\s*(?P<fmt>[^,()]+?)\s*,(?P<n>[^,]+)\)$", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _dw_bracket_plan(body: str) -> tuple[str, str, Fraction]:
    """(strftime pattern, days | months, offset) of `$[...]`."""
    match = _ADD_MONTHS.match(body)
    if match:
        pattern = _dw_pattern(match["fmt"])
        months = arithmetic(match["n"])
        if pattern is None or months is None:
            raise _Unknown("add_months takes a format and a number of months")
        return pattern, "months", Fraction(_whole(months, "the number of months"))
    fmt, offset = _split_offset(body, lambda f: _dw_pattern(f) is not None)
    pattern = _dw_pattern(fmt)
    if pattern is None:
        raise _Unknown(_dw_hint(body) or "unknown time expression")
    if (offset * 1440).denominator != 1:
        raise _Unknown("the offset must be whole minutes (N, N/24, N/24/60 of a day)")
    return pattern, "days", offset


def _dataworks_bracket(body: str, cyctime: dt.datetime) -> str:
    pattern, unit, offset = _dw_bracket_plan(body)
    if unit == "months":
        return add_months(cyctime, int(offset)).strftime(pattern)
    # Oracle-style day arithmetic: -1/24 is an hour, -1/24/60 a minute.
    return (cyctime + dt.timedelta(minutes=int(offset * 1440))).strftime(pattern)


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


# --- DolphinScheduler: Java date patterns -------------------------------------------------

# Letters DolphinScheduler's formatter (java.time DateTimeFormatter) knows; those rendered here
# are the ones its documentation and users write.
_JAVA_LETTERS = set("GuyDMLdQqYwWEecFahKkHmsSAnNVzOXxZBgp")
_TIME_LETTERS = set("yMdHhkKmsSED")
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_MONTHS = list(calendar.month_name)
_WEEKDAYS = list(calendar.day_name)


def _java_field(letter: str, count: int, moment: dt.datetime) -> str:
    if letter == "y":
        return f"{moment.year % 100:02d}" if count == 2 else str(moment.year).zfill(count)
    if letter == "M":
        if count >= 3:
            name = _MONTHS[moment.month]
            return name if count >= 4 else name[:3]
        return str(moment.month).zfill(count)
    if letter == "E":
        name = _WEEKDAYS[moment.weekday()]
        return name if count >= 4 else name[:3]
    if letter == "a":
        return "AM" if moment.hour < 12 else "PM"
    value = {
        "d": moment.day,
        "D": moment.timetuple().tm_yday,
        "H": moment.hour,
        "k": moment.hour or 24,
        "K": moment.hour % 12,
        "h": moment.hour % 12 or 12,
        "m": moment.minute,
        "s": moment.second,
        "S": 0,
    }[letter]
    return str(value).zfill(count)


@functools.lru_cache(maxsize=1024)
def _java_pattern(fmt: str) -> tuple | None:
    """A Java date pattern as parts: literal text or (letter, count); None if it is not a time
    format at all (no date or time letter, or a letter Java does not know)."""
    parts: list = []
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char == "'":
            quoted = _QUOTED.match(fmt, i)
            if quoted is None:
                raise _Unknown("unclosed quote in the time format")
            parts.append(quoted[1].replace("''", "'") or "'")  # '' is a quote
            i = quoted.end()
        elif char.isascii() and char.isalpha():
            if char not in _JAVA_LETTERS:
                return None
            count = len(fmt) - i - len(fmt[i:].lstrip(char))
            parts.append((char, count))
            i += count
        else:
            parts.append(char)
            i += 1
    letters = {part[0] for part in parts if isinstance(part, tuple)}
    if not letters & _TIME_LETTERS:
        return None
    unsupported = sorted(letters - _TIME_LETTERS - {"a"})
    if unsupported:
        raise _Unknown(f"the pattern letter {unsupported[0]!r} is not supported")
    if "m" in letters and not letters & set("HhkK"):
        # yyyymmdd or mm without an hour is DataWorks' month, which here would be the minutes.
        raise _Unknown("mm is minutes in a Java date pattern; the month is MM (yyyyMMdd)")
    return tuple(parts)


def _java_format(parts: tuple, moment: dt.datetime) -> str:
    return "".join(
        part if isinstance(part, str) else _java_field(part[0], part[1], moment) for part in parts
    )


def _is_java_format(fmt: str) -> bool:
    try:
        return _java_pattern(fmt) is not None
    except _Unknown:
        return False


def _ds_hint(body: str) -> str:
    if _dw_pattern(_split_offset(body, lambda f: _dw_pattern(f) is not None)[0]) is not None:
        return (
            "a DataWorks form, not DolphinScheduler's (this node uses the DolphinScheduler "
            "dialect, which writes yyyy-MM-dd HH:mm:ss: MM the month, mm the minutes)"
        )
    return ""


_DS_FUNC = re.compile(r"^(?P<name>[A-Za-z_]+)\((?P<args>[^()]*(?:\([^()]*\)[^()]*)*)\)$")


@functools.lru_cache(maxsize=1024)
def _ds_bracket_plan(body: str) -> tuple:
    """('function', name, parts, n) or ('offset', parts, minutes) of `$[...]`."""
    match = _DS_FUNC.match(body)
    if match:
        name = match["name"]
        if name not in _DS_FUNCTIONS:
            raise _Unknown(f"unknown function {name}")
        fmt, _, n_text = match["args"].partition(",")
        fmt = fmt.strip()
        if name == "year_week":
            if not _is_java_format(fmt):
                raise _Unknown("year_week takes a date format")
            n = arithmetic(n_text) if n_text else Fraction(1)
            if n is None or n.denominator != 1 or not 1 <= n <= 7:
                raise _Unknown("year_week's first day of the week is 1 (Monday) to 7 (Sunday)")
            return ("function", name, fmt, int(n))
        parts = _java_pattern(fmt)
        if parts is None:
            raise _Unknown(f"{name} takes a time format such as yyyyMMdd")
        if name in ("this_day", "last_day"):
            if n_text:
                raise _Unknown(f"{name} takes only a format")
            return ("function", name, parts, 0)
        if not n_text and name == "add_months":
            raise _Unknown("add_months takes a format and a number of months")
        n = arithmetic(n_text) if n_text else Fraction(0)
        if n is None:
            raise _Unknown(f"{name}'s second argument must be a number")
        return ("function", name, parts, _whole(n, f"{name}'s second argument"))
    fmt, offset = _split_offset(body, _is_java_format)
    if "hh24" in fmt:  # DataWorks' hour; as Java it reads as the 12-hour clock and "24"
        raise _Unknown(_ds_hint(body))
    try:
        parts = _java_pattern(fmt)
    except _Unknown as exc:
        raise _Unknown(_ds_hint(body) or exc.reason) from None
    if parts is None:
        hint = _ds_hint(body)
        if hint:
            raise _Unknown(hint)
        raise _Keep
    # DolphinScheduler turns the offset into whole minutes: 60*24*(N).
    minutes = offset * 1440
    return ("offset", parts, int(minutes))


def _week_start(day: dt.datetime) -> dt.datetime:
    return day - dt.timedelta(days=day.weekday())


def _year_week(day: dt.datetime, fmt: str, first_weekday: int) -> str:
    """Week of the year; week 1 holds the year's first `first_weekday` with 4+ days (ISO when Monday)."""
    weekday = (day.isoweekday() - first_weekday) % 7  # 0 = first day of the week
    thursday_like = day + dt.timedelta(days=3 - weekday)
    year = thursday_like.year
    week = (thursday_like.timetuple().tm_yday - 1) // 7 + 1
    # As DolphinScheduler: yyyy-ww when the format has a hyphen, yyyyww otherwise.
    return f"{year}{'-' if '-' in fmt else ''}{week:02d}"


def _dolphin_bracket(body: str, cyctime: dt.datetime) -> str:
    plan = _ds_bracket_plan(body)
    if plan[0] == "offset":
        return _java_format(plan[1], cyctime + dt.timedelta(minutes=plan[2]))
    _, name, parts, n = plan
    if name == "year_week":
        return _year_week(cyctime, parts, n)
    day = cyctime
    if name == "add_months":
        day = add_months(cyctime, n)
    elif name == "last_day":
        day = cyctime - dt.timedelta(days=1)
    elif name == "month_first_day":
        day = add_months(cyctime.replace(day=1), n)
    elif name == "month_last_day":
        first = add_months(cyctime.replace(day=1), n)
        day = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    elif name == "week_first_day":
        day = _week_start(cyctime) + dt.timedelta(weeks=n)
    elif name == "week_last_day":
        day = _week_start(cyctime) + dt.timedelta(days=6, weeks=n)
    return _java_format(parts, day)


def _dolphin_brace(body: str, cyctime: dt.datetime, ctx: ParamContext) -> str:
    values = {
        "system.biz.date": lambda: _bizdate(cyctime, ctx).strftime("%Y%m%d"),
        "system.biz.curdate": lambda: cyctime.strftime("%Y%m%d"),
        "system.datetime": lambda: cyctime.strftime("%Y%m%d%H%M%S"),
        "system.task.instance.id": lambda: ctx.taskid,
        "system.task.definition.code": lambda: ctx.nodeid,
        "system.task.definition.name": lambda: ctx.node_name,
        "system.workflow.definition.code": lambda: ctx.workflow_id,
        "system.workflow.definition.name": lambda: ctx.workflow_name,
        "system.project.code": lambda: ctx.jobid,
        "system.project.name": lambda: ctx.project_name,
    }
    if body in values:
        return values[body]()
    if body == "bizdate" or _dw_pattern(_split_offset(body, lambda f: True)[0], True):
        raise _Unknown(
            "a DataWorks parameter, not DolphinScheduler's (this node uses the DolphinScheduler "
            "dialect: ${system.biz.date}, $[yyyyMMdd-1])"
        )
    raise _Unknown("unknown parameter")


# --- public ---------------------------------------------------------------------------


def render(
    expr: str,
    cyctime: dt.datetime,
    dialect: str = DEFAULT_DIALECT,
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
        text = match.group(0)
        try:
            out.append(_one(*match.groups(), cyctime, dialect, ctx, values))
        except _Keep:
            out.append(text)
        except _Unknown as exc:
            raise ParamError(text, match.start(), exc.reason) from None
        except (OverflowError, ValueError):
            # An offset that leaves the calendar (year 1 to 9999), e.g. ${yyyymmdd+999999999}.
            raise ParamError(text, match.start(), "the date it gives is out of range") from None
    out.append(expr[last:])
    unclosed = _OPEN.search(expr, last) if last < len(expr) else None
    if unclosed and not _EXPR.match(expr, unclosed.start()):
        raise ParamError(
            expr[unclosed.start() : unclosed.start() + 20], unclosed.start(), "unclosed parameter"
        )
    return "".join(out)


def _one(brace, bracket, system, cyctime, dialect, ctx, values) -> str:
    """The value of one expression; _Unknown if this dialect has no such form."""
    if system is not None:
        if dialect == "dataworks":
            return _dataworks_system(system, cyctime, ctx)
        raise _Unknown(
            "a DataWorks parameter, not DolphinScheduler's (this node uses the DolphinScheduler "
            "dialect: ${system.biz.date}, ${system.datetime})"
        )
    if brace is not None:
        body = brace.strip()
        if body in values:
            return values[body]
        if dialect == "dataworks":
            return _dataworks_brace(body, cyctime, ctx)
        return _dolphin_brace(body, cyctime, ctx)
    body = bracket.strip()
    if dialect == "dataworks":
        return _dataworks_bracket(body, cyctime)
    return _dolphin_bracket(body, cyctime)


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
    dialect: str = DEFAULT_DIALECT,
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
    dialect: str = DEFAULT_DIALECT,
    *,
    context: ParamContext | None = None,
) -> str:
    """Put rendered node parameters into code as ${key}, and render the remaining expressions."""
    return render(code, cyctime, dialect, context=context, values=values)
