"""What every signed-in user should know about the installation (shown as a banner)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench.health import check_sandbox


class SandboxStatusSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    mode = serializers.ChoiceField(choices=["on", "off"])
    warning = serializers.CharField(required=False)
    error = serializers.CharField(required=False)


class SystemSerializer(serializers.Serializer):
    sandbox = SandboxStatusSerializer()


class SystemView(APIView):
    @extend_schema(responses=SystemSerializer, operation_id="system_retrieve")
    def get(self, request):
        sandbox = check_sandbox()
        body = {"sandbox": {k: v for k, v in sandbox.items() if k in ("ok", "mode", "warning")}}
        if not sandbox["ok"]:
            body["sandbox"]["error"] = "user code cannot run: the workers' sandbox does not work"
        return Response(body)
