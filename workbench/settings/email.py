from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_str

# EMAIL_URL: smtp://user:pass@host:port, smtp+tls://..., smtp+ssl://..., console://, or unset.
EMAIL_URL = env_str("EMAIL_URL")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "workbench@localhost")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

if EMAIL_URL:
    _url = urlparse(EMAIL_URL)
    if _url.scheme == "console":
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    elif _url.scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        EMAIL_HOST = _url.hostname or "localhost"
        EMAIL_PORT = _url.port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[_url.scheme]
        EMAIL_HOST_USER = unquote(_url.username or "")
        EMAIL_HOST_PASSWORD = unquote(_url.password or "")
        EMAIL_USE_TLS = _url.scheme == "smtp+tls"
        EMAIL_USE_SSL = _url.scheme == "smtp+ssl"
    else:
        raise ImproperlyConfigured(f"EMAIL_URL: unsupported scheme {_url.scheme!r}")
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
