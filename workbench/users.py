"""The installation's accounts, administered by its staff: list, create, (de)activate, reset a
password. Every write is audited (installation-wide: no project).

Deactivating an account or setting its password revokes the user's API tokens and closes their
open websockets (here and in workbench.tokens.on_user_saved); a deactivated account can no
longer log in, and its sessions stop working at their next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from projects import audit, validation
from workbench import tokens


def user_list(*, filters: dict) -> QuerySet:
    """Accounts by username; `search` matches the username, the email or the name, `is_active`
    keeps active or deactivated ones."""
    qs = get_user_model().objects.order_by("username", "id")
    search = filters.get("search")
    if search:
        qs = qs.filter(
            Q(username__icontains=search)
            | Q(email__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
        )
    if filters.get("is_active") is not None:
        qs = qs.filter(is_active=filters["is_active"])
    return qs


def _check_password(password: str, user=None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None


def _record(actor, action: str, user, changes: dict | None = None) -> None:
    audit.record(
        project=None, actor=actor, action=action, obj=user, object_type="user", changes=changes
    )


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
):
    User = get_user_model()
    username = (username or "").strip()
    try:
        User._meta.get_field("username").clean(username, None)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from None
    if User.objects.filter(username__iexact=username).exists():
        validation.fail("username", f"the username {username!r} is taken")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
    )
    _check_password(password, user)
    user.set_password(password)
    user.save()
    _record(actor, "create", user, {"username": username, "is_staff": is_staff})
    return user


@transaction.atomic
def user_update(*, actor, user, **fields):
    """Change an account's email, name or staff flag (not one's own staff flag)."""
    if "is_staff" in fields and user.pk == actor.pk and not fields["is_staff"]:
        raise PermissionDenied("You cannot take away your own staff rights.")
    changes = {}
    for key, value in fields.items():
        if getattr(user, key) != value:
            changes[key] = {"before": getattr(user, key), "after": value}
            setattr(user, key, value)
    if changes:
        user.save(update_fields=list(changes))
        _record(actor, "update", user, changes)
    return user


@transaction.atomic
def user_set_active(*, actor, user, active: bool):
    """Deactivate (or reactivate) an account; staff cannot deactivate themselves."""
    if not active and user.pk == actor.pk:
        raise PermissionDenied("You cannot deactivate your own account.")
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:  # a reactivated account starts without its old tokens
            tokens.tokens_revoke_all(user_id=user.pk, reason="account deactivated")
        _record(actor, "activate" if active else "deactivate", user)
    return user


@transaction.atomic
def user_set_password(*, actor, user, password: str):
    """Give an account a new password (the user's tokens are revoked, their sessions end)."""
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _record(actor, "reset_password", user)
    return user
