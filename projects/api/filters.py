"""Query-string filters of list endpoints, read by filter serializers.

Each parameter is checked by `projects.validation` (a bad one is a 400 on it, in the same words
as everywhere else); the view hands the checked values to a selector, which only filters.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from projects import validation


class Checked(serializers.Field):
    """An optional query parameter read by `check(params, name)`; empty reads as absent."""

    def __init__(self, check, **kwargs):
        self.check = check
        super().__init__(required=False, **kwargs)

    def to_internal_value(self, data):
        try:
            return self.check({self.field_name: data}, self.field_name)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict[self.field_name]) from None

    def to_representation(self, value):
        return value


def _id(params, name: str) -> int | None:
    return validation.check_id(params[name], name) if params.get(name) else None


def _text(params, name: str) -> str | None:
    return params.get(name) or None


class IdFilter(Checked):
    def __init__(self, **kwargs):
        super().__init__(_id, **kwargs)


class TextFilter(Checked):
    def __init__(self, **kwargs):
        super().__init__(_text, **kwargs)


class ChoiceFilter(Checked):
    def __init__(self, choices, **kwargs):
        super().__init__(
            lambda params, name: validation.choice_param(params, name, choices), **kwargs
        )


class DateTimeFilter(Checked):
    def __init__(self, **kwargs):
        super().__init__(validation.datetime_param, **kwargs)


def valid_filters(serializer_class, params) -> dict:
    """The filters of a list request, checked; absent and empty ones left out."""
    serializer = serializer_class(data=params)
    serializer.is_valid(raise_exception=True)
    return {name: value for name, value in serializer.validated_data.items() if value is not None}
