"""Field checks shared by the services; each raises ValidationError({field: reason})."""

import datetime
import re
import zoneinfo

from croniter import croniter
from rest_framework.exceptions import ValidationError

MAX_CODE_BYTES = 1024 * 1024
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\- ]{0,199}$")
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


def check_name(value: str, field: str = "name") -> str:
    value = (value or "").strip()
    if not _NAME.match(value):
        fail(field, "use 1-200 letters, digits, spaces, '_', '-' or '.', not starting with a space")
    return value


def unique_name(
    queryset, name: str, label: str, *, exclude=None, where: str = " in this project"
) -> str:
    """A valid name that no other row of `queryset` uses; otherwise 400 on `name`."""
    name = check_name(name)
    clash = queryset.filter(name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        fail("name", f"a {label} named {name!r} exists{where}")
    return name


def check_id(value, field: str) -> int:
    """An id given in a query string or body; otherwise 400 on `field`."""
    from projects.access import as_id

    number = as_id(value)
    if number is None:
        fail(field, "a positive whole number (an id)")
    return number


def check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        fail("timezone", f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai")
    return value


def check_cron(value: str) -> str:
    value = " ".join((value or "").split())
    if len(value.split(" ")) != 5 or not croniter.is_valid(value):
        fail(
            "cron",
            f"{value!r} is not a valid 5-field cron expression (minute hour day month weekday)",
        )
    return value


def check_code(value: str) -> str:
    if len((value or "").encode()) > MAX_CODE_BYTES:
        fail("code", "code is larger than 1 MB")
    return value or ""


def check_output_tables(values) -> list[str]:
    if not isinstance(values, list):
        fail("output_tables", "a list of table names")
    tables = []
    for value in values:
        name = str(value).strip().lower()
        if not _TABLE.match(name):
            fail(
                "output_tables",
                f"{value!r} is not a table name (table, schema.table or catalog.schema.table)",
            )
        if name not in tables:
            tables.append(name)
    return tables


def check_parameters(values) -> dict[str, str]:
    """Node parameters: {key: expression}; each expression must render for a sample cycle time."""
    if not isinstance(values, dict):
        fail("parameters", "an object of key: expression pairs")
    for key, expr in values.items():
        if not _PARAM_KEY.match(str(key)):
            fail("parameters", f"{key!r} is not a valid parameter name")
        if not isinstance(expr, str):
            fail("parameters", f"the value of {key} must be a string")
        try:
            from scheduler import params
        except ImportError:  # the renderer is optional at this layer
            continue
        try:
            params.render(expr, datetime.datetime(2024, 1, 31, 0, 0))
        except ValueError as exc:
            fail("parameters", f"{key}: {exc}")
    return {str(k): v for k, v in values.items()}


_GROUP = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,63}$")


def check_group_slots(values) -> dict[str, int]:
    """{resource group: most slots of it the project may hold}."""
    if not isinstance(values, dict):
        fail("group_slots", "an object of resource group: number of slots")
    checked = {}
    for group, slots in values.items():
        if not _GROUP.match(str(group)):
            fail("group_slots", f"{group!r} is not a resource group name")
        if isinstance(slots, bool) or not isinstance(slots, int) or not 1 <= slots <= 10_000:
            fail("group_slots", f"the slots of {group} must be a whole number from 1 to 10000")
        checked[str(group)] = slots
    return checked


def check_timeouts(default: int, maximum: int) -> None:
    if maximum and default > maximum:
        fail("default_timeout_seconds", f"more than the project's maximum of {maximum} s")


def check_dates(start, end) -> None:
    if start and end and end < start:
        fail("end_date", "the end date is before the start date")
