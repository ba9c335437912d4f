"""Session login for the browser (CSRF protected) and personal tokens for scripts."""

from django.contrib.auth import authenticate, login, logout
from django.http import Http404
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from projects.access import as_id
from workbench import login_guard, preferences, tokens
from workbench.me_asgi import me_cache
from workbench.models import ApiToken, Language, TokenScope

# "" = the user never chose: the SPA follows the browser's language.
LANGUAGE_CHOICES = [("", "the browser's language"), *Language.choices]


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False, write_only=True)


# What every answer says of a user account: the caller's own (`me`) or one a staff member lists.
class UserFieldsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.CharField(help_text="may be empty")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    is_staff = serializers.BooleanField()


class UserOutputSerializer(UserFieldsSerializer):
    can_create_projects = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()

    def get_can_create_projects(self, user) -> bool:
        from projects.permissions import may_create_projects

        return may_create_projects(user)

    @extend_schema_field(serializers.ChoiceField(choices=LANGUAGE_CHOICES))
    def get_language(self, user) -> str:
        return preferences.language_of(user)


class MeInputSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)


def _expires_in_days():
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=36_500,
        help_text="default WORKBENCH_TOKEN_DAYS; 0 (never) only when WORKBENCH_TOKEN_MAX_DAYS=0",
    )


class TokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=TokenScope.choices, default=TokenScope.WRITE)
    expires_in_days = _expires_in_days()


class TokenExchangeSerializer(CredentialsSerializer):
    name = serializers.CharField(max_length=100, required=False, default="script")
    scope = serializers.ChoiceField(choices=TokenScope.choices, default=TokenScope.WRITE)
    expires_in_days = _expires_in_days()


class TokenOutputSerializer(serializers.ModelSerializer):
    expired = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "scope",
            "created_at",
            "expires_at",
            "last_used_at",
            "expired",
        ]

    def get_expired(self, token) -> bool:
        return token.expires_at is not None and token.expires_at <= timezone.now()


class NewTokenSerializer(TokenOutputSerializer):
    token = serializers.CharField(help_text="the key: shown this once, keep it safe")

    class Meta(TokenOutputSerializer.Meta):
        fields = [*TokenOutputSerializer.Meta.fields, "token"]


def _new_token(user, data: dict) -> dict:
    token, key = tokens.token_create(
        user=user,
        name=data["name"],
        scope=data["scope"],
        expires_in_days=data.get("expires_in_days"),
    )
    token.token = key
    return NewTokenSerializer(token).data


def _authenticate(request, data) -> object:
    credentials = CredentialsSerializer(data=data)
    credentials.is_valid(raise_exception=True)
    user = authenticate(request, **credentials.validated_data)
    wait = login_guard.retry_after(request)
    if wait:
        raise Throttled(
            wait,
            detail=_("Too many failed logins. Try again in %(seconds)s seconds.")
            % {"seconds": wait},
        )
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("Wrong username or password."))
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
        from workbench.live_access import session_ended

        session_key = request.session.session_key
        logout(request)
        me_cache.clear()
        if session_key:
            session_ended(session_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenView(APIView):
    """Exchange a username and password for a new named API token (`Authorization: Token <key>`)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=TokenExchangeSerializer, responses=NewTokenSerializer, summary="Get an API token"
    )
    def post(self, request):
        data = TokenExchangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = _authenticate(request, request.data)
        return Response(_new_token(user, data.validated_data))


class TokenRevokeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: None},
        summary="Revoke the token of this request (with a session: all the caller's tokens)",
    )
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            tokens.token_revoke(token=request.auth, reason="revoked by its holder")
        else:
            tokens.tokens_revoke_all(user_id=request.user.id, reason="revoked by the user")
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(APIView):
    """The caller's tokens (not revoked; expired ones included), and making a new one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TokenOutputSerializer(many=True), summary="My API tokens")
    def get(self, request):
        mine = tokens.active(ApiToken.objects.filter(user=request.user)).order_by("-id")
        return Response(TokenOutputSerializer(mine, many=True).data)

    @extend_schema(
        request=TokenInputSerializer,
        responses={201: NewTokenSerializer},
        summary="Make an API token",
    )
    def post(self, request):
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_new_token(request.user, data.validated_data), status=201)


class TokenDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None}, summary="Revoke one of my API tokens")
    def delete(self, request, pk):
        token = (
            tokens.active(ApiToken.objects.filter(user=request.user)).filter(pk=as_id(pk)).first()
        )
        if token is None:
            raise Http404(_("No such token."))
        tokens.token_revoke(token=token, reason="revoked by the user")
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UserOutputSerializer, summary="The logged-in user")
    def get(self, request):
        return Response(UserOutputSerializer(request.user).data)

    @extend_schema(
        request=MeInputSerializer, responses=UserOutputSerializer, summary="Change my preferences"
    )
    def patch(self, request):
        data = MeInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "language" in data.validated_data:
            preferences.preferences_update(
                user=request.user, language=data.validated_data["language"]
            )
            me_cache.clear()  # this process's cached answers of GET /me are stale now
        return Response(UserOutputSerializer(request.user).data)
