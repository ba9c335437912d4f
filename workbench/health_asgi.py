"""/healthz answered at the ASGI layer, ahead of Django's middleware.

Load balancers and monitors poll it often; the component checks run in a thread at most once
per HEALTH_CACHE_SECONDS and every request in between gets the last report, so polling
cannot load the database or the broker. They get the bare status; a request with credentials
(a session cookie or an Authorization header) goes to Django, which shows staff the detail.
"""

import asyncio
import json
import time
from http.cookies import SimpleCookie

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from workbench.health import bare


def has_credentials(scope) -> bool:
    headers = dict(scope.get("headers") or [])
    if b"authorization" in headers:
        return True
    cookies = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
    return settings.SESSION_COOKIE_NAME in cookies


def _fresh_report() -> tuple[dict, int]:
    from workbench.health import health_report

    close_old_connections()
    try:
        return health_report()
    finally:
        close_old_connections()


class HealthApp:
    def __init__(self):
        self._report: tuple[bytes, int] | None = None
        self._checked_at = 0.0
        self._lock = asyncio.Lock()

    async def _current(self) -> tuple[bytes, int]:
        max_age = settings.HEALTH_CACHE_SECONDS
        if self._report is None or time.monotonic() - self._checked_at > max_age:
            async with self._lock:
                if self._report is None or time.monotonic() - self._checked_at > max_age:
                    body, status = await sync_to_async(_fresh_report, thread_sensitive=False)()
                    self._report = (json.dumps(bare(body)).encode(), status)
                    self._checked_at = time.monotonic()
        return self._report

    async def __call__(self, scope, receive, send):
        body, status = await self._current()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
