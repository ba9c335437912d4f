"""What every signed-in user should know about the installation (shown as a banner)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench.health import check_sandbox


class SandboxStatusSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    mode = serializers.ChoiceField(choices=["on", "off"])
    warning = serializers.CharField(allow_null=True, help_text="set when the sandbox is off")
    error = serializers.CharField(allow_null=True, help_text="set when user code cannot run")


class SystemSerializer(serializers.Serializer):
    sandbox = SandboxStatusSerializer()


class SystemView(APIView):
    @extend_schema(responses=SystemSerializer, operation_id="system_retrieve")
    def get(self, request):
        sandbox = check_sandbox()
        error = (
            None if sandbox["ok"] else "user code cannot run: the workers' sandbox does not work"
        )
        body = {
            "sandbox": {
                "ok": sandbox["ok"],
                "mode": sandbox["mode"],
                "warning": sandbox.get("warning"),
                "error": error,
            }
        }
        return Response(body)
