"""The permission matrix: which role may do which action in a project. Enforced only here."""

from projects.models import Role

READ = "read"
EDIT = "edit"  # nodes, workflows, dependencies, quality rules
TEST_RUN = "test_run"
OPERATE = "operate"  # instances and backfills
MANAGE = "manage"  # members, data sources, alert channels
DEPLOY = "deploy"
DELETE_PROJECT = "delete_project"

ACTIONS = (READ, EDIT, TEST_RUN, OPERATE, MANAGE, DEPLOY, DELETE_PROJECT)

_VIEWER = {READ}
_DEVELOPER = _VIEWER | {EDIT, TEST_RUN}
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
    READ: "read",
    EDIT: "edit",
    TEST_RUN: "test-run nodes",
    OPERATE: "operate instances",
    MANAGE: "manage",
    DEPLOY: "deploy",
    DELETE_PROJECT: "delete the project",
}


def role_can(role: str | None, action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return role is not None and action in MATRIX.get(role, frozenset())
