"""Reads of quality rules and their runs."""

from django.db.models import QuerySet

from quality.models import QualityRun


def quality_run_list(*, filters: dict) -> QuerySet:
    """Rule runs, newest first, filtered (QualityRunFilterSerializer); the caller scopes them to
    a project (ProjectScopedViewSet)."""
    qs = QualityRun.objects.select_related("rule").order_by("-id")
    for name in ("rule", "instance"):
        if name in filters:
            qs = qs.filter(**{f"{name}_id": filters[name]})
    if "verdict" in filters:
        qs = qs.filter(verdict=filters["verdict"])
    return qs
