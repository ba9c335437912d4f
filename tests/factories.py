"""Making the objects tests need, through the services the product uses (so audit entries,
versions and permissions are as in real use). Fixtures in tests/conftest.py build on these."""

import uuid

from django.conf import settings
from rest_framework.test import APIClient

from projects import services
from projects.models import Role


def project(owner, *, name: str = "etl", timezone: str = "UTC", **limits):
    made = services.project_create(user=owner, name=name, timezone=timezone)
    for field, value in limits.items():  # e.g. max_concurrent_instances, group_slots
        setattr(made, field, value)
    if limits:
        made.save()
    return made


def node(project, actor, workflow, name, *, type="virtual", upstream=(), deploy=False, **fields):
    """A node; `upstream` holds nodes or (node, dependency kind) pairs; deployed if asked."""
    made = services.node_create(
        project=project, actor=actor, name=name, type=type, workflow=workflow, **fields
    )
    for up in upstream:
        up, kind = up if isinstance(up, tuple) else (up, "same_cycle")
        services.dependency_add(downstream=made, upstream=up, actor=actor, kind=kind)
    if deploy:
        services.nodes_deploy(project=project, actor=actor, items=[(made, None)])
    made.refresh_from_db()
    return made


def duckdb_source(project, actor, *, name: str = "wh"):
    """A DuckDB data source on a file of its own in the project's folder."""
    return services.datasource_create(
        project=project,
        actor=actor,
        name=name,
        kind="duckdb",
        config={"path": f"{name}-{uuid.uuid4().hex}.duckdb"},
    )


def postgres_source(project, actor, *, name: str = "pg", password: str = "p1", host: str = "h"):
    """A PostgreSQL data source nothing connects to: tests look at where its secret goes."""
    return services.datasource_create(
        project=project,
        actor=actor,
        name=name,
        kind="postgres",
        config={"host": host, "database": "d", "user": "u"},
        secret={"password": password},
    )


def pg_settings(database: str) -> dict:
    """Connection settings of `database` on the test PostgreSQL server (the application's own)."""
    app = settings.DATABASES["default"]
    return {
        "host": "127.0.0.1",
        "port": int(app.get("PORT") or 5432),
        "database": database,
        "user": app.get("USER") or "postgres",
    }


def members(project, owner, make_user, *, prefix: str = "") -> dict:
    """One user per role of `project`, keyed by role, plus 'outsider' (member of nothing)."""
    users = {Role.OWNER.value: owner}
    for role in (Role.ADMIN, Role.DEVELOPER, Role.OPERATOR, Role.VIEWER):
        user = make_user(f"{prefix}{role.value}-user")
        services.member_set(project=project, actor=owner, user=user, role=role)
        users[role.value] = user
    users["outsider"] = make_user(f"{prefix}outsider")
    return users


def api_client(user) -> APIClient:
    """An API client logged in as `user` (session auth without CSRF enforcement)."""
    client = APIClient()
    client.force_authenticate(user)
    return client
