"""The audit log: every write says who did what to which object, with a summary of the change."""

from projects.models import AuditEntry

# Never written to the audit log, whatever the caller passes.
_SECRET_KEYS = {
    "password",
    "secret",
    "secret_encrypted",
    "dev_secret",
    "dev_secret_encrypted",
    "token",
    "api_key",
}


def _scrub(changes: dict | None) -> dict:
    if not changes:
        return {}
    return {
        key: ("***" if key in _SECRET_KEYS else _scrub(value) if isinstance(value, dict) else value)
        for key, value in changes.items()
    }


def record(
    *,
    project,
    actor,
    action: str,
    obj=None,
    object_type: str | None = None,
    changes: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        project=project,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type or (obj._meta.model_name if obj is not None else "project"),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=_scrub(changes),
    )
