"""Field checks shared by the services; each raises ValidationError({field: reason}).

Django's ValidationError: services and selectors know nothing of DRF; the API's error handler
(workbench/api/errors.py) gives it the JSON shape of every 400."""

import datetime
import functools
import re
import unicodedata
import zoneinfo

from croniter import croniter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cycles import params as parameters
from cycles.cron import CronError, validate_schedule

MAX_CODE_BYTES = 1024 * 1024
# Names are what people read (订单日报, Umsätze, ...): letters and digits of any script, spaces
# and _ - . — nothing invisible (control, zero-width or direction characters), compared in NFC.
# Code never makes a path or an identifier of a name; it uses ids.
NAME_RULE = gettext_lazy(
    "use 1-200 letters (of any script), digits, spaces, '_', '-' or '.', "
    "starting with a letter, a digit or '_'"
)
_NAME_SIGNS = frozenset("_.- ")
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$")
_PARAM_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def fail(field: str, reason: str):
    raise ValidationError({field: [reason]})


class LoopError(ValidationError):
    """A dependency refused because it would close a loop; `cycle` lists the loop's node ids
    (first == last) so that the designer can draw it. The API adds it to the error body."""

    def __init__(self, reason: str, cycle: list[int]):
        super().__init__({"upstream": [reason]})
        self.cycle = list(cycle)


def is_name(value: str) -> bool:
    """1-200 letters, marks and digits of any script, spaces and _ - . (see NAME_RULE)."""
    if not 1 <= len(value) <= 200:
        return False
    first = value[0]
    if first != "_" and unicodedata.category(first)[0] not in "LN":
        return False
    return all(c in _NAME_SIGNS or unicodedata.category(c)[0] in "LMN" for c in value)


def check_name(value: str, field: str = "name") -> str:
    value = unicodedata.normalize("NFC", (value or "").strip())
    if not is_name(value):
        fail(field, NAME_RULE)
    return value


# What unique_name calls the things it names, and where a clash is (`where`), as the user reads them.
_LABELS = {
    "project": gettext_lazy("project"),
    "data source": gettext_lazy("data source"),
    "workflow": gettext_lazy("workflow"),
    "node": gettext_lazy("node"),
    "quality rule": gettext_lazy("quality rule"),
    "alert channel": gettext_lazy("alert channel"),
    "alert rule": gettext_lazy("alert rule"),
}
IN_THIS_PROJECT = gettext_lazy("a %(label)s named %(name)r exists in this project")
AMONG_YOUR_PROJECTS = gettext_lazy("a %(label)s named %(name)r exists among your projects")


def unique_name(queryset, name: str, label: str, *, exclude=None, where=IN_THIS_PROJECT) -> str:
    """A valid name that no other row of `queryset` uses; otherwise 400 on `name`."""
    name = check_name(name)
    clash = queryset.filter(name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        fail("name", str(where) % {"label": _LABELS.get(label, label), "name": name})
    return name


def check_id(value, field: str) -> int:
    """An id given in a query string or body; otherwise 400 on `field`."""
    from projects.access import as_id

    number = as_id(value)
    if number is None:
        fail(field, _("a positive whole number (an id)"))
    return number


# Files of the system's zone folder that are not IANA zone names: "localtime" is whatever the
# server's own zone is (it would change with the host), the others are tzdata's internals.
_NOT_ZONES = {"localtime", "Factory", "posixrules"}


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names a project may use."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    )


def choice_param(params, field: str, choices) -> str | None:
    """A query parameter that must be one of `choices` (its enum in the schema); None if absent."""
    value = params.get(field)
    if not value:
        return None
    if value not in choices:
        fail(field, _("one of %(choices)s") % {"choices": ", ".join(choices)})
    return value


def bool_param(params, field: str) -> bool | None:
    """A boolean query parameter (true/false, or 1/0); None if absent."""
    value = params.get(field)
    if not value:
        return None
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    fail(field, _("true or false"))


def check_timezone(value: str) -> str:
    if value not in time_zones():
        fail(
            "timezone",
            _("unknown time zone %(zone)r; use an IANA name such as Asia/Shanghai")
            % {"zone": value},
        )
    return value


def check_cron(value: str, field: str = "cron") -> str:
    """A 5-field cron expression that fires within the next few years (cycles.cron)."""
    value = " ".join((value or "").split())
    if len(value.split(" ")) != 5 or not croniter.is_valid(value):
        fail(
            field,
            _("%(cron)r is not a valid 5-field cron expression (minute hour day month weekday)")
            % {"cron": value},
        )
    try:
        validate_schedule(value)
    except CronError as exc:
        fail(field, str(exc))
    return value


def check_code(value: str) -> str:
    if len((value or "").encode()) > MAX_CODE_BYTES:
        fail("code", _("code is larger than 1 MB"))
    return value or ""


def check_output_tables(values) -> list[str]:
    if not isinstance(values, list):
        fail("output_tables", _("a list of table names"))
    tables = []
    for value in values:
        name = str(value).strip().lower()
        if not _TABLE.match(name):
            fail(
                "output_tables",
                _("%(table)r is not a table name (table, schema.table or catalog.schema.table)")
                % {"table": value},
            )
        if name not in tables:
            tables.append(name)
    return tables


def check_parameters(values, dialect: str = "dataworks") -> dict[str, str]:
    """Node parameters: {key: expression}; each must render in `dialect` for a sample cycle time."""
    if not isinstance(values, dict):
        fail("parameters", _("an object of key: expression pairs"))
    for key, expr in values.items():
        if not _PARAM_KEY.match(str(key)):
            fail("parameters", _("%(key)r is not a valid parameter name") % {"key": key})
        if not isinstance(expr, str):
            fail("parameters", _("the value of %(key)s must be a string") % {"key": key})
        try:
            parameters.render(expr, datetime.datetime(2024, 1, 31, 0, 0), dialect)
        except ValueError as exc:
            fail("parameters", f"{key}: {exc}")
    return {str(k): v for k, v in values.items()}


_GROUP = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,63}$")


def check_group_slots(values) -> dict[str, int]:
    """{resource group: most slots of it the project may hold}."""
    if not isinstance(values, dict):
        fail("group_slots", _("an object of resource group: number of slots"))
    checked = {}
    for group, slots in values.items():
        if not _GROUP.match(str(group)):
            fail("group_slots", _("%(group)r is not a resource group name") % {"group": group})
        if isinstance(slots, bool) or not isinstance(slots, int) or not 1 <= slots <= 10_000:
            fail(
                "group_slots",
                _("the slots of %(group)s must be a whole number from 1 to 10000")
                % {"group": group},
            )
        checked[str(group)] = slots
    return checked


def check_timeouts(default: int, maximum: int) -> None:
    if maximum and default > maximum:
        fail(
            "default_timeout_seconds",
            _("more than the project's maximum of %(maximum)s s") % {"maximum": maximum},
        )


def check_dates(start, end) -> None:
    if start and end and end < start:
        fail("end_date", _("the end date is before the start date"))


# Business dates, schedule dates and date filters the system works with: wide enough for any
# warehouse's history and future, narrow enough that every date computed from one (parameter
# offsets, previous cycles, the dashboard's history) stays a valid date.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)
DATE_RANGE = f"from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"  # the schema's


def _date_range() -> str:
    """DATE_RANGE in the language of the request."""
    return _("from %(start)s to %(end)s") % {
        "start": EARLIEST_DATE.isoformat(),
        "end": LATEST_DATE.isoformat(),
    }


def date_problem(value: datetime.date) -> str | None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        return _("%(date)s is outside the supported dates (%(range)s)") % {
            "date": value.isoformat(),
            "range": _date_range(),
        }
    return None


def check_date(value: datetime.date | None, field: str):
    """`value` if it lies in the supported range (None passes); otherwise 400 on `field`."""
    problem = date_problem(value) if value is not None else None
    if problem:
        fail(field, problem)
    return value


def date_param(params, field: str, default: datetime.date | None = None):
    """A date (YYYY-MM-DD) from a query string, in the supported range; `default` when absent."""
    value = params.get(field)
    if not value:
        return default
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        fail(field, _("a date as YYYY-MM-DD (%(range)s)") % {"range": _date_range()})
    return check_date(parsed, field)


def datetime_param(params, field: str):
    """A date or an ISO date-time (aware; naive ones are UTC) from a query string, or None."""
    from django.utils.dateparse import parse_date, parse_datetime

    value = params.get(field)
    if not value:
        return None
    try:
        parsed = parse_datetime(value) or parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        fail(
            field,
            _("a date (YYYY-MM-DD) or an ISO date-time (%(range)s)") % {"range": _date_range()},
        )
    check_date(parsed, field)
    if not isinstance(parsed, datetime.datetime):
        parsed = datetime.datetime.combine(parsed, datetime.time())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed
