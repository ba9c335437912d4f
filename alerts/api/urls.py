from rest_framework.routers import SimpleRouter

from alerts.api import views

router = SimpleRouter()
scoped = r"projects/(?P<project_id>\d+)/alerts"
router.register(rf"{scoped}/channels", views.ChannelViewSet, basename="alert-channel")
router.register(rf"{scoped}/rules", views.AlertRuleViewSet, basename="alert-rule")
router.register(rf"{scoped}/deliveries", views.DeliveryViewSet, basename="alert-delivery")

urlpatterns = router.urls
