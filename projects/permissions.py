"""The permission matrix: which role may do which action in a project. Enforced only here."""

from django.utils.translation import gettext_lazy as _

from projects.models import Role

READ = "read"
EDIT = "edit"  # nodes, workflows, dependencies, quality rules
TEST_RUN = "test_run"
OPERATE = "operate"  # instances and backfills
MANAGE = "manage"  # members, data sources, alert channels
DEPLOY = "deploy"  # deploy, approve or reject others' deploy requests, roll back
REQUEST_DEPLOY = "request_deploy"  # submit a deploy request for review
DELETE_PROJECT = "delete_project"

ACTIONS = (READ, EDIT, TEST_RUN, OPERATE, MANAGE, DEPLOY, REQUEST_DEPLOY, DELETE_PROJECT)

_VIEWER = {READ}
_DEVELOPER = _VIEWER | {EDIT, TEST_RUN, REQUEST_DEPLOY}
_OPERATOR = _VIEWER | {OPERATE}
_ADMIN = _DEVELOPER | _OPERATOR | {MANAGE, DEPLOY}

MATRIX: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset(_VIEWER),
    Role.DEVELOPER: frozenset(_DEVELOPER),
    Role.OPERATOR: frozenset(_OPERATOR),
    Role.ADMIN: frozenset(_ADMIN),
    Role.OWNER: frozenset(_ADMIN | {DELETE_PROJECT}),
}

ACTION_WORDS = {
    READ: _("read"),
    EDIT: _("edit"),
    TEST_RUN: _("test-run nodes"),
    OPERATE: _("operate instances"),
    MANAGE: _("manage"),
    DEPLOY: _("deploy"),
    REQUEST_DEPLOY: _("request deploys"),
    DELETE_PROJECT: _("delete the project"),
}


def role_can(role: str | None, action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return role is not None and action in MATRIX.get(role, frozenset())


def may_change_membership(
    actor_role: str | None, *, current: str | None, wanted: str | None
) -> bool:
    """May a member with `actor_role` (who may manage) move a membership from `current` to
    `wanted` (None: not a member)? Only owners grant the owner role or take it away, so an
    admin cannot make themselves owner, nor demote or remove an owner."""
    touches_owner = Role.OWNER in (current, wanted) and current != wanted
    return actor_role == Role.OWNER or not touches_owner


def may_create_projects(user) -> bool:
    """WORKBENCH_PROJECT_CREATORS: `staff` (DataWorks: tenant administrators create
    workspaces) or `everyone` signed in."""
    from django.conf import settings

    if not user or not user.is_authenticated:
        return False
    return settings.WORKBENCH_PROJECT_CREATORS == "everyone" or user.is_staff


def grantable_roles(actor_role: str | None) -> list[str]:
    """The roles a member with `actor_role` may give a newcomer (none without MANAGE): sent
    with the project so that the client offers only those."""
    if not role_can(actor_role, MANAGE):
        return []
    return [
        role for role in Role.values if may_change_membership(actor_role, current=None, wanted=role)
    ]


def may_change_member(actor_role: str | None, member_role: str) -> bool:
    """May a member with `actor_role` change the role of, or remove, a member with
    `member_role`? Sent with each member, so that the client offers what the server allows."""
    return role_can(actor_role, MANAGE) and may_change_membership(
        actor_role, current=member_role, wanted=None
    )
