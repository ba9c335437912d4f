"""Deploy requests (submit, approve, reject, withdraw) and deploy packages (list, roll back)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from projects import deploy_requests, permissions, selectors
from projects.api.base import ProjectScopedViewSet, valid_data
from projects.api.filters import IdFilter, TextFilter, valid_filters
from projects.api.serializers import BatchDeploySerializer, VersionDiffSerializer
from projects.models import (
    Deployment,
    DeployPackage,
    DeployRequest,
    DeployRequestItem,
    DeployRequestStatus,
    Node,
)
from workbench.api.pagination import IdCursorPagination


class ReviewCheckSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    name = serializers.CharField()
    check = serializers.ChoiceField(choices=["parameters", "sql", "test_run", "lineage", "quality"])
    level = serializers.ChoiceField(
        choices=["error", "warning", "info"],
        help_text="a failed `error` holds the approval until the reviewer overrides it",
    )
    ok = serializers.BooleanField()
    message = serializers.CharField()


class DeployRequestItemSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name")
    version_number = serializers.IntegerField(source="version.number")
    previous_version_number = serializers.IntegerField(
        source="previous_version.number", default=None, allow_null=True
    )
    diff = VersionDiffSerializer()
    plan = serializers.DictField(help_text="the plan diff (scheduler/plan.py) at submit")

    class Meta:
        model = DeployRequestItem
        fields = [
            "node",
            "node_name",
            "version_number",
            "previous_version_number",
            "diff",
            "plan",
        ]


class DeployReviewSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", default=None, allow_null=True)
    reviewer = serializers.CharField(source="reviewer.username", default=None, allow_null=True)
    items = DeployRequestItemSerializer(many=True)
    checks = ReviewCheckSerializer(many=True)

    class Meta:
        model = DeployRequest
        fields = [
            "id",
            "status",
            "message",
            "author",
            "created_at",
            "items",
            "checks",
            "reviewer",
            "comment",
            "override_reason",
            "decided_at",
            "package",
        ]


class DeployRequestFilterSerializer(serializers.Serializer):
    status = TextFilter()
    node = IdFilter(help_text="requests that include this node")

    def validate_status(self, value):
        if value and value not in DeployRequestStatus.values:
            raise serializers.ValidationError(", ".join(DeployRequestStatus.values))
        return value or None


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="why it may go although a check failed",
    )


class RejectSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)


class RollbackSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class PackageDeploymentSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name")
    version_number = serializers.IntegerField(
        source="version.number", default=None, allow_null=True, help_text="null: undeployed"
    )
    previous_version_number = serializers.IntegerField(
        source="previous_version.number", default=None, allow_null=True
    )

    class Meta:
        model = Deployment
        fields = ["node", "node_name", "version_number", "previous_version_number"]


class DeployPackageSerializer(serializers.ModelSerializer):
    deployed_by = serializers.CharField(
        source="deployed_by.username", default=None, allow_null=True
    )
    deployments = PackageDeploymentSerializer(many=True)
    request = serializers.SerializerMethodField()
    rolled_back_by = serializers.SerializerMethodField()

    class Meta:
        model = DeployPackage
        fields = [
            "id",
            "message",
            "deployed_by",
            "created_at",
            "deployments",
            "request",
            "rollback_of",
            "rolled_back_by",
        ]

    def get_request(self, package) -> int | None:
        found = list(package.requests.all())
        return found[0].id if found else None

    def get_rolled_back_by(self, package) -> int | None:
        found = list(package.rollbacks.all())
        return found[-1].id if found else None


class DeployRequestViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Deploy requests: a developer submits, another member with the deploy right decides."""

    serializer_class = DeployReviewSerializer
    pagination_class = IdCursorPagination
    write_action = permissions.REQUEST_DEPLOY
    action_permissions = {"approve": permissions.DEPLOY, "reject": permissions.DEPLOY}

    def scoped_queryset(self):
        if self.action == "list":
            filters = valid_filters(DeployRequestFilterSerializer, self.request.query_params)
            return selectors.deploy_request_list(filters=filters)
        return selectors.deploy_request_list(filters={})

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=DeployRequestStatus.values),
            OpenApiParameter("node", int, description="requests that include this node"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _out(self, deploy_request: DeployRequest, status: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=deploy_request.pk)
        return Response(DeployReviewSerializer(fresh).data, status=status)

    @extend_schema(request=BatchDeploySerializer, responses={201: DeployReviewSerializer})
    def create(self, request, project_id=None):
        data = valid_data(BatchDeploySerializer, request.data)
        ids = [item["node"] for item in data["nodes"]]
        nodes = Node.objects.filter(project=self.project).select_related("deployed_version")
        found = nodes.in_bulk(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise ValidationError(
                {"nodes": [_("no node %(id)s in this project") % {"id": missing[0]}]}
            )
        created = deploy_requests.deploy_request_submit(
            project=self.project,
            actor=request.user,
            items=[(found[item["node"]], item.get("version")) for item in data["nodes"]],
            message=data["message"],
        )
        return self._out(created, status=201)

    @extend_schema(request=ApproveSerializer, responses=DeployReviewSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, project_id=None, pk=None):
        data = valid_data(ApproveSerializer, request.data)
        decided = deploy_requests.deploy_request_approve(
            request=self.get_object(), actor=request.user, **data
        )
        return self._out(decided)

    @extend_schema(request=RejectSerializer, responses=DeployReviewSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, project_id=None, pk=None):
        data = valid_data(RejectSerializer, request.data)
        decided = deploy_requests.deploy_request_reject(
            request=self.get_object(), actor=request.user, **data
        )
        return self._out(decided)

    @extend_schema(request=None, responses=DeployReviewSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, project_id=None, pk=None):
        decided = deploy_requests.deploy_request_withdraw(
            request=self.get_object(), actor=request.user
        )
        return self._out(decided)


class DeployPackageViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """What went out together; a package rolls back as one."""

    serializer_class = DeployPackageSerializer
    pagination_class = IdCursorPagination
    write_action = permissions.DEPLOY

    def scoped_queryset(self):
        return selectors.deploy_package_list()

    @extend_schema(request=RollbackSerializer, responses=DeployPackageSerializer)
    @action(detail=True, methods=["post"])
    def rollback(self, request, project_id=None, pk=None):
        data = valid_data(RollbackSerializer, request.data)
        rollback = deploy_requests.package_rollback(
            package=self.get_object(), actor=request.user, **data
        )
        fresh = self.get_queryset().get(pk=rollback.pk)
        return Response(DeployPackageSerializer(fresh).data)
