"""Personal API tokens: named, expiring, revocable; only a hash of each key is stored."""

from django.conf import settings
from django.db import models


class TokenScope(models.TextChoices):
    READ = "read"  # GET, HEAD and OPTIONS only
    WRITE = "write"  # everything the user may do


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # The key's first characters, shown to tell tokens apart; the key itself is never stored.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=8, choices=TokenScope.choices, default=TokenScope.WRITE)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="empty: never expires")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            # a user's tokens page: the ones not revoked, newest first
            models.Index(fields=["user", "revoked_at", "-id"], name="apitoken_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user}"


class Language(models.TextChoices):
    """The languages a user may choose; the values are settings.LANGUAGES's codes."""

    EN = "en", "English"
    ZH_HANS = "zh-hans", "简体中文"


class UserPreferences(models.Model):
    """What a user chose for themselves, kept across browsers: empty language = the browser's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    language = models.CharField(max_length=10, choices=Language.choices, blank=True)

    def __str__(self) -> str:
        return f"preferences of {self.user}"
