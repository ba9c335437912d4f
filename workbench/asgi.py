"""ASGI entry point: HTTP goes to Django, /ws/ to Channels consumers."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from workbench.health_asgi import HealthApp, has_credentials  # noqa: E402
from workbench.me_asgi import me_cache  # noqa: E402
from workbench.routing import websocket_urlpatterns  # noqa: E402

health_app = HealthApp()


async def http_app(scope, receive, send):
    if scope["path"] == "/healthz" and not has_credentials(scope):
        return await health_app(scope, receive, send)
    if scope["path"] == "/api/v1/me" and settings.ME_CACHE_SECONDS > 0:
        return await me_cache(django_asgi_app, scope, receive, send)
    return await django_asgi_app(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": http_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
