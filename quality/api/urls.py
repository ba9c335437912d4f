from rest_framework.routers import SimpleRouter

from quality.api import views

router = SimpleRouter()
scoped = r"projects/(?P<project_id>\d+)/quality"
router.register(rf"{scoped}/rules", views.QualityRuleViewSet, basename="quality-rule")
router.register(rf"{scoped}/runs", views.QualityRunViewSet, basename="quality-run")

urlpatterns = router.urls
