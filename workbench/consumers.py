from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from workbench import live_access


class AccessAwareConsumer(AsyncJsonWebsocketConsumer):
    """A consumer that closes when its user may no longer have it (workbench.live_access).

    Subclasses call `join(groups)` once they accept and may refine `refused(user)`: the close
    code for a user who may not (or no longer) listen, None when they may.
    """

    groups_joined: list[str]

    async def join(self, groups: list[str]) -> None:
        user = self.scope["user"]
        self.groups_joined = [*groups, live_access.user_group(user.id)]
        session = self.scope.get("session")
        if getattr(session, "session_key", None):
            self.groups_joined.append(live_access.session_group(session.session_key))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def refused(self, user) -> int | None:
        return None if user.is_authenticated else live_access.NOT_LOGGED_IN

    async def access_check(self, message):
        user = await database_sync_to_async(live_access.current_user)(self.scope)
        if not user.is_authenticated or user.pk != self.scope["user"].pk:
            await self.close(code=live_access.NOT_LOGGED_IN)
            return
        code = await self.refused(user)
        if code is not None:
            await self.close(code=code)

    async def session_ended(self, message):
        await self.close(code=live_access.NOT_LOGGED_IN)


class PingConsumer(AccessAwareConsumer):
    """A liveness probe for the websocket path: answers each message with a pong and the user.

    Only logged-in users may connect, like every other consumer.
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=live_access.NOT_LOGGED_IN)
            return
        await self.join([])
        await self.accept()

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "pong", "user": self.scope["user"].username, "echo": content})
