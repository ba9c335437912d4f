from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination


class DefaultPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class IdCursorPagination(CursorPagination):
    """Stable, index-friendly paging for large, growing tables (instances, events, audit)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class OrderableCursorPagination(IdCursorPagination):
    """Cursor paging in an order the caller picks (`?ordering=-cyctime`) among `ordering_fields`.

    Ties are broken by id, so pages neither skip nor repeat rows with equal values; each field
    names the id direction that goes with it ascending, as its index has it, so that both
    directions walk the index (forwards or backwards) instead of sorting the table.
    """

    ordering_fields: dict[str, str] = {}

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get("ordering") or self.ordering
        field = value.lstrip("-")
        if field == "id":
            return (value,)
        if field not in self.ordering_fields:
            choices = ", ".join(("id", *self.ordering_fields))
            raise ValidationError(
                {
                    "ordering": [
                        _("one of %(choices)s, optionally with a leading -") % {"choices": choices}
                    ]
                }
            )
        tie = self.ordering_fields[field]
        if value.startswith("-"):
            tie = tie[1:] if tie.startswith("-") else f"-{tie}"
        return (value, tie)
