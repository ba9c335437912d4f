from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response


class DefaultPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class _CappedPaginator(Paginator):
    cap = 1000

    @cached_property
    def counted(self) -> int:
        return self.object_list[: self.cap + 1].count()  # one more: are there more than cap?

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap


class CappedCountPagination(DefaultPagination):
    """Page numbers with the total counted up to 1,000 (`count_capped` says there are more):
    counting every match of a broad search cost as much as the search itself, and nobody pages
    past the thousandth match instead of narrowing the search."""

    django_paginator_class = _CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return Response(response.data)

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean"}
        schema["required"] = [*schema.get("required", []), "count_capped"]
        return schema


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
