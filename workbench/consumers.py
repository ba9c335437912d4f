from channels.generic.websocket import AsyncJsonWebsocketConsumer


class PingConsumer(AsyncJsonWebsocketConsumer):
    """A liveness probe for the websocket path: answers each message with a pong and the user.

    Only logged-in users may connect, like every other consumer.
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        await self.accept()

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "pong", "user": self.scope["user"].username, "echo": content})
