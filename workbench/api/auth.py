"""Session login for the browser (CSRF protected) and tokens for scripts."""

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench import login_guard
from workbench.me_asgi import me_cache


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False, write_only=True)


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    is_staff = serializers.BooleanField()
    can_create_projects = serializers.SerializerMethodField()

    def get_can_create_projects(self, user) -> bool:
        from projects.permissions import may_create_projects

        return may_create_projects(user)


def _authenticate(request, data) -> object:
    credentials = CredentialsSerializer(data=data)
    credentials.is_valid(raise_exception=True)
    user = authenticate(request, **credentials.validated_data)
    wait = login_guard.retry_after(request)
    if wait:
        raise Throttled(wait, detail=f"Too many failed logins. Try again in {wait} seconds.")
    if user is None or not user.is_active:
        raise AuthenticationFailed("Wrong username or password.")
    login_guard.clear(request, credentials.validated_data["username"])
    return user


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses=inline_serializer("CsrfOutput", {"csrfToken": serializers.CharField()}),
        summary="Set the CSRF cookie and return its token",
    )
    def get(self, request):
        return Response({"csrfToken": get_token(request)})


@method_decorator(csrf_protect, name="dispatch")
class LoginView(APIView):
    """Log in with a session cookie; the CSRF token is required even though nobody is logged in."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=CredentialsSerializer, responses=UserOutputSerializer, summary="Log in")
    def post(self, request):
        user = _authenticate(request, request.data)
        login(request, user)
        return Response(UserOutputSerializer(user).data)


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None}, summary="Log out")
    def post(self, request):
        logout(request)
        me_cache.clear()
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token <key>`)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=CredentialsSerializer,
        responses=inline_serializer("TokenOutput", {"token": serializers.CharField()}),
        summary="Get an API token",
    )
    def post(self, request):
        user = _authenticate(request, request.data)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class TokenRevokeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, summary="Revoke the caller's API token")
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        me_cache.clear()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UserOutputSerializer, summary="The logged-in user")
    def get(self, request):
        return Response(UserOutputSerializer(request.user).data)
