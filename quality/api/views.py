from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from projects import permissions
from projects.api.base import ProjectScopedViewSet, valid_data
from projects.api.filters import valid_filters
from projects.models import DataSource
from quality import selectors, services
from quality.api import serializers as s
from quality.models import QualityRule, QualityRun, Verdict


def _datasource(project, data: dict) -> dict:
    if "datasource" in data:
        ds = DataSource.objects.filter(project=project, pk=data["datasource"]).first()
        if ds is None:
            raise ValidationError({"datasource": [_("no such data source in this project")]})
        data["datasource"] = ds
    return data


class QualityRuleViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.QualityRuleOutputSerializer
    action_permissions = {"run": permissions.TEST_RUN, "preview_sql": permissions.READ}

    def scoped_queryset(self):
        latest = QualityRun.objects.order_by("-id")
        return QualityRule.objects.prefetch_related(
            "nodes", Prefetch("runs", queryset=latest[:1], to_attr="latest_runs")
        ).order_by("name")

    def _out(self, rule: QualityRule):
        return s.QualityRuleOutputSerializer(self.scoped_queryset().get(pk=rule.pk)).data

    @extend_schema(
        request=s.QualityRuleInputSerializer, responses={201: s.QualityRuleOutputSerializer}
    )
    def create(self, request, project_id=None):
        data = _datasource(self.project, valid_data(s.QualityRuleInputSerializer, request.data))
        rule = services.rule_create(project=self.project, actor=request.user, **data)
        return Response(self._out(rule), status=201)

    @extend_schema(request=s.QualityRuleUpdateSerializer, responses=s.QualityRuleOutputSerializer)
    def partial_update(self, request, project_id=None, pk=None):
        data = valid_data(s.QualityRuleUpdateSerializer, request.data, partial=True)
        data = _datasource(self.project, data)
        rule = services.rule_update(rule=self.get_object(), actor=request.user, **data)
        return Response(self._out(rule))

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        services.rule_delete(rule=self.get_object(), actor=request.user)
        return Response(status=204)

    @extend_schema(request=s.RunRequestSerializer, responses={202: s.QualityRunSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request, project_id=None, pk=None):
        data = valid_data(s.RunRequestSerializer, request.data)
        run = services.request_run(
            rule=self.get_object(), bizdate=data["bizdate"], actor=request.user
        )
        return Response(s.QualityRunSerializer(run).data, status=202)

    @extend_schema(request=s.PreviewSerializer, responses=s.SqlSerializer)
    @action(detail=False, methods=["post"], url_path="preview-sql")
    def preview_sql(self, request, project_id=None):
        data = _datasource(self.project, valid_data(s.PreviewSerializer, request.data))
        data.pop("nodes", None)
        sql = services.preview_sql(project=self.project, **data)
        return Response({"sql": sql})


class QualityRunViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.QualityRunSerializer

    def scoped_queryset(self):
        filters = valid_filters(s.QualityRunFilterSerializer, self.request.query_params)
        return selectors.quality_run_list(filters=filters)

    @extend_schema(
        parameters=[
            OpenApiParameter("rule", int),
            OpenApiParameter("instance", int),
            OpenApiParameter("verdict", str, enum=Verdict.values),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
