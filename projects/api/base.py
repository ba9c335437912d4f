"""The base of every project-scoped API view: tenancy and the permission matrix in one place.

    class NodeViewSet(ProjectScopedViewSet, mixins.ListModelMixin, ...):
        write_action = permissions.EDIT                 # needed for unsafe methods
        action_permissions = {"deploy": permissions.DEPLOY}

        def scoped_queryset(self):
            return Node.objects.all()                   # filtered by self.project here

A non-member gets 404 for everything under /projects/{project_id}/; a member whose role lacks
the action gets 403 with the reason.
"""

from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from projects.access import access_membership
from projects.permissions import READ


class ProjectRolePermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        view.membership = access_membership(
            request.user, view.kwargs.get("project_id"), action=view.required_action()
        )
        view.project = view.membership.project
        return True


# The project of the URL (`self.project`) and the caller's role checked for the action: enough
# for a view that reads or writes through selectors and services. (Comments, not docstrings: a
# view's docstring is its description in the API schema.)
class ProjectAccessMixin:
    permission_classes = [IsAuthenticated, ProjectRolePermission]
    write_action: str = "edit"
    action_permissions: dict[str, str] = {}

    def required_action(self) -> str:
        action = getattr(self, "action", None)
        if action in self.action_permissions:
            return self.action_permissions[action]
        if self.request.method in SAFE_METHODS:
            return READ
        return self.write_action


# A view over one model's rows: `scoped_queryset()`, filtered here to the project.
class ProjectScopedMixin(ProjectAccessMixin):
    def scoped_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no project
            return self.scoped_queryset().none()
        return self.scoped_queryset().filter(project=self.project)


class ProjectScopedViewSet(ProjectScopedMixin, viewsets.GenericViewSet):
    pass


def valid_data(serializer_class, data, partial: bool = False) -> dict:
    """The request body checked by `serializer_class`; 400 with the fields at fault otherwise."""
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
