"""The operations center's read-only figures: a project's dashboard and the Gantt rows of a day
(scheduler/selectors.py `instance_dashboard`, `instance_gantt`)."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from cycles import dates
from projects import validation
from projects.api.base import ProjectAccessMixin
from projects.api.filters import valid_filters
from scheduler import selectors
from scheduler.api import serializers as s
from scheduler.api.filters import GanttFilterSerializer
from scheduler.states import RunKind


class DashboardView(ProjectAccessMixin, APIView):
    """The operations dashboard of a project for one business date (default: today's)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "bizdate", OpenApiTypes.DATE, description="default: the date that runs today"
            )
        ],
        responses=s.DashboardSerializer,
    )
    def get(self, request, project_id=None):
        bizdate = validation.date_param(
            request.query_params,
            "bizdate",
            dates.business_date(timezone.now(), self.project.timezone),
        )
        return Response(selectors.instance_dashboard(self.project, bizdate=bizdate))


class GanttView(ProjectAccessMixin, APIView):
    """The instances of one business date as Gantt rows (start, end, status) with their edges."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "bizdate", OpenApiTypes.DATE, description="default: the date that runs today"
            ),
            OpenApiParameter(
                "run_kind",
                str,
                description=f"one or more of {', '.join(RunKind.values)}, comma-separated; "
                "default: all but test runs",
            ),
            OpenApiParameter("status", str, description="one or more statuses, comma-separated"),
            OpenApiParameter("workflow", int),
            OpenApiParameter("backfill", int),
            OpenApiParameter("search", str, description="part of the node name"),
            OpenApiParameter(
                "limit",
                int,
                description=f"rows (default {selectors.GANTT_LIMIT}, at most {selectors.GANTT_MAX})",
            ),
        ],
        responses=s.GanttSerializer,
    )
    def get(self, request, project_id=None):
        filters = valid_filters(GanttFilterSerializer, request.query_params)
        bizdate = filters.pop("bizdate", None) or dates.business_date(
            timezone.now(), self.project.timezone
        )
        limit = filters.pop("limit", selectors.GANTT_LIMIT)
        return Response(
            selectors.instance_gantt(self.project, bizdate=bizdate, filters=filters, limit=limit)
        )


urlpatterns = [
    path(
        "projects/<int:project_id>/operations/dashboard/",
        DashboardView.as_view(),
        name="operations-dashboard",
    ),
    path(
        "projects/<int:project_id>/operations/gantt/",
        GanttView.as_view(),
        name="operations-gantt",
    ),
]
