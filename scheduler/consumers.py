"""Websockets: a project's instance status changes, and one instance's status and log lines."""

from channels.db import database_sync_to_async

from scheduler.live import instance_group, project_group
from workbench import live_access
from workbench.consumers import AccessAwareConsumer


@database_sync_to_async
def _is_member(user, project_id: int, instance_id: int | None) -> bool:
    from projects.models import Membership
    from scheduler.models import Instance

    if (
        not user.is_authenticated
        or not Membership.objects.filter(project_id=project_id, user=user).exists()
    ):
        return False
    return (
        instance_id is None
        or Instance.objects.filter(pk=instance_id, project_id=project_id).exists()
    )


class ProjectEventsConsumer(AccessAwareConsumer):
    instance_id: int | None = None

    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        self.project_id = int(kwargs["project_id"])
        self.instance_id = int(kwargs["instance_id"]) if "instance_id" in kwargs else None
        if not await _is_member(self.scope["user"], self.project_id, self.instance_id):
            await self.close(code=live_access.NOT_A_MEMBER)  # like the API: nothing of others
            return
        groups = [project_group(self.project_id)]
        if self.instance_id is not None:
            groups.append(instance_group(self.instance_id))
        await self.join(groups)
        await self.accept()

    async def refused(self, user) -> int | None:
        code = await super().refused(user)
        if code is None and not await _is_member(user, self.project_id, self.instance_id):
            code = live_access.NOT_A_MEMBER
        return code

    async def instance_status(self, message):
        changes = message["changes"]
        if self.instance_id is not None:
            changes = [c for c in changes if c["instance"] == self.instance_id]
        if changes:
            await self.send_json({"type": "instance.status", "changes": changes})

    async def instance_log(self, message):
        await self.send_json(message)
