from django.urls import include, path
from rest_framework.routers import SimpleRouter

from scheduler.api import views

router = SimpleRouter()
router.register(
    r"projects/(?P<project_id>\d+)/instances", views.InstanceViewSet, basename="instance"
)

urlpatterns = [
    path(
        "projects/<int:project_id>/nodes/<int:node_id>/run/",
        views.NodeRunView.as_view(),
        name="node-run",
    ),
    path(
        "projects/<int:project_id>/nodes/<int:node_id>/test-run/",
        views.NodeTestRunView.as_view(),
        name="node-test-run",
    ),
    path("", include("scheduler.api.operations")),
    path("", include("scheduler.api.backfills")),
    path("", include("scheduler.api.adhoc")),
    *router.urls,
]
