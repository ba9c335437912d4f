from django.urls import path
from rest_framework.routers import SimpleRouter

from alerts.api import ack_link, views

router = SimpleRouter()
scoped = r"projects/(?P<project_id>\d+)/alerts"
router.register(rf"{scoped}/channels", views.ChannelViewSet, basename="alert-channel")
router.register(rf"{scoped}/rules", views.AlertRuleViewSet, basename="alert-rule")
router.register(rf"{scoped}/deliveries", views.DeliveryViewSet, basename="alert-delivery")
router.register(rf"{scoped}/incidents", views.IncidentViewSet, basename="alert-incident")
router.register(rf"{scoped}/baselines", views.BaselineViewSet, basename="alert-baseline")

urlpatterns = [
    path("incidents/acknowledge", ack_link.acknowledge_by_link, name="incident-ack-link"),
    *router.urls,
]
