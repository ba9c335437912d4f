"""Personal API tokens for scripts: `Authorization: Token <key>`.

A user has any number of named tokens, each with an expiry (WORKBENCH_TOKEN_DAYS by default, at
most WORKBENCH_TOKEN_MAX_DAYS), a scope (`write`, or `read` for GET only), the time it was last
used, and revocation. The key is shown once, when the token is made; only its SHA-256 is kept.
Changing a user's password revokes all their tokens, as it ends their other sessions.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from projects import validation
from workbench.models import ApiToken, TokenScope

KEY_PREFIX = "wbt_"
MAX_ACTIVE_TOKENS = 100
LAST_USED_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most this often
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def active(queryset=None):
    """Tokens not revoked (expired ones included: the user sees them and their date)."""
    return (queryset if queryset is not None else ApiToken.objects).filter(revoked_at__isnull=True)


@transaction.atomic
def token_create(
    *, user, name: str, scope: str = TokenScope.WRITE, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token of `user` and its key (shown once)."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        validation.fail("name", "give the token a name of 1 to 100 characters")
    if scope not in TokenScope.values:
        validation.fail("scope", f"one of {', '.join(TokenScope.values)}")
    days = settings.TOKEN_DAYS if expires_in_days is None else expires_in_days
    longest = settings.TOKEN_MAX_DAYS
    if days < 0 or (longest and (days == 0 or days > longest)):
        limit = f"1 to {longest}" if longest else "0 (never) or more"
        validation.fail("expires_in_days", f"a number of days from {limit}")
    if active(ApiToken.objects.filter(user=user)).count() >= MAX_ACTIVE_TOKENS:
        validation.fail("name", f"at most {MAX_ACTIVE_TOKENS} tokens; revoke some first")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:12],
        key_hash=key_hash(key),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    return token, key


def token_revoke(*, token: ApiToken, reason: str = "revoked") -> ApiToken:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:100]
    )
    token.refresh_from_db()
    _forget_cached_answers()
    return token


def tokens_revoke_all(*, user_id: int, reason: str) -> int:
    revoked = active(ApiToken.objects.filter(user_id=user_id)).update(
        revoked_at=timezone.now(), revoked_reason=reason[:100]
    )
    _forget_cached_answers()
    return revoked


def _forget_cached_answers() -> None:
    from workbench.me_asgi import me_cache

    me_cache.clear()


def on_user_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save of the user model: a new password revokes every token of the user; a new
    password or a deactivation closes the user's open websockets."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    password_changed = before["password"] != instance.password
    if password_changed:
        tokens_revoke_all(user_id=instance.pk, reason="password changed")
    if password_changed or (before["is_active"] and not instance.is_active):
        from workbench.live_access import user_credentials_changed

        user_id = instance.pk
        transaction.on_commit(lambda: user_credentials_changed(user_id))


class TokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`; a `read` token may only read."""

    keyword = "token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give the token as: Authorization: Token <key>.")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        token = (
            active(ApiToken.objects.select_related("user")).filter(key_hash=key_hash(key)).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                f"The token {token.name!r} expired on {token.expires_at:%Y-%m-%d}."
            )
        if token.scope == TokenScope.READ and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(
                f"The token {token.name!r} may only read (scope: read)."
            )
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"
