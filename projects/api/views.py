from django.db.models import Count, Max, OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from projects import environments, permissions, selectors, services, validation
from projects.access import (
    access_membership,
    access_object,
    as_id,
    field_object,
    readable_project_ids,
)
from projects.api import serializers as s
from projects.api.base import ProjectAccessMixin, ProjectScopedViewSet, valid_data
from projects.api.filters import valid_filters
from projects.models import (
    DataSource,
    Dependency,
    Environment,
    Membership,
    Node,
    NodeType,
    Project,
    Workflow,
)
from workbench.api.pagination import IdCursorPagination


class ProjectViewSet(viewsets.ViewSet):
    """The projects the caller is a member of; who may create one (and own it) is a setting,
    WORKBENCH_PROJECT_CREATORS (staff by default)."""

    permission_classes = [IsAuthenticated]
    queryset = Project.objects.none()  # for the schema: the path id is a project's
    lookup_value_regex = r"\d+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "pk" in kwargs:  # any method on a project, OPTIONS included: non-members get 404
            access_membership(request.user, kwargs["pk"])

    def _projects(self):
        role = Membership.objects.filter(project=OuterRef("pk"), user=self.request.user).values(
            "role"
        )[:1]
        return (
            Project.objects.for_user(self.request.user)
            .annotate(my_role=Subquery(role))
            .order_by("name")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "page_size", int, description="accepted and ignored: the list is never paged"
            )
        ],
        responses=s.ProjectOutputSerializer(many=True),
    )
    def list(self, request):
        return Response(s.ProjectOutputSerializer(self._projects(), many=True).data)

    @extend_schema(request=s.ProjectInputSerializer, responses={201: s.ProjectOutputSerializer})
    def create(self, request):
        if not permissions.may_create_projects(request.user):
            raise PermissionDenied(_("Only administrators may create projects."))
        data = valid_data(s.ProjectInputSerializer, request.data)
        project = services.project_create(user=request.user, **data)
        return Response(
            s.ProjectOutputSerializer(self._projects().get(pk=project.pk)).data, status=201
        )

    @extend_schema(responses=s.ProjectOutputSerializer)
    def retrieve(self, request, pk=None):
        access_membership(request.user, pk)
        return Response(s.ProjectOutputSerializer(self._projects().get(pk=pk)).data)

    @extend_schema(request=s.ProjectUpdateSerializer, responses=s.ProjectOutputSerializer)
    def partial_update(self, request, pk=None):
        project = access_membership(request.user, pk, action=permissions.MANAGE).project
        data = valid_data(s.ProjectUpdateSerializer, request.data, partial=True)
        if "default_datasource" in data:
            ds_id = data["default_datasource"]
            data["default_datasource"] = (
                access_object(DataSource.objects, project, ds_id) if ds_id is not None else None
            )
        services.project_update(project=project, actor=request.user, **data)
        return Response(s.ProjectOutputSerializer(self._projects().get(pk=pk)).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        project = access_membership(request.user, pk, action=permissions.DELETE_PROJECT).project
        services.project_delete(project=project, actor=request.user)
        return Response(status=204)

    @extend_schema(request=None, responses=s.ProjectOutputSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive the project (its owners): it stays readable but runs nothing; its nodes must
        be undeployed first, and none may be deployed until it is restored."""
        project = access_membership(request.user, pk, action=permissions.DELETE_PROJECT).project
        services.project_archive(project=project, actor=request.user)
        return Response(s.ProjectOutputSerializer(self._projects().get(pk=pk)).data)

    @extend_schema(request=None, responses=s.ProjectOutputSerializer)
    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        """Restore an archived project (its owners)."""
        project = access_membership(request.user, pk, action=permissions.DELETE_PROJECT).project
        services.project_unarchive(project=project, actor=request.user)
        return Response(s.ProjectOutputSerializer(self._projects().get(pk=pk)).data)


class MemberAddThrottle(UserRateThrottle):
    """Adding members looks user names up: bounded, so it cannot list who has an account."""

    scope = "member_add"


class MemberViewSet(ProjectScopedViewSet, mixins.ListModelMixin):
    serializer_class = s.MemberOutputSerializer
    write_action = permissions.MANAGE
    pagination_class = None

    def get_throttles(self):
        return [MemberAddThrottle()] if self.action == "create" else []

    def scoped_queryset(self):
        return Membership.objects.select_related("user").order_by("user__username")

    def get_serializer_context(self):
        # who asks decides which members they may change (MemberOutputSerializer.changeable)
        membership = getattr(self, "membership", None)  # none while the schema is generated
        return {**super().get_serializer_context(), "actor_role": membership and membership.role}

    def _out(self, membership):
        return s.MemberOutputSerializer(membership, context=self.get_serializer_context()).data

    @extend_schema(request=s.MemberInputSerializer, responses={201: s.MemberOutputSerializer})
    def create(self, request, project_id=None):
        data = valid_data(s.MemberInputSerializer, request.data)
        membership = services.member_set(
            project=self.project, actor=request.user, user=data["username"], role=data["role"]
        )
        return Response(self._out(membership), status=201)

    @extend_schema(request=s.MemberRoleSerializer, responses=s.MemberOutputSerializer)
    def partial_update(self, request, project_id=None, pk=None):
        membership = access_object(self.get_queryset(), self.project, pk)
        data = valid_data(s.MemberRoleSerializer, request.data)
        membership = services.member_set(
            project=self.project, actor=request.user, user=membership.user, role=data["role"]
        )
        return Response(self._out(membership))

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        membership = access_object(self.get_queryset(), self.project, pk)
        services.member_remove(project=self.project, actor=request.user, membership=membership)
        return Response(status=204)


class DataSourceViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.DataSourceOutputSerializer
    write_action = permissions.MANAGE
    pagination_class = None
    # A connection test waits on the network and writes nothing: no transaction held meanwhile.
    non_atomic_actions = ("test",)

    def scoped_queryset(self):
        return DataSource.objects.order_by("name")

    @extend_schema(
        request=s.DataSourceInputSerializer, responses={201: s.DataSourceOutputSerializer}
    )
    def create(self, request, project_id=None):
        data = valid_data(s.DataSourceInputSerializer, request.data)
        datasource = services.datasource_create(project=self.project, actor=request.user, **data)
        return Response(s.DataSourceOutputSerializer(datasource).data, status=201)

    @extend_schema(request=s.DataSourceUpdateSerializer, responses=s.DataSourceOutputSerializer)
    def partial_update(self, request, project_id=None, pk=None):
        datasource = self.get_object()
        data = valid_data(s.DataSourceUpdateSerializer, request.data, partial=True)
        datasource = services.datasource_update(datasource=datasource, actor=request.user, **data)
        return Response(s.DataSourceOutputSerializer(datasource).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        services.datasource_delete(datasource=self.get_object(), actor=request.user)
        return Response(status=204)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "ConnectionTest",
            {
                "ok": serializers.BooleanField(),
                "version": serializers.CharField(required=False),
                "error": serializers.CharField(required=False),
            },
        ),
    )
    @extend_schema(
        parameters=[OpenApiParameter("environment", str, enum=Environment.values)],
    )
    @action(detail=True, methods=["post"])
    def test(self, request, project_id=None, pk=None):
        environment = request.query_params.get("environment") or Environment.PRODUCTION
        if environment not in Environment.values:
            raise ValidationError({"environment": [_("development or production")]})
        return Response(
            services.datasource_test(datasource=self.get_object(), environment=environment)
        )

    @extend_schema(
        responses=inline_serializer(
            "TableList", {"tables": serializers.ListField(child=serializers.CharField())}
        )
    )
    @action(detail=True, methods=["get"])
    def tables(self, request, project_id=None, pk=None):
        # The editor completes from the connection test runs use (development in standard mode).
        datasource = environments.connection(
            self.get_object(), environments.for_trying(self.project)
        )
        return Response({"tables": selectors.datasource_tables(datasource)})

    @extend_schema(
        parameters=[OpenApiParameter("table", str, required=True)],
        responses=inline_serializer(
            "ColumnList",
            {
                "columns": inline_serializer(
                    "ColumnOfTable",
                    {"name": serializers.CharField(), "type": serializers.CharField()},
                    many=True,
                )
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def columns(self, request, project_id=None, pk=None):
        """The columns of one of its tables, as the data source has them now."""
        table = (request.query_params.get("table") or "").strip()
        if not table:
            raise ValidationError({"table": [_("name the table")]})
        datasource = environments.connection(
            self.get_object(), environments.for_trying(self.project)
        )
        try:
            columns = selectors.datasource_columns(datasource, table)
        except Exception as exc:  # noqa: BLE001 - the driver's words, for the form
            raise ValidationError({"datasource": [str(exc)]}) from exc
        if columns is None:
            raise ValidationError(
                {"table": [_("no table %(table)s in this data source") % {"table": table}]}
            )
        return Response({"columns": columns})

    @extend_schema(responses=s.DataSourceUsageSerializer(many=True))
    @action(detail=True, methods=["get"])
    def usage(self, request, project_id=None, pk=None):
        """The nodes that use the data source: bound to it, or connecting to it from their code."""
        return Response(
            s.DataSourceUsageSerializer(
                selectors.datasource_usage(self.get_object()), many=True
            ).data
        )

    @extend_schema(responses=s.DataSourceKindSerializer(many=True))
    @action(detail=False, methods=["get"])
    def kinds(self, request, project_id=None):
        """The kinds of data source this installation has drivers for, and what each asks for."""
        return Response(s.DataSourceKindSerializer(selectors.datasource_kinds(), many=True).data)


class WorkflowViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.WorkflowSerializer
    pagination_class = None

    def scoped_queryset(self):
        return Workflow.objects.annotate(node_count=Count("nodes")).order_by("name")

    @extend_schema(request=s.WorkflowSerializer, responses={201: s.SavedWorkflowSerializer})
    def create(self, request, project_id=None):
        data = valid_data(s.WorkflowSerializer, request.data)
        workflow = services.workflow_create(project=self.project, actor=request.user, **data)
        return Response(s.WorkflowSerializer(workflow).data, status=201)

    @extend_schema(request=s.WorkflowSerializer, responses=s.SavedWorkflowSerializer)
    def partial_update(self, request, project_id=None, pk=None):
        data = valid_data(s.WorkflowSerializer, request.data, partial=True)
        workflow = services.workflow_update(workflow=self.get_object(), actor=request.user, **data)
        return Response(s.WorkflowSerializer(workflow).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        services.workflow_delete(workflow=self.get_object(), actor=request.user)
        return Response(status=204)


class NodeViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.NodeOutputSerializer
    action_permissions = {"deploy": permissions.DEPLOY, "undeploy": permissions.DEPLOY}

    def scoped_queryset(self):
        qs = Node.objects.select_related("deployed_version").annotate(
            latest_version=Max("versions__number")
        )
        params = self.request.query_params
        if params.get("workflow"):
            qs = qs.filter(workflow_id=validation.check_id(params["workflow"], "workflow"))
        node_type = validation.choice_param(params, "type", NodeType.values)
        if node_type:
            qs = qs.filter(type=node_type)
        if params.get("search"):
            qs = qs.filter(name__icontains=params["search"])
        deployed = validation.bool_param(params, "deployed")
        if deployed is not None:
            qs = qs.filter(deployed_version__isnull=not deployed)
        return qs.order_by("name")

    @extend_schema(
        parameters=[
            OpenApiParameter("workflow", int),
            OpenApiParameter("type", str, enum=NodeType.values),
            OpenApiParameter("search", str),
            OpenApiParameter("deployed", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _node_fields(self, data: dict) -> dict:
        fields = dict(data)
        fields.pop("message", None)
        if "workflow" in fields:
            fields["workflow"] = access_object(Workflow.objects, self.project, fields["workflow"])
        if "datasource" in fields:
            ds = fields["datasource"]
            fields["datasource"] = (
                field_object(DataSource.objects, self.project, ds, "datasource") if ds else None
            )
        if "owner" in fields:
            owner = fields["owner"]
            member = (
                Membership.objects.filter(project=self.project, user_id=owner)
                .select_related("user")
                .first()
            )
            if owner is not None and member is None:
                raise ValidationError({"owner": [_("the owner must be a member of the project")]})
            fields["owner"] = member.user if member else None
        return fields

    def _out(self, node: Node):
        return s.NodeOutputSerializer(self.get_queryset().get(pk=node.pk)).data

    @extend_schema(request=s.NodeInputSerializer, responses={201: s.NodeOutputSerializer})
    def create(self, request, project_id=None):
        data = valid_data(s.NodeInputSerializer, request.data)
        message = data.get("message") or "created"
        node = services.node_create(
            project=self.project, actor=request.user, message=message, **self._node_fields(data)
        )
        return Response(self._out(node), status=201)

    @extend_schema(request=s.NodeUpdateSerializer, responses=s.NodeOutputSerializer)
    def partial_update(self, request, project_id=None, pk=None):
        node = self.get_object()
        data = valid_data(s.NodeUpdateSerializer, request.data, partial=True)
        node, _ = services.node_update(
            node=node,
            actor=request.user,
            message=data.get("message", ""),
            **self._node_fields(data),
        )
        return Response(self._out(node))

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        services.node_delete(node=self.get_object(), actor=request.user)
        return Response(status=204)

    @extend_schema(responses=s.NodeVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, project_id=None, pk=None):
        versions = self.get_object().versions.select_related("author").order_by("-number")
        return Response(s.NodeVersionSerializer(versions, many=True).data)

    @extend_schema(responses=s.NodeVersionSerializer)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)")
    def version(self, request, project_id=None, pk=None, number=None):
        version = self.get_object().versions.filter(number=number).first()
        if version is None:
            raise Http404("No such version.")
        return Response(s.NodeVersionSerializer(version).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("a", int, required=True),
            OpenApiParameter("b", int, required=True),
        ],
        responses=inline_serializer(
            "VersionComparison",
            {
                "a": serializers.IntegerField(),
                "b": serializers.IntegerField(),
                "code": serializers.CharField(),
                "fields": serializers.DictField(child=s.FieldChangeSerializer()),
            },
        ),
    )
    @action(detail=True, methods=["get"], url_path="versions/diff")
    def diff(self, request, project_id=None, pk=None):
        node = self.get_object()
        a, b = (
            validation.check_id(request.query_params.get("a"), "a"),
            validation.check_id(request.query_params.get("b"), "b"),
        )
        snapshots = dict(node.versions.filter(number__in=[a, b]).values_list("number", "snapshot"))
        for key, number in (("a", a), ("b", b)):
            if number not in snapshots:
                raise ValidationError(
                    {
                        key: [
                            _("node %(node)s has no version %(version)s")
                            % {"node": node.name, "version": number}
                        ]
                    }
                )
        return Response({"a": a, "b": b, **selectors.version_diff(snapshots[a], snapshots[b])})

    @extend_schema(request=None, responses=s.NodeOutputSerializer)
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<number>\d+)/restore")
    def restore(self, request, project_id=None, pk=None, number=None):
        node, _ = services.version_restore(
            node=self.get_object(), actor=request.user, number=int(number)
        )
        return Response(self._out(node))

    @extend_schema(request=s.DeploySerializer, responses=s.DeployResultSerializer)
    @action(detail=True, methods=["post"])
    def deploy(self, request, project_id=None, pk=None):
        data = valid_data(s.DeploySerializer, request.data)
        result = services.nodes_deploy(
            project=self.project,
            actor=request.user,
            items=[(self.get_object(), data.get("version"))],
            message=data["message"],
        )
        return Response({"deployed": result})

    @extend_schema(request=None, responses=s.NodeOutputSerializer)
    @action(detail=True, methods=["post"])
    def undeploy(self, request, project_id=None, pk=None):
        node = services.node_undeploy(node=self.get_object(), actor=request.user)
        return Response(self._out(node))

    @extend_schema(request=s.UpstreamsSerializer, responses=s.DependencyOutputSerializer(many=True))
    @action(detail=True, methods=["get", "put"], pagination_class=None)
    def upstreams(self, request, project_id=None, pk=None):
        node = self.get_object()
        if request.method == "GET":
            edges = Dependency.objects.filter(downstream=node).select_related(
                "upstream", "downstream"
            )
            return Response(_edges(edges, request.user))
        data = valid_data(s.UpstreamsSerializer, request.data)
        upstreams = [
            (
                _readable_node(request.user, item["node"], "upstreams"),
                item["kind"],
                item.get("source"),
            )
            for item in data["upstreams"]
        ]
        edges = services.upstreams_replace(downstream=node, actor=request.user, upstreams=upstreams)
        return Response(_edges(edges, request.user))

    @extend_schema(responses=s.DependencyOutputSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def downstream(self, request, project_id=None, pk=None):
        node = self.get_object()
        edges = Dependency.objects.filter(
            upstream=node, downstream__project_id__in=readable_project_ids(request.user)
        ).select_related("upstream", "downstream")
        return Response(_edges(edges, request.user))

    @extend_schema(responses=s.InboundEdgeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def inbound(self, request, project_id=None, pk=None):
        """Edges by which nodes of other projects depend on this one: what keeps it from being
        undeployed or deleted. Nodes and projects the caller cannot read are not named."""
        node = self.get_object()
        return Response(
            selectors.inbound_edges(node, readable=set(readable_project_ids(request.user)))
        )

    @extend_schema(responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"inbound/(?P<dependency_id>\d+)",
        url_name="inbound-remove",
    )
    def inbound_remove(self, request, project_id=None, pk=None, dependency_id=None):
        """Remove an edge by which a node of another project depends on this one."""
        node = self.get_object()
        dependency = (
            Dependency.objects.filter(pk=as_id(dependency_id), upstream=node)
            .exclude(downstream__project_id=node.project_id)
            .first()
        )
        if dependency is None:
            raise Http404("No such inbound dependency.")
        services.inbound_dependency_remove(node=node, dependency=dependency, actor=request.user)
        return Response(status=204)

    @extend_schema(request=s.LineageRequestSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"])
    def lineage(self, request, project_id=None, pk=None):
        from projects.api.authoring import lineage_proposal

        data = valid_data(s.LineageRequestSerializer, request.data)
        node = self.get_object()
        proposal = lineage_proposal(node=node, user=request.user, dialect=data.get("dialect"))
        if data["apply"]:
            proposal["applied"] = services.lineage_apply(
                node=node, actor=request.user, proposal=proposal
            )
        return Response(proposal)


class DependencyViewSet(ProjectScopedViewSet, mixins.ListModelMixin):
    serializer_class = s.DependencyOutputSerializer

    def scoped_queryset(self):
        return Dependency.objects.select_related("upstream", "downstream").order_by("id")

    def get_serializer_context(self):
        readable = set(readable_project_ids(self.request.user))
        return {**super().get_serializer_context(), "readable": readable}

    @extend_schema(
        request=s.DependencyInputSerializer, responses={201: s.DependencyOutputSerializer}
    )
    def create(self, request, project_id=None):
        data = valid_data(s.DependencyInputSerializer, request.data)
        downstream = field_object(Node.objects, self.project, data["downstream"], "downstream")
        upstream = _readable_node(request.user, data["upstream"], "upstream")
        dependency = services.dependency_add(
            downstream=downstream,
            upstream=upstream,
            actor=request.user,
            kind=data["kind"],
            source=data.get("source"),
        )
        return Response(_edges([dependency], request.user)[0], status=201)

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        services.dependency_delete(
            dependency=access_object(self.get_queryset(), self.project, pk), actor=request.user
        )
        return Response(status=204)


class GraphView(ProjectAccessMixin, APIView):
    """Nodes and edges of a project (or one workflow) for the designer; built for 5,000+ nodes."""

    @extend_schema(
        parameters=[OpenApiParameter("workflow", int)], responses=s.ProjectGraphSerializer
    )
    def get(self, request, project_id=None):
        workflow = request.query_params.get("workflow")
        workflow_id = validation.check_id(workflow, "workflow") if workflow else None
        return Response(
            selectors.project_graph(
                self.project,
                readable=set(readable_project_ids(request.user)),
                workflow_id=workflow_id,
            )
        )


class BatchDeployView(ProjectAccessMixin, APIView):
    write_action = permissions.DEPLOY

    @extend_schema(request=s.BatchDeploySerializer, responses=s.DeployResultSerializer)
    def post(self, request, project_id=None):
        data = valid_data(s.BatchDeploySerializer, request.data)
        ids = [item["node"] for item in data["nodes"]]
        nodes = Node.objects.filter(project=self.project).in_bulk(ids)
        missing = [i for i in ids if i not in nodes]
        if missing:
            raise ValidationError(
                {"nodes": [_("no node %(id)s in this project") % {"id": missing[0]}]}
            )
        items = [(nodes[item["node"]], item.get("version")) for item in data["nodes"]]
        result = services.nodes_deploy(
            project=self.project, actor=request.user, items=items, message=data["message"]
        )
        return Response({"deployed": result}, status=status.HTTP_200_OK)


class DeploymentViewSet(ProjectScopedViewSet, mixins.ListModelMixin):
    """The project's deploy history: who published which version of which node, and why."""

    serializer_class = s.DeploymentSerializer
    pagination_class = IdCursorPagination

    def scoped_queryset(self):
        filters = valid_filters(s.DeploymentFilterSerializer, self.request.query_params)
        return selectors.deployment_list(filters=filters)

    @extend_schema(parameters=[OpenApiParameter("node", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class AuditViewSet(ProjectScopedViewSet, mixins.ListModelMixin):
    serializer_class = s.AuditEntrySerializer
    pagination_class = IdCursorPagination

    def scoped_queryset(self):
        filters = valid_filters(s.AuditFilterSerializer, self.request.query_params)
        return selectors.audit_list(filters=filters)

    @extend_schema(
        parameters=[
            OpenApiParameter(n, str)
            for n in ("action", "object_type", "object_id", "actor", "since", "until")
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


# --- helpers --------------------------------------------------------------------------


def _edges(dependencies, user) -> list:
    readable = set(readable_project_ids(user))
    return s.DependencyOutputSerializer(
        dependencies, many=True, context={"readable": readable}
    ).data


def _readable_node(user, node_id, field: str) -> Node:
    node = Node.objects.filter(
        pk=validation.check_id(node_id, field), project_id__in=readable_project_ids(user)
    ).first()
    if node is None:
        raise ValidationError(
            {field: [_("no node %(id)s in a project you can read") % {"id": node_id}]}
        )
    return node
