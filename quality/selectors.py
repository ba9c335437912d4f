"""Reads of quality rules and their runs."""

from django.db.models import Q, QuerySet

from quality.models import QualityRule, QualityRun


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


def deploy_review_checks(node, snapshot: dict) -> list[dict]:
    """A deploy review's word on quality: the enabled rules that will check what the node
    writes (bound to it, or on a table it declares as an output)."""
    from projects.review_checks import INFO, result

    tables = [t.lower() for t in snapshot.get("output_tables") or []]
    rules = QualityRule.objects.filter(project_id=node.project_id, enabled=True).filter(
        Q(nodes=node.id) | Q(table__in=tables)
    )
    names = sorted({f"{rule.name} ({rule.strength}, {rule.table})" for rule in rules})
    if not names:
        return [result(node, "quality", INFO, True, "no quality rule guards what it writes")]
    return [result(node, "quality", INFO, True, "guarded by " + "; ".join(names))]
