"""Backfills: preview, create, list, progress, pause / resume / cancel."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from projects import permissions
from projects.api.base import ProjectScopedViewSet
from projects.api.serializers import DateField, IdField
from scheduler import backfills, estimates
from scheduler.models import Backfill


class BackfillInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, default="")
    root_nodes = serializers.ListField(child=IdField(), min_length=1, max_length=1000)
    downstream = serializers.ChoiceField(choices=["all", "none", "selected"], default="none")
    downstream_nodes = serializers.ListField(
        child=IdField(), required=False, default=list, max_length=10_000
    )
    start_date = DateField(required=False, allow_null=True, default=None)
    end_date = DateField(required=False, allow_null=True, default=None)
    dates = serializers.ListField(
        child=DateField(), required=False, default=list, max_length=backfills.MAX_DATES
    )
    order = serializers.ChoiceField(choices=["asc", "desc"], default="asc")
    parallelism = serializers.IntegerField(min_value=1, max_value=365, default=1)
    hour_from = serializers.IntegerField(min_value=0, max_value=23, required=False, allow_null=True)
    hour_to = serializers.IntegerField(min_value=0, max_value=23, required=False, allow_null=True)


class BackfillPreviewNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    project = serializers.IntegerField()
    workflow = serializers.IntegerField()


class BackfillPreviewSerializer(serializers.Serializer):
    instance_count = serializers.IntegerField()
    dates = serializers.ListField(child=serializers.DateField())
    nodes = BackfillPreviewNodeSerializer(many=True)
    edge_count = serializers.IntegerField()
    estimated_seconds = serializers.FloatField()
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="how the request was adjusted, and why"
    )


class BackfillSerializer(serializers.ModelSerializer):
    dates = serializers.ListField(child=serializers.DateField())
    created_by = serializers.CharField(
        source="created_by.username", default=None, read_only=True, allow_null=True
    )
    order = serializers.SerializerMethodField()
    root_nodes = serializers.SerializerMethodField()
    downstream = serializers.SerializerMethodField()
    instances_total = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    estimated_finish = serializers.SerializerMethodField()
    estimated_seconds = serializers.SerializerMethodField()

    class Meta:
        model = Backfill
        fields = [
            "id",
            "name",
            "status",
            "order",
            "parallelism",
            "dates",
            "root_nodes",
            "downstream",
            "created_by",
            "created_at",
            "finished_at",
            "instances_total",
            "counts",
            "progress",
            "estimated_finish",
            "estimated_seconds",
        ]

    def _progress(self, backfill) -> dict:
        cache = self.context.setdefault("progress", {})
        if backfill.pk not in cache:
            # In a list, the whole page's progress at once: one query, not one per row.
            page = getattr(self.parent, "instance", None)
            rows = list(page) if isinstance(self.parent, serializers.ListSerializer) else []
            cache.update(backfills.progress_of([*rows, backfill]))
        return cache[backfill.pk]

    @extend_schema_field(serializers.ChoiceField(choices=["asc", "desc"]))
    def get_order(self, backfill) -> str:
        return backfill.spec.get("order", "asc")

    def get_root_nodes(self, backfill) -> list[int]:
        return backfill.spec.get("root_nodes", [])

    @extend_schema_field(serializers.ChoiceField(choices=["all", "none", "selected"]))
    def get_downstream(self, backfill) -> str:
        return backfill.spec.get("downstream", "none")

    def get_instances_total(self, backfill) -> int:
        return self._progress(backfill)["instances_total"]

    def get_counts(self, backfill) -> dict[str, int]:
        return self._progress(backfill)["counts"]

    def get_progress(self, backfill) -> float:
        return self._progress(backfill)["progress"]

    def get_estimated_seconds(self, backfill) -> float | None:
        """The preview's estimate of the whole backfill, as it was created."""
        value = backfill.spec.get("estimated_seconds")
        return float(value) if value is not None else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_estimated_finish(self, backfill) -> str | None:
        """From the preview's estimate, corrected by the pace so far (scheduler/estimates.py)."""
        progress = self._progress(backfill)
        planned = self.get_estimated_seconds(backfill)
        if progress["estimated_finish"] is None or planned is None:
            return progress["estimated_finish"]
        now = timezone.now()
        elapsed = (now - backfill.created_at).total_seconds()
        left = estimates.remaining_seconds(planned, progress["progress"], elapsed)
        return (now + dt.timedelta(seconds=left)).isoformat()


class PerDateSerializer(serializers.Serializer):
    bizdate = serializers.DateField()
    status = serializers.ChoiceField(choices=backfills.DateStatus.choices)
    counts = serializers.DictField(child=serializers.IntegerField())


class BackfillDetailSerializer(BackfillSerializer):
    per_date = serializers.SerializerMethodField()
    node_ids = serializers.SerializerMethodField()

    class Meta(BackfillSerializer.Meta):
        fields = [*BackfillSerializer.Meta.fields, "per_date", "node_ids"]

    @extend_schema_field(PerDateSerializer(many=True))
    def get_per_date(self, backfill) -> list[dict]:
        return PerDateSerializer(backfills.per_date(backfill), many=True).data

    def get_node_ids(self, backfill) -> list[int]:
        return sorted(set(backfill.instances.values_list("node_id", flat=True)))


def _spec(data: dict) -> backfills.Spec:
    data = dict(data)
    if not data.get("name"):
        first = data.get("start_date") or (data.get("dates") or [None])[0]
        data["name"] = f"backfill {first}" if first else "backfill"
    return backfills.Spec(**data)


class BackfillViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = BackfillSerializer
    write_action = permissions.OPERATE
    action_permissions = {"preview": permissions.READ}

    def scoped_queryset(self):
        return Backfill.objects.select_related("created_by").order_by("-id")

    def get_serializer_class(self):
        return BackfillDetailSerializer if self.action == "retrieve" else BackfillSerializer

    def _request_spec(self, request) -> backfills.Spec:
        serializer = BackfillInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _spec(serializer.validated_data)

    @extend_schema(request=BackfillInputSerializer, responses=BackfillPreviewSerializer)
    @action(detail=False, methods=["post"])
    def preview(self, request, project_id=None):
        plan = backfills.build_plan(self.project, request.user, self._request_spec(request))
        return Response(plan.summary())

    @extend_schema(request=BackfillInputSerializer, responses={201: BackfillDetailSerializer})
    def create(self, request, project_id=None):
        backfill = backfills.create(
            project=self.project, actor=request.user, spec=self._request_spec(request)
        )
        return Response(BackfillDetailSerializer(backfill).data, status=201)

    def _act(self, request, operation):
        backfill = operation(backfill=self.get_object(), actor=request.user)
        return Response(BackfillDetailSerializer(backfill).data)

    @extend_schema(request=None, responses=BackfillDetailSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, project_id=None, pk=None):
        return self._act(request, backfills.pause)

    @extend_schema(request=None, responses=BackfillDetailSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, project_id=None, pk=None):
        return self._act(request, backfills.resume)

    @extend_schema(request=None, responses=BackfillDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, project_id=None, pk=None):
        return self._act(request, backfills.cancel)


router = SimpleRouter()
router.register(r"projects/(?P<project_id>\d+)/backfills", BackfillViewSet, basename="backfill")
urlpatterns = router.urls
