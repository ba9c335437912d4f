from django.urls import include, path
from rest_framework.routers import SimpleRouter

from projects.api import canvas, reviews, views

router = SimpleRouter()
router.register(r"projects", views.ProjectViewSet, basename="project")
scoped = r"projects/(?P<project_id>\d+)"
router.register(rf"{scoped}/members", views.MemberViewSet, basename="member")
router.register(rf"{scoped}/datasources", views.DataSourceViewSet, basename="datasource")
router.register(rf"{scoped}/workflows", views.WorkflowViewSet, basename="workflow")
router.register(rf"{scoped}/nodes", views.NodeViewSet, basename="node")
router.register(rf"{scoped}/dependencies", views.DependencyViewSet, basename="dependency")
router.register(rf"{scoped}/deployments", views.DeploymentViewSet, basename="deployment")
router.register(rf"{scoped}/audit", views.AuditViewSet, basename="audit")
router.register(
    rf"{scoped}/deploy-requests", reviews.DeployRequestViewSet, basename="deploy-request"
)
router.register(
    rf"{scoped}/deploy-packages", reviews.DeployPackageViewSet, basename="deploy-package"
)

urlpatterns = [
    path("", include("projects.api.authoring")),
    path("projects/<int:project_id>/graph/", views.GraphView.as_view(), name="project-graph"),
    path("projects/<int:project_id>/canvas/", canvas.CanvasView.as_view(), name="project-canvas"),
    path(
        "projects/<int:project_id>/deploy/", views.BatchDeployView.as_view(), name="project-deploy"
    ),
    *router.urls,
]
