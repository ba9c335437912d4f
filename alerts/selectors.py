"""Reads of alert rules, channels and deliveries."""

from django.db.models import QuerySet

from alerts.models import Delivery


def delivery_list(*, filters: dict) -> QuerySet:
    """Deliveries, newest first, filtered (DeliveryFilterSerializer); the caller scopes them to a
    project (ProjectScopedViewSet)."""
    qs = Delivery.objects.select_related("channel", "alert__rule").order_by("-id")
    if "status" in filters:
        qs = qs.filter(status=filters["status"])
    if "channel" in filters:
        qs = qs.filter(channel_id=filters["channel"])
    if "instance" in filters:
        qs = qs.filter(alert__instance_id=filters["instance"])
    return qs
