"""A user's own settings (the language of the interface), read and written for /api/v1/me."""

from workbench.models import UserPreferences


def language_of(user) -> str:
    """The user's chosen language, or "" when they never chose one (the browser's then)."""
    return (
        UserPreferences.objects.filter(user=user).values_list("language", flat=True).first() or ""
    )


def preferences_update(*, user, language: str) -> UserPreferences:
    """Only the user themselves writes this (the view passes request.user): no other check."""
    preferences, _ = UserPreferences.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return preferences
