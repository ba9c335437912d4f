"""Helpers of the Studio's editor: parameter preview, cron preview, SQL format, table names,
deploy preview and lineage on unsaved code. None of them writes anything.

Every path is project-scoped like the rest of the API (non-members get 404); all of them need
only the `read` permission, since they change nothing.
"""

import copy
import datetime as dt

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cycles import cron as crons
from cycles import dates, param_reference, params, preview
from projects import permissions, selectors, sql_format, validation
from projects.access import access_object, field_object, readable_project_ids
from projects.api.base import ProjectAccessMixin, valid_data
from projects.api.serializers import (
    DateField,
    IdField,
    LineageProposalSerializer,
    NodeSnapshotSerializer,
    PlanDiffSerializer,
    VersionDiffSerializer,
)
from projects.lineage import SqlTooComplex, check_dialect
from projects.models import CatchUp, DataSource, Node

MAX_CODE_CHARS = 1024 * 1024


class _ReadOnlyView(ProjectAccessMixin, APIView):
    """A project-scoped view whose POSTs compute something and store nothing: `read` suffices."""

    write_action = permissions.READ


# --- parameter preview ----------------------------------------------------------------


class RenderSerializer(serializers.Serializer):
    bizdate = DateField(required=False)
    code = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_CODE_CHARS
    )
    parameters = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=2000),
        required=False,
    )
    cron = serializers.CharField(required=False, allow_blank=True, max_length=120)
    node = IdField(required=False, allow_null=True)
    dialect = serializers.ChoiceField(
        choices=params.DIALECTS,
        allow_blank=True,
        required=False,
        help_text="the parameter dialect; by default the node's, else the project's",
    )


class RenderedParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    expression = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    error = serializers.CharField(allow_null=True)


class RenderedExpressionSerializer(serializers.Serializer):
    expression = serializers.CharField()
    line = serializers.IntegerField()
    value = serializers.CharField(allow_null=True)
    error = serializers.CharField(allow_null=True)
    source = serializers.ChoiceField(
        choices=["parameter", "system"], help_text="a node parameter, or a system expression"
    )


class RenderView(_ReadOnlyView):
    """Render node parameters and the scheduling expressions of (unsaved) code for a date."""

    @extend_schema(
        request=RenderSerializer,
        responses=inline_serializer(
            "RenderPreview",
            {
                "bizdate": serializers.DateField(),
                "cyctime": serializers.CharField(),
                "timezone": serializers.CharField(),
                "dialect": serializers.ChoiceField(choices=params.DIALECTS),
                "parameters": RenderedParameterSerializer(many=True),
                "expressions": RenderedExpressionSerializer(many=True),
                "code": serializers.CharField(allow_null=True),
                "error": serializers.CharField(allow_null=True),
            },
        ),
    )
    def post(self, request, project_id=None):
        data = valid_data(RenderSerializer, request.data)
        node = None
        if data.get("node"):
            node = field_object(Node.objects, self.project, data["node"], "node")
        cron = data.get("cron") or (node.cron if node else None)
        parameters = data.get("parameters")
        if parameters is None:
            parameters = node.parameters if node else {}
        code = data.get("code")
        if code is None:
            code = node.code if node else ""
        context = params.ParamContext(
            jobid=str(self.project.id),
            nodeid=str(node.id) if node else "0",
            node_name=node.name if node else "",
            workflow_id=str(node.workflow_id) if node else "0",
            workflow_name=node.workflow.name if node else "",
            project_name=self.project.name,
        )
        return Response(
            preview.render_preview(
                code=code,
                parameters=parameters,
                bizdate=data.get("bizdate")
                or dates.business_date(timezone.now(), self.project.timezone),
                cron=cron,
                tz=dates.zone(self.project.timezone).key,
                dialect=data.get("dialect")
                or (node.parameter_dialect if node else "")
                or self.project.parameter_dialect,
                context=context,
            )
        )


# --- cron preview ---------------------------------------------------------------------


CATCH_UP_POLICIES = tuple(CatchUp.values)


def _choice(query, name: str, choices: tuple[str, ...]) -> str:
    value = query.get(name) or choices[0]
    if value not in choices:
        raise ValidationError({name: [_("one of %(choices)s") % {"choices": ", ".join(choices)}]})
    return value


def catch_up_preview(expr: str, zone, now: dt.datetime, policies: dict) -> dict:
    """Today's slots already past, and which of them would run if the node were deployed now
    with instances generated right away (or after an outage that missed the day)."""
    today = now.astimezone(zone).date()
    past = [
        t
        for t in crons.cycle_times(
            expr, today, zone.key, policies["dst_gap"], policies["dst_overlap"]
        )
        if t < now
    ]
    runs = {"none": [], "latest": past[-1:], "all": past}[policies["catch_up"]]
    return {
        "policy": policies["catch_up"],
        "past": [t.astimezone(zone).isoformat() for t in past],
        "runs": [t.astimezone(zone).isoformat() for t in runs],
    }


class DstRunSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    duplicate = serializers.BooleanField(help_text="the same instant as an earlier slot: runs once")


class DstSlotSerializer(serializers.Serializer):
    time = serializers.CharField(help_text="the local wall-clock fire time")
    kind = serializers.ChoiceField(choices=["normal", "gap", "overlap"])
    runs = DstRunSerializer(many=True, help_text="when it runs under the policy; none: skipped")


class DstPreviewSerializer(serializers.Serializer):
    change = serializers.DateTimeField(help_text="the zone's next offset change")
    kind = serializers.ChoiceField(choices=["gap", "overlap"])
    offset_before = serializers.CharField()
    offset_after = serializers.CharField()
    slots = DstSlotSerializer(many=True)


class CatchUpPreviewSerializer(serializers.Serializer):
    policy = serializers.ChoiceField(choices=CATCH_UP_POLICIES)
    past = serializers.ListField(child=serializers.DateTimeField())
    runs = serializers.ListField(child=serializers.DateTimeField())


class CronPreviewView(_ReadOnlyView):
    """The next run times of a cron expression in the project's time zone."""

    @extend_schema(
        parameters=[
            OpenApiParameter("cron", str, required=True),
            OpenApiParameter("count", int),
            OpenApiParameter("start_date", OpenApiTypes.DATE),
            OpenApiParameter("end_date", OpenApiTypes.DATE),
            OpenApiParameter("dst_gap", str, enum=list(crons.GAP_POLICIES)),
            OpenApiParameter("dst_overlap", str, enum=list(crons.OVERLAP_POLICIES)),
            OpenApiParameter("catch_up", str, enum=list(CATCH_UP_POLICIES)),
        ],
        responses=inline_serializer(
            "CronPreview",
            {
                "cron": serializers.CharField(),
                "timezone": serializers.CharField(),
                "description": serializers.CharField(),
                "next": serializers.ListField(child=serializers.DateTimeField()),
                "dst": DstPreviewSerializer(allow_null=True),
                "catch_up": CatchUpPreviewSerializer(),
            },
        ),
    )
    def get(self, request, project_id=None):
        query = request.query_params
        expr = validation.check_cron(query.get("cron", ""))
        try:
            count = int(query.get("count", 5))
        except ValueError:
            raise ValidationError({"count": [_("a whole number from 1 to 50")]}) from None
        if not 1 <= count <= 50:
            raise ValidationError({"count": [_("a whole number from 1 to 50")]})
        start, end = (
            validation.date_param(query, "start_date"),
            validation.date_param(query, "end_date"),
        )
        validation.check_dates(start, end)
        policies = {
            name: _choice(query, name, choices)
            for name, choices in (
                ("dst_gap", crons.GAP_POLICIES),
                ("dst_overlap", crons.OVERLAP_POLICIES),
                ("catch_up", CATCH_UP_POLICIES),
            )
        }
        gap, overlap = policies["dst_gap"], policies["dst_overlap"]
        zone = dates.zone(self.project.timezone)
        now = after = timezone.now()
        if start:
            first = dt.datetime.combine(start, dt.time(), zone) - dt.timedelta(microseconds=1)
            after = max(after, first)
        times = [
            t.astimezone(zone)
            for t in crons.next_times(expr, after, zone.key, count, gap=gap, overlap=overlap)
        ]
        if end:
            times = [t for t in times if t.date() <= end]
        return Response(
            {
                "cron": expr,
                "timezone": zone.key,
                "description": crons.describe(expr),
                "next": [t.isoformat() for t in times],
                "dst": crons.dst_preview(expr, zone.key, now, gap, overlap),
                "catch_up": catch_up_preview(expr, zone, now, policies),
            }
        )


# --- parameter reference --------------------------------------------------------------


class ParameterFormSerializer(serializers.Serializer):
    form = serializers.CharField()
    meaning = serializers.CharField()


class ParameterReferenceView(_ReadOnlyView):
    """The parameter forms of a dialect (by default the node's, else the project's): the
    editor's completion."""

    @extend_schema(
        parameters=[
            OpenApiParameter("dialect", str, enum=list(params.DIALECTS)),
            OpenApiParameter("node", int),
        ],
        responses=inline_serializer(
            "ParameterReference",
            {
                "dialect": serializers.ChoiceField(choices=params.DIALECTS),
                "forms": ParameterFormSerializer(many=True),
            },
        ),
    )
    def get(self, request, project_id=None):
        dialect = request.query_params.get("dialect") or ""
        if dialect and dialect not in params.DIALECTS:
            raise ValidationError(
                {"dialect": [_("one of %(choices)s") % {"choices": ", ".join(params.DIALECTS)}]}
            )
        node_id = request.query_params.get("node")
        if not dialect and node_id:
            node = field_object(Node.objects, self.project, node_id, "node")
            dialect = node.parameter_dialect
        dialect = dialect or self.project.parameter_dialect
        forms = [f._asdict() for f in param_reference.REFERENCE[dialect]]
        return Response({"dialect": dialect, "forms": forms})


# --- SQL format -----------------------------------------------------------------------


class FormatSqlSerializer(serializers.Serializer):
    sql = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=MAX_CODE_CHARS)


class FormatSqlView(_ReadOnlyView):
    @extend_schema(
        request=FormatSqlSerializer,
        responses=inline_serializer("FormattedSql", {"sql": serializers.CharField()}),
    )
    def post(self, request, project_id=None):
        sql = valid_data(FormatSqlSerializer, request.data)["sql"]
        try:
            return Response({"sql": sql_format.format_sql(sql)})
        except SqlTooComplex as exc:
            raise ValidationError({"sql": [str(exc)]}) from None


# Formatting is sqlparse's: it refuses more than 100 levels of nesting and 10,000 tokens, after
# reading the whole text; longer texts are refused before that.
# --- table names ----------------------------------------------------------------------


class KnownColumnSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()


class KnownTableSerializer(serializers.Serializer):
    name = serializers.CharField()
    datasource = serializers.IntegerField()
    datasource_name = serializers.CharField()
    columns = KnownColumnSerializer(many=True, help_text="as the Data Map last read them")


class DeclaredOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    node = serializers.IntegerField()
    node_name = serializers.CharField()


class TablesView(_ReadOnlyView):
    """Table names for autocompletion: what the project's data sources hold (with their columns
    as the Data Map last read them), plus the output tables nodes declare (those may not exist
    yet)."""

    @extend_schema(
        parameters=[OpenApiParameter("datasource", int)],
        responses=inline_serializer(
            "KnownTables",
            {
                "tables": KnownTableSerializer(many=True),
                "outputs": DeclaredOutputSerializer(many=True),
            },
        ),
    )
    def get(self, request, project_id=None):
        sources = DataSource.objects.filter(project=self.project).order_by("name")
        wanted = request.query_params.get("datasource")
        if wanted:
            sources = [field_object(DataSource.objects, self.project, wanted, "datasource")]
        columns = selectors.table_columns(self.project, [source.id for source in sources])
        tables = [
            {
                "name": name,
                "datasource": source.id,
                "datasource_name": source.name,
                "columns": columns.get((source.id, name), []),
            }
            for source in sources
            for name in selectors.datasource_tables(source, live=False)
        ]
        outputs = []
        for node_id, node_name, declared in (
            Node.objects.filter(project=self.project)
            .exclude(output_tables=[])
            .values_list("id", "name", "output_tables")
        ):
            for table in declared or []:
                outputs.append({"name": table, "node": node_id, "node_name": node_name})
        return Response({"tables": tables, "outputs": outputs})


# --- deploy preview -------------------------------------------------------------------


class DownstreamNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    project = serializers.IntegerField()
    workflow = serializers.IntegerField()
    deployed = serializers.BooleanField()
    depth = serializers.IntegerField(help_text="1 for a direct downstream")


class DeployPreviewSerializer(serializers.Serializer):
    """What deploying a version would change, and what runs after the node."""

    node = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)
    deployed_version = serializers.IntegerField(allow_null=True)
    up_to_date = serializers.BooleanField()
    snapshots = inline_serializer(
        "DeployPreviewSnapshots",
        {
            "deployed": NodeSnapshotSerializer(allow_null=True),
            "target": NodeSnapshotSerializer(allow_null=True),
        },
    )
    diff = VersionDiffSerializer()
    plan = PlanDiffSerializer(
        allow_null=True,
        help_text="what the deploy changes of today's remaining and tomorrow's instances",
    )
    downstream = DownstreamNodeSerializer(many=True)
    blockers = serializers.ListField(child=serializers.CharField())


class DeployPreviewView(_ReadOnlyView):
    """What deploying a node's latest (or a given) version would change, before doing it."""

    @extend_schema(parameters=[OpenApiParameter("version", int)], responses=DeployPreviewSerializer)
    def get(self, request, project_id=None, node_id=None):
        node = access_object(Node.objects.select_related("deployed_version"), self.project, node_id)
        versions = node.versions.all()
        wanted = request.query_params.get("version")
        if wanted:
            target = versions.filter(number=validation.check_id(wanted, "version")).first()
            if target is None:
                raise ValidationError(
                    {
                        "version": [
                            _("node %(node)s has no version %(version)s")
                            % {"node": node.name, "version": wanted}
                        ]
                    }
                )
        else:
            target = versions.order_by("-number").first()
        return Response(
            selectors.node_deploy_preview(
                node, target, readable=set(readable_project_ids(request.user))
            )
        )


# --- lineage of unsaved code ----------------------------------------------------------


class LineagePreviewSerializer(serializers.Serializer):
    code = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_CODE_CHARS
    )
    dialect = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="a sqlglot dialect name"
    )


class LineagePreviewView(_ReadOnlyView):
    """Upstream proposals from the tables the given (unsaved) SQL reads; nothing is applied."""

    @extend_schema(request=LineagePreviewSerializer, responses=LineageProposalSerializer)
    def post(self, request, project_id=None, node_id=None):

        data = valid_data(LineagePreviewSerializer, request.data)
        node = access_object(Node.objects, self.project, node_id)
        draft = copy.copy(node)
        if "code" in data:
            draft.code = data["code"]
        return Response(
            lineage_proposal(node=draft, user=request.user, dialect=data.get("dialect"))
        )


def lineage_proposal(*, node: Node, user, dialect: str | None) -> dict:
    """The node's upstream proposals; an unknown dialect or SQL too large or slow to read is a
    400 (on `dialect` or `code`)."""
    from projects.lineage_proposals import propose

    try:
        dialect = check_dialect(dialect)
    except ValueError as exc:
        raise ValidationError({"dialect": [str(exc)]}) from None
    try:
        return propose(node=node, user=user, dialect=dialect)
    except SqlTooComplex as exc:
        raise ValidationError({"code": [str(exc)]}) from None


# --- urls -----------------------------------------------------------------------------


scoped = "projects/<int:project_id>"
urlpatterns = [
    path(f"{scoped}/authoring/render/", RenderView.as_view(), name="authoring-render"),
    path(f"{scoped}/authoring/cron/", CronPreviewView.as_view(), name="authoring-cron"),
    path(
        f"{scoped}/authoring/parameters/",
        ParameterReferenceView.as_view(),
        name="authoring-parameters",
    ),
    path(f"{scoped}/authoring/format-sql/", FormatSqlView.as_view(), name="authoring-format-sql"),
    path(f"{scoped}/authoring/tables/", TablesView.as_view(), name="authoring-tables"),
    path(
        f"{scoped}/nodes/<int:node_id>/deploy-preview/",
        DeployPreviewView.as_view(),
        name="node-deploy-preview",
    ),
    path(
        f"{scoped}/nodes/<int:node_id>/lineage-preview/",
        LineagePreviewView.as_view(),
        name="node-lineage-preview",
    ),
]
