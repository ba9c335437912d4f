"""GET /api/v1/me answered from a short per-credential cache at the ASGI layer.

The SPA asks "who am I?" on every page load and scripts poll it to check a token, so it is the
hottest authenticated endpoint. The first request of a credential (token or session cookie)
goes through Django as usual; a successful answer is kept for ME_CACHE_SECONDS and repeated
to the same credential only. Logging out or revoking a token clears this process's cache at
once; other web processes notice within ME_CACHE_SECONDS.
"""

import time
from collections import OrderedDict
from http.cookies import SimpleCookie

from django.conf import settings

MAX_ENTRIES = 10_000


class MeCache:
    def __init__(self):
        self._entries: OrderedDict[str, tuple[float, int, list, bytes]] = OrderedDict()

    def clear(self) -> None:
        self._entries.clear()

    @staticmethod
    def credential(scope) -> str | None:
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("token "):
            return "token:" + auth[6:].strip()
        if auth:
            return None  # another scheme: let Django decide, uncached
        cookies = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
        session = cookies.get(settings.SESSION_COOKIE_NAME)
        return f"session:{session.value}" if session else None

    async def __call__(self, app, scope, receive, send):
        key = self.credential(scope) if scope["method"] == "GET" else None
        if key is None:
            return await app(scope, receive, send)
        entry = self._entries.get(key)
        if entry and entry[0] > time.monotonic():
            _, status, headers, body = entry
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start, chunks = {}, []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await app(scope, receive, capture)
        headers = start.get("headers") or []
        if start.get("status") == 200 and not any(k.lower() == b"set-cookie" for k, _ in headers):
            self._entries[key] = (
                time.monotonic() + settings.ME_CACHE_SECONDS,
                200,
                list(headers),
                b"".join(chunks),
            )
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)


me_cache = MeCache()
