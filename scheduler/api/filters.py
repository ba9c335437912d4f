"""Query-string filters of the instance list and the Gantt, read by filter serializers
(`projects.api.filters`): a bad parameter is a 400 naming it, the selectors only filter."""

from rest_framework import serializers

from projects import validation
from projects.api.filters import Checked, IdFilter, TextFilter
from scheduler import selectors
from scheduler.states import InstanceState, RunKind


def _choices(choices):
    """Comma-separated values, each one of `choices` (the first unknown one is named)."""

    def check(params, name: str) -> list[str] | None:
        value = params.get(name)
        if not value:
            return None
        values = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
        unknown = [v for v in values if v not in choices]
        if unknown:
            validation.fail(name, f"unknown {unknown[0]!r}; one or more of {', '.join(choices)}")
        return values

    return check


class ChoicesFilter(Checked):
    def __init__(self, choices, **kwargs):
        super().__init__(_choices(choices), **kwargs)


class DateFilter(Checked):
    def __init__(self, **kwargs):
        super().__init__(validation.date_param, **kwargs)


def _limit(params, name: str) -> int | None:
    if not params.get(name):
        return None
    try:
        number = int(params[name])
    except ValueError:
        number = 0
    if not 1 <= number <= selectors.GANTT_MAX:
        validation.fail(name, f"a whole number from 1 to {selectors.GANTT_MAX}")
    return number


class _Common(serializers.Serializer):
    status = ChoicesFilter(InstanceState.values)
    run_kind = ChoicesFilter(RunKind.values)
    workflow = IdFilter()
    backfill = IdFilter()
    search = TextFilter()
    bizdate = DateFilter()


class InstanceFilterSerializer(_Common):
    node = IdFilter()
    owner = IdFilter()
    bizdate_from = DateFilter()
    bizdate_to = DateFilter()

    def validate(self, attrs):
        start, end = attrs.get("bizdate_from"), attrs.get("bizdate_to")
        if start and end and start > end:
            raise serializers.ValidationError({"bizdate_to": ["not before bizdate_from"]})
        return attrs


class GanttFilterSerializer(_Common):
    limit = Checked(_limit)
