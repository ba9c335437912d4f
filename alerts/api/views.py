from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from alerts import baselines, incidents, selectors, services
from alerts.api import serializers as s
from alerts.models import AlertRule, Channel, Delivery, Incident, IncidentStatus
from alerts.states import DeliveryStatus
from projects import permissions
from projects.api.base import ProjectScopedViewSet, valid_data
from projects.api.filters import valid_filters


class ChannelViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.ChannelOutputSerializer
    pagination_class = None
    write_action = permissions.MANAGE

    def scoped_queryset(self):
        return Channel.objects.order_by("name")

    @extend_schema(request=s.ChannelInputSerializer, responses={201: s.ChannelOutputSerializer})
    def create(self, request, project_id=None):
        data = valid_data(s.ChannelInputSerializer, request.data)
        channel = services.channel_create(project=self.project, actor=request.user, **data)
        return Response(s.ChannelOutputSerializer(channel).data, status=201)

    @extend_schema(request=s.ChannelUpdateSerializer, responses=s.ChannelOutputSerializer)
    def partial_update(self, request, project_id=None, pk=None):
        data = valid_data(s.ChannelUpdateSerializer, request.data, partial=True)
        channel = services.channel_update(channel=self.get_object(), actor=request.user, **data)
        return Response(s.ChannelOutputSerializer(channel).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        services.channel_delete(channel=self.get_object(), actor=request.user)
        return Response(status=204)

    @extend_schema(request=None, responses={202: s.DeliverySerializer})
    @action(detail=True, methods=["post"])
    def test(self, request, project_id=None, pk=None):
        delivery = services.channel_test(channel=self.get_object(), actor=request.user)
        delivery = Delivery.objects.select_related("channel", "alert__rule").get(pk=delivery.pk)
        return Response(s.DeliverySerializer(delivery).data, status=202)


class AlertRuleViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.AlertRuleOutputSerializer
    pagination_class = None
    write_action = permissions.MANAGE

    def scoped_queryset(self):
        return AlertRule.objects.prefetch_related("channels").order_by("name")

    @extend_schema(request=s.AlertRuleInputSerializer, responses={201: s.AlertRuleOutputSerializer})
    def create(self, request, project_id=None):
        data = valid_data(s.AlertRuleInputSerializer, request.data)
        rule = services.rule_create(project=self.project, actor=request.user, **data)
        return Response(s.AlertRuleOutputSerializer(rule).data, status=201)

    @extend_schema(request=s.AlertRuleUpdateSerializer, responses=s.AlertRuleOutputSerializer)
    def partial_update(self, request, project_id=None, pk=None):
        data = valid_data(s.AlertRuleUpdateSerializer, request.data, partial=True)
        rule = services.rule_update(rule=self.get_object(), actor=request.user, **data)
        return Response(s.AlertRuleOutputSerializer(rule).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        services.rule_delete(rule=self.get_object(), actor=request.user)
        return Response(status=204)


class DeliveryViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.DeliverySerializer
    action_permissions = {"retry": permissions.MANAGE}

    def scoped_queryset(self):
        filters = valid_filters(s.DeliveryFilterSerializer, self.request.query_params)
        return selectors.delivery_list(filters=filters)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=DeliveryStatus.values),
            OpenApiParameter("channel", int),
            OpenApiParameter("instance", int),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=s.DeliverySerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, project_id=None, pk=None):
        delivery = services.retry_now(delivery=self.get_object(), actor=request.user)
        return Response(s.DeliverySerializer(delivery).data)


class IncidentViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The project's incidents, newest first; acknowledging or resolving one is operating."""

    serializer_class = s.IncidentSerializer
    action_permissions = {"acknowledge": permissions.OPERATE, "resolve": permissions.OPERATE}

    def get_serializer_class(self):
        return s.IncidentDetailSerializer if self.action == "retrieve" else s.IncidentSerializer

    def scoped_queryset(self):
        filters = valid_filters(s.IncidentFilterSerializer, self.request.query_params)
        found = Incident.objects.select_related("rule", "node", "acknowledged_by")
        if filters.get("status"):
            found = found.filter(status=filters["status"])
        if filters.get("node"):
            found = found.filter(node_id=filters["node"])
        return found

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=IncidentStatus.values),
            OpenApiParameter("node", int),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.AcknowledgeSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, project_id=None, pk=None):
        data = valid_data(s.AcknowledgeSerializer, request.data)
        incident = incidents.acknowledge(self.get_object(), actor=request.user, **data)
        return Response(s.IncidentSerializer(incident).data)

    @extend_schema(request=s.ResolveSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, project_id=None, pk=None):
        data = valid_data(s.ResolveSerializer, request.data)
        incident = incidents.resolve(self.get_object(), actor=request.user, **data)
        return Response(s.IncidentSerializer(incident).data)


class BaselineViewSet(ProjectScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Baselines; `forecast` predicts one day (today by default) with the graph above it."""

    serializer_class = s.BaselineOutputSerializer
    pagination_class = None
    write_action = permissions.MANAGE

    def scoped_queryset(self):
        return selectors.baseline_list()

    @extend_schema(request=s.BaselineInputSerializer, responses={201: s.BaselineOutputSerializer})
    def create(self, request, project_id=None):
        data = valid_data(s.BaselineInputSerializer, request.data)
        baseline = baselines.baseline_create(project=self.project, actor=request.user, **data)
        return Response(s.BaselineOutputSerializer(baseline).data, status=201)

    @extend_schema(request=s.BaselineUpdateSerializer, responses=s.BaselineOutputSerializer)
    def partial_update(self, request, project_id=None, pk=None):
        data = valid_data(s.BaselineUpdateSerializer, request.data, partial=True)
        baseline = baselines.baseline_update(baseline=self.get_object(), actor=request.user, **data)
        return Response(s.BaselineOutputSerializer(baseline).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, project_id=None, pk=None):
        baselines.baseline_delete(baseline=self.get_object(), actor=request.user)
        return Response(status=204)

    @extend_schema(
        parameters=[OpenApiParameter("day", OpenApiTypes.DATE)],
        responses=s.BaselineForecastSerializer,
    )
    @action(detail=True, methods=["get"])
    def forecast(self, request, project_id=None, pk=None):
        filters = valid_filters(s.BaselineDayFilterSerializer, request.query_params)
        baseline = self.get_object()
        now = timezone.now()
        day = filters.get("day") or selectors.baseline_day_of(baseline, now)
        page = selectors.baseline_page(baseline, day, now)
        return Response(s.BaselineForecastSerializer(page).data)
