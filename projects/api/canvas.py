"""GET/PATCH/DELETE /projects/{id}/canvas/?workflow=ID: the designer's shared node positions."""

import math

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from projects import canvas, validation
from projects.access import as_id
from projects.api.base import ProjectAccessMixin, valid_data
from projects.models import Workflow

MAX_POSITIONS = 20_000
MAX_COORDINATE = 10_000_000

WORKFLOW = OpenApiParameter(
    "workflow", int, description="The workflow's canvas; without it, the project-wide canvas."
)


class CanvasSerializer(serializers.Serializer):
    workflow = serializers.IntegerField(allow_null=True)
    positions = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        help_text='{"<node id>": [x, y]}',
    )
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.CharField(allow_null=True)


class CanvasMoveSerializer(serializers.Serializer):
    workflow = serializers.IntegerField(required=False, allow_null=True, default=None)
    positions = serializers.DictField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        help_text='The moved nodes: {"<node id>": [x, y]}',
    )

    def validate_positions(self, value):
        if len(value) > MAX_POSITIONS:
            raise ValidationError(
                _("at most %(count)s positions at once") % {"count": MAX_POSITIONS}
            )
        checked = {}
        for key, (x, y) in value.items():
            if as_id(key) is None or not str(key).isdigit():
                raise ValidationError(_("%(key)r is not a node id") % {"key": str(key)[:40]})
            if not all(math.isfinite(n) and abs(n) <= MAX_COORDINATE for n in (x, y)):
                raise ValidationError(
                    _("node %(node)s: coordinates must be within ±%(limit)s")
                    % {"node": key, "limit": MAX_COORDINATE}
                )
            checked[int(key)] = (x, y)
        return checked


class CanvasView(ProjectAccessMixin, APIView):
    def _workflow_id(self, value) -> int | None:
        if value in (None, ""):
            return None
        workflow_id = validation.check_id(value, "workflow")
        if not Workflow.objects.filter(project=self.project, id=workflow_id).exists():
            raise ValidationError(
                {"workflow": [_("no workflow %(id)s in this project") % {"id": workflow_id}]}
            )
        return workflow_id

    @extend_schema(parameters=[WORKFLOW], responses=CanvasSerializer)
    def get(self, request, project_id=None):
        workflow_id = self._workflow_id(request.query_params.get("workflow"))
        return Response(canvas.canvas_read(self.project, workflow_id))

    @extend_schema(request=CanvasMoveSerializer, responses=CanvasSerializer)
    def patch(self, request, project_id=None):
        data = valid_data(CanvasMoveSerializer, request.data)
        result = canvas.canvas_merge(
            project=self.project,
            actor=request.user,
            workflow_id=self._workflow_id(data["workflow"]),
            positions=data["positions"],
        )
        return Response(result)

    @extend_schema(parameters=[WORKFLOW], responses={204: None})
    def delete(self, request, project_id=None):
        workflow_id = self._workflow_id(request.query_params.get("workflow"))
        canvas.canvas_forget(project=self.project, workflow_id=workflow_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
