"""The installation's accounts, for its staff only (everyone else gets 403)."""

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.response import Response

from projects.access import as_id
from projects.api.base import valid_data
from projects.api.filters import Checked, TextFilter, valid_filters
from projects.validation import bool_param
from workbench import users
from workbench.api.auth import UserFieldsSerializer


class UserAdminOutputSerializer(UserFieldsSerializer):
    is_active = serializers.BooleanField()
    date_joined = serializers.DateTimeField()
    last_login = serializers.DateTimeField(allow_null=True)


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False, write_only=True)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    is_staff = serializers.BooleanField(required=False, default=False)


class UserUpdateSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    is_staff = serializers.BooleanField(required=False)


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=256, trim_whitespace=False, write_only=True)


class UserFilterSerializer(serializers.Serializer):
    search = TextFilter()
    is_active = Checked(bool_param)


class IsStaff(IsAdminUser):
    message = "Only site administrators (staff) may manage user accounts."


class UserViewSet(viewsets.GenericViewSet):
    """The installation's accounts: list, create, change, deactivate, reset a password."""

    permission_classes = [IsAuthenticated, IsStaff]
    serializer_class = UserAdminOutputSerializer
    queryset = get_user_model().objects.none()  # for the schema
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return users.user_list(
            filters=valid_filters(UserFilterSerializer, self.request.query_params)
        )

    def _user(self, pk):
        user = get_user_model().objects.filter(pk=as_id(pk)).first()
        if user is None:
            raise Http404("No such user.")
        return user

    def _out(self, user):
        return UserAdminOutputSerializer(user).data

    @extend_schema(
        parameters=[OpenApiParameter("search", str), OpenApiParameter("is_active", bool)]
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(UserAdminOutputSerializer(page, many=True).data)

    @extend_schema(request=UserCreateSerializer, responses={201: UserAdminOutputSerializer})
    def create(self, request):
        data = valid_data(UserCreateSerializer, request.data)
        return Response(self._out(users.user_create(actor=request.user, **data)), status=201)

    @extend_schema(responses=UserAdminOutputSerializer)
    def retrieve(self, request, pk=None):
        return Response(self._out(self._user(pk)))

    @extend_schema(request=UserUpdateSerializer, responses=UserAdminOutputSerializer)
    def partial_update(self, request, pk=None):
        user = self._user(pk)
        data = valid_data(UserUpdateSerializer, request.data, partial=True)
        return Response(self._out(users.user_update(actor=request.user, user=user, **data)))

    @extend_schema(request=None, responses=UserAdminOutputSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """Deactivate the account: it cannot log in, its tokens are revoked."""
        user = users.user_set_active(actor=request.user, user=self._user(pk), active=False)
        return Response(self._out(user))

    @extend_schema(request=None, responses=UserAdminOutputSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        user = users.user_set_active(actor=request.user, user=self._user(pk), active=True)
        return Response(self._out(user))

    @extend_schema(request=PasswordSerializer, responses=UserAdminOutputSerializer)
    @action(detail=True, methods=["post"])
    def password(self, request, pk=None):
        """Set a new password; the user's tokens are revoked and their sessions end."""
        data = valid_data(PasswordSerializer, request.data)
        user = users.user_set_password(actor=request.user, user=self._user(pk), **data)
        return Response(self._out(user))
