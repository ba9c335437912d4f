"""The only way to fetch tenant objects by id: missing and not-yours both give 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from projects.models import Membership, Project
from projects.permissions import ACTION_WORDS, READ, role_can

MAX_ID = 2**63 - 1  # ids are 64-bit; a larger number names nothing


def as_id(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def membership_of(user, project_id) -> Membership | None:
    if not user or not user.is_authenticated:
        return None
    project_id = as_id(project_id)
    if project_id is None:
        return None
    return (
        Membership.objects.select_related("project")
        .filter(project_id=project_id, user=user)
        .first()
    )


def require(membership: Membership, action: str) -> None:
    if not role_can(membership.role, action):
        raise PermissionDenied(
            _("Your role (%(role)s) cannot %(action)s in this project.")
            % {"role": membership.role, "action": ACTION_WORDS[action]}
        )


def access_project(user, project_id, *, action: str = READ) -> Project:
    """The project if `user` is a member whose role allows `action`; 404 for non-members."""
    return access_membership(user, project_id, action=action).project


def access_membership(user, project_id, *, action: str = READ) -> Membership:
    membership = membership_of(user, project_id)
    if membership is None:
        raise Http404("No such project.")
    require(membership, action)
    return membership


def readable_project_ids(user) -> list[int]:
    if not user or not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).values_list("project_id", flat=True))


def project_ids_where(user, action: str) -> set[int]:
    """The projects in which `user`'s role allows `action`.

    The one rule for everything that reaches beyond the project a request names (runs and
    reruns with their downstream, backfills, instance graphs): it acts on, or shows, only what
    lies in these projects.
    """
    if not user or not getattr(user, "is_authenticated", False):
        return set()
    return {
        project_id
        for project_id, role in Membership.objects.filter(user=user).values_list(
            "project_id", "role"
        )
        if role_can(role, action)
    }


def field_object(queryset, project: Project, object_id, field: str):
    """An object of `project` named in a request body: an unknown id is a 400 on `field`
    (where `access_object` answers 404 for the object a URL names)."""
    from projects import validation

    obj = queryset.filter(project=project, pk=validation.check_id(object_id, field)).first()
    if obj is None:
        kind = queryset.model._meta.verbose_name
        validation.fail(field, _("no such %(kind)s in this project") % {"kind": kind})
    return obj


def access_object(queryset, project: Project, object_id):
    """An object of `project` by id from `queryset`, or 404."""
    pk = as_id(object_id)
    obj = queryset.filter(project=project, pk=pk).first() if pk is not None else None
    if obj is None:
        raise Http404(f"No such {queryset.model._meta.verbose_name}.")
    return obj
