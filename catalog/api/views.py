from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors, services
from catalog.api import serializers as s
from catalog.models import CatalogTable
from projects import permissions
from projects.api.base import ProjectAccessMixin, ProjectScopedViewSet, valid_data
from projects.api.filters import valid_filters
from projects.models import DataSource
from workbench.api.pagination import CappedCountPagination


class CatalogSourcesView(ProjectAccessMixin, APIView):
    @extend_schema(responses=s.CatalogSourceSerializer(many=True))
    def get(self, request, project_id=None):
        return Response(
            s.CatalogSourceSerializer(selectors.source_list(project=self.project), many=True).data
        )


# Reading the tables again connects to the data sources: for those who may edit.
class CatalogRefreshView(ProjectAccessMixin, APIView):
    write_action = permissions.EDIT

    @extend_schema(
        request=s.RefreshInputSerializer, responses={202: s.CatalogSourceSerializer(many=True)}
    )
    def post(self, request, project_id=None):
        data = valid_data(s.RefreshInputSerializer, request.data)
        datasource = None
        if "datasource" in data:
            datasource = DataSource.objects.filter(
                project=self.project, pk=data["datasource"]
            ).first()
            if datasource is None:
                raise ValidationError({"datasource": [_("no such data source in this project")]})
        services.refresh_request(project=self.project, actor=request.user, datasource=datasource)
        sources = selectors.source_list(project=self.project)
        return Response(s.CatalogSourceSerializer(sources, many=True).data, status=202)


# The preview shows rows of the data: for those who may run SQL on the project's sources.
class CatalogTableViewSet(ProjectScopedViewSet, mixins.ListModelMixin):
    serializer_class = s.CatalogTableSerializer
    pagination_class = CappedCountPagination
    action_permissions = {"preview": permissions.TEST_RUN}

    def scoped_queryset(self):
        if self.action == "list":
            filters = valid_filters(s.TableSearchFilterSerializer, self.request.query_params)
            return selectors.table_search(filters={**filters, "project": self.project.id})
        return CatalogTable.objects.select_related("datasource", "project")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "matched": getattr(self, "_matched", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._matched = selectors.matched_columns(page or [], self.request.query_params.get("q"))
        return page

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("datasource", int)],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=s.CatalogTableDetailSerializer)
    def retrieve(self, request, project_id=None, pk=None):
        table = self.get_object()
        services.lineage_sync(project=self.project)
        detail = selectors.table_detail(table=table)
        return Response(s.CatalogTableDetailSerializer({"table": table, **detail}).data)

    @extend_schema(parameters=[OpenApiParameter("limit", int)], responses=s.PreviewSerializer)
    @action(detail=True, methods=["get"])
    def preview(self, request, project_id=None, pk=None):
        limit = valid_data(s.PreviewInputSerializer, request.query_params)["limit"]
        found = services.table_preview(table=self.get_object(), actor=request.user, limit=limit)
        return Response(s.PreviewSerializer(found).data)

    @extend_schema(parameters=[OpenApiParameter("depth", int)], responses=s.LineageSerializer)
    @action(detail=True, methods=["get"])
    def lineage(self, request, project_id=None, pk=None):
        depth = valid_data(s.LineageInputSerializer, request.query_params)["depth"]
        table = self.get_object()
        services.lineage_sync(project=self.project)
        return Response(s.LineageSerializer(selectors.table_lineage(table=table, depth=depth)).data)
