"""Ad-hoc queries: run SQL on a data source, page through each statement's rows, download them
as CSV, cancel; the caller's own history. Everything here needs the test-run right."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from projects import permissions
from projects.api.base import ProjectScopedViewSet, valid_data
from projects.api.serializers import DateField, IdField
from projects.models import DataSource
from scheduler import adhoc
from scheduler.models import AdhocQuery
from workbench.api.pagination import IdCursorPagination


class QueryInputSerializer(serializers.Serializer):
    datasource = IdField()
    sql = serializers.CharField(max_length=adhoc.MAX_SQL, trim_whitespace=False)
    bizdate = DateField(
        required=False, allow_null=True, default=None, help_text="parameters render for it"
    )


class StatementSetSerializer(serializers.Serializer):
    statement = serializers.IntegerField(help_text="its number among all the statements")
    columns = serializers.ListField(child=serializers.CharField())
    total = serializers.IntegerField(help_text="rows kept")


class AdhocQuerySerializer(serializers.ModelSerializer):
    datasource_name = serializers.CharField(source="datasource.name", default=None, allow_null=True)
    sets = serializers.SerializerMethodField()

    class Meta:
        model = AdhocQuery
        fields = [
            "id",
            "datasource",
            "datasource_name",
            "environment",
            "sql",
            "rendered_sql",
            "bizdate",
            "status",
            "sets",
            "log",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]

    @extend_schema_field(StatementSetSerializer(many=True))
    def get_sets(self, query) -> list[dict]:
        return [
            {"statement": s["statement"], "columns": s["columns"], "total": len(s["rows"])}
            for s in query.result.get("sets", [])
        ]


class RowsQuerySerializer(serializers.Serializer):
    statement = serializers.IntegerField(min_value=1)
    offset = serializers.IntegerField(min_value=0, default=0)
    limit = serializers.IntegerField(min_value=1, max_value=500, default=50)


class RowsPageSerializer(serializers.Serializer):
    statement = serializers.IntegerField()
    columns = serializers.ListField(child=serializers.CharField())
    total = serializers.IntegerField()
    truncated = serializers.BooleanField(help_text="more rows than were kept")
    offset = serializers.IntegerField()
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))


class AdhocQueryViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The caller's ad-hoc queries in the project, newest first."""

    serializer_class = AdhocQuerySerializer
    pagination_class = IdCursorPagination
    write_action = permissions.TEST_RUN
    action_permissions = {
        "list": permissions.TEST_RUN,
        "retrieve": permissions.TEST_RUN,
        "rows": permissions.TEST_RUN,
        "csv": permissions.TEST_RUN,
    }

    def scoped_queryset(self):
        # A member's history is their own: another member's queries are not found.
        return AdhocQuery.objects.filter(member_id=self.request.user.pk).select_related(
            "datasource"
        )

    @extend_schema(request=QueryInputSerializer, responses={201: AdhocQuerySerializer})
    def create(self, request, project_id=None):
        data = valid_data(QueryInputSerializer, request.data)
        datasource = DataSource.objects.filter(project=self.project, pk=data["datasource"]).first()
        if datasource is None:
            raise serializers.ValidationError({"datasource": ["no such data source"]})
        query = adhoc.query_submit(
            project=self.project,
            actor=request.user,
            datasource=datasource,
            sql=data["sql"],
            bizdate=data["bizdate"],
        )
        return Response(AdhocQuerySerializer(query).data, status=201)

    @extend_schema(request=None, responses=AdhocQuerySerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, project_id=None, pk=None):
        query = adhoc.query_cancel(query=self.get_object(), actor=request.user)
        return Response(AdhocQuerySerializer(query).data)

    @extend_schema(parameters=[RowsQuerySerializer], responses=RowsPageSerializer)
    @action(detail=True, methods=["get"])
    def rows(self, request, project_id=None, pk=None):
        asked = valid_data(RowsQuerySerializer, request.query_params)
        return Response(adhoc.rows_page(self.get_object(), **asked))

    @extend_schema(
        parameters=[OpenApiParameter("statement", int, required=True)],
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=True, methods=["get"])
    def csv(self, request, project_id=None, pk=None):
        asked = valid_data(RowsQuerySerializer, request.query_params)
        query = self.get_object()
        body = adhoc.as_csv(query, asked["statement"])
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = f"query-{query.id}-statement-{asked['statement']}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


router = SimpleRouter()
router.register(
    r"projects/(?P<project_id>\d+)/adhoc-queries", AdhocQueryViewSet, basename="adhoc-query"
)
urlpatterns = router.urls
