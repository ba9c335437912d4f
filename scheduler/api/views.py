from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from projects import permissions, validation
from projects.access import access_object, as_id, project_ids_where
from projects.api.base import ProjectAccessMixin, ProjectScopedViewSet
from projects.api.filters import valid_filters
from projects.models import Node
from scheduler import selectors, services
from scheduler.api import serializers as s
from scheduler.api.filters import InstanceFilterSerializer
from scheduler.models import Instance
from scheduler.states import RunKind
from workbench.api.pagination import OrderableCursorPagination


class InstancePagination(OrderableCursorPagination):
    # Each with the index it walks: (project, cyctime, id), (project, bizdate, -id), (project,
    # status, -id); the node's name and the run's duration are sorted, over all matching rows.
    ordering_fields = {
        "cyctime": "id",
        "bizdate": "-id",
        "status": "-id",
        "node_name": "-id",
        "duration": "-id",
    }
    # Counting stops here: past it the list says "10,000+" instead of scanning every row.
    count_limit = 10_000

    def paginate_queryset(self, queryset, request, view=None):
        self.count = queryset.order_by()[: self.count_limit + 1].count()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count"] = min(self.count, self.count_limit)
        response.data["count_capped"] = self.count > self.count_limit
        return response

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["results", "count", "count_capped"]
        answer["properties"]["count"] = {"type": "integer", "description": "rows that match"}
        answer["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"more than {self.count_limit} match; count says {self.count_limit}",
        }
        return answer


# The list's filters (scheduler.api.filters.InstanceFilterSerializer), all optional.
FILTERS = [
    OpenApiParameter("status", str, description="one or more statuses, comma-separated"),
    OpenApiParameter("node", int),
    OpenApiParameter("workflow", int),
    OpenApiParameter("owner", int, description="the node owner's user id"),
    OpenApiParameter(
        "run_kind", str, description=f"one or more of {', '.join(RunKind.values)}, comma-separated"
    ),
    OpenApiParameter("backfill", int),
    OpenApiParameter("bizdate", OpenApiTypes.DATE),
    OpenApiParameter("bizdate_from", OpenApiTypes.DATE),
    OpenApiParameter("bizdate_to", OpenApiTypes.DATE),
    OpenApiParameter("search", str, description="part of the node name"),
]


class InstanceViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Instances of the project; operator actions need the `operate` permission."""

    serializer_class = s.InstanceOutputSerializer
    pagination_class = InstancePagination
    write_action = permissions.OPERATE

    def scoped_queryset(self):
        if self.action == "list":
            filters = valid_filters(InstanceFilterSerializer, self.request.query_params)
            return selectors.instance_list(self.project, filters)
        return Instance.objects.select_related(
            "node", "node__owner", "version", "started_by", "backfill__created_by"
        )

    def get_serializer_class(self):
        return (
            s.InstanceDetailSerializer if self.action == "retrieve" else s.InstanceOutputSerializer
        )

    @extend_schema(
        parameters=[
            *FILTERS,
            OpenApiParameter(
                "ordering",
                str,
                enum=[
                    f"{sign}{field}"
                    for field in ("id", *InstancePagination.ordering_fields)
                    for sign in ("", "-")
                ],
                description="newest first (-id) unless asked; ties by id",
            ),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("bizdate", str, required=True),
            OpenApiParameter("workflow", int),
        ],
        responses=s.LatestInstancesSerializer,
    )
    @action(detail=False, methods=["get"])
    def latest(self, request, project_id=None):
        """Each node's latest instance of a business date: {"nodes": {node_id: {...}}}."""
        params = request.query_params
        workflow = params.get("workflow")
        workflow_id = as_id(workflow) if workflow else None
        if workflow and workflow_id is None:
            raise ValidationError({"workflow": [_("a positive whole number (an id)")]})
        bizdate = validation.date_param(params, "bizdate")
        if bizdate is None:
            raise ValidationError({"bizdate": [_("a date as YYYY-MM-DD")]})
        return Response(
            selectors.node_latest_instances(self.project, bizdate=bizdate, workflow_id=workflow_id)
        )

    @extend_schema(responses=s.InstanceDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        return Response(s.InstanceDetailSerializer(self.get_object()).data)

    # All of them, unpaged (an instance has few); no paginator, so that the schema says so too.
    @extend_schema(responses=s.InstanceEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, project_id=None, pk=None):
        events = self.get_object().events.select_related("actor").order_by("id")
        return Response(s.InstanceEventSerializer(events, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("attempt", int), OpenApiParameter("download", bool)],
        responses={(200, "text/plain"): OpenApiTypes.STR},
    )
    @action(detail=True, methods=["get"])
    def log(self, request, project_id=None, pk=None):
        instance = self.get_object()
        attempt = request.query_params.get("attempt")
        if attempt is not None and not attempt.isdigit():
            raise ValidationError({"attempt": [_("a whole number")]})
        text = selectors.instance_log(instance, int(attempt) if attempt else None)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        if request.query_params.get("download") in ("1", "true"):
            response["Content-Disposition"] = f'attachment; filename="instance-{instance.id}.log"'
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter("up", int, description="levels of upstream (default 2, at most 10)"),
            OpenApiParameter(
                "down", int, description="levels of downstream (default 2, at most 10)"
            ),
        ],
        responses=s.InstanceGraphSerializer,
    )
    @action(detail=True, methods=["get"])
    def graph(self, request, project_id=None, pk=None):
        try:
            up = int(request.query_params.get("up", 2))
            down = int(request.query_params.get("down", 2))
        except ValueError:
            raise ValidationError({"up": [_("whole numbers for up and down")]}) from None
        return Response(
            selectors.instance_graph(
                self.get_object(),
                readable=project_ids_where(request.user, permissions.READ),
                up=up,
                down=down,
            )
        )

    def _act(self, service, **extra):
        instance = service(instance=self.get_object(), actor=self.request.user, **extra)
        return Response(s.InstanceDetailSerializer(instance).data)

    @extend_schema(request=None, responses=s.InstanceDetailSerializer)
    @action(detail=True, methods=["post"])
    def rerun(self, request, project_id=None, pk=None):
        return self._act(services.instance_rerun)

    @extend_schema(request=None, responses=s.RerunDownstreamSerializer)
    @action(detail=True, methods=["post"], url_path="rerun-downstream")
    def rerun_downstream(self, request, project_id=None, pk=None):
        ids = services.instance_rerun_downstream(instance=self.get_object(), actor=request.user)
        return Response({"rerun": ids})

    @extend_schema(request=None, responses=s.InstanceDetailSerializer)
    @action(detail=True, methods=["post"], url_path="set-success")
    def set_success(self, request, project_id=None, pk=None):
        return self._act(services.instance_set_success)

    @extend_schema(request=None, responses=s.InstanceDetailSerializer)
    @action(detail=True, methods=["post"], url_path="set-failed")
    def set_failed(self, request, project_id=None, pk=None):
        return self._act(services.instance_set_failed)

    @extend_schema(request=None, responses=s.InstanceDetailSerializer)
    @action(detail=True, methods=["post"])
    def freeze(self, request, project_id=None, pk=None):
        return self._act(services.instance_freeze)

    @extend_schema(request=None, responses=s.InstanceDetailSerializer)
    @action(detail=True, methods=["post"])
    def unfreeze(self, request, project_id=None, pk=None):
        return self._act(services.instance_unfreeze)

    @extend_schema(request=None, responses=s.InstanceDetailSerializer)
    @action(detail=True, methods=["post"])
    def kill(self, request, project_id=None, pk=None):
        return self._act(services.instance_kill)


class NodeRunView(ProjectAccessMixin, APIView):
    """Run the deployed version of a node for a business date (optionally with its downstream)."""

    write_action = permissions.OPERATE

    @extend_schema(
        request=s.ManualRunSerializer, responses={201: s.InstanceOutputSerializer(many=True)}
    )
    def post(self, request, project_id=None, node_id=None):
        data = s.ManualRunSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        node = access_object(
            Node.objects.select_related("project", "deployed_version"), self.project, node_id
        )
        instances = services.node_run_manual(node=node, actor=request.user, **data.validated_data)
        return Response(s.InstanceOutputSerializer(instances, many=True).data, status=201)


class NodeTestRunView(ProjectAccessMixin, APIView):
    """Run the current draft of a node once as a test instance (log and first rows of a SELECT)."""

    write_action = permissions.TEST_RUN

    @extend_schema(request=s.TestRunSerializer, responses={201: s.InstanceOutputSerializer})
    def post(self, request, project_id=None, node_id=None):
        data = s.TestRunSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        node = access_object(Node.objects.select_related("project"), self.project, node_id)
        instance = services.node_test_run(node=node, actor=request.user, **data.validated_data)
        return Response(s.InstanceOutputSerializer(instance).data, status=201)
