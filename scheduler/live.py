"""Live updates over the channel layer: status changes per project, log lines per instance."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def project_group(project_id: int) -> str:
    return f"project_{project_id}"


def instance_group(instance_id: int) -> str:
    return f"instance_{instance_id}"


def _send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, message)


def publish_status(events) -> None:
    by_project: dict[int, list[dict]] = {}
    for event in events:
        by_project.setdefault(event.project_id, []).append(
            {
                "instance": event.instance_id,
                "from": event.from_status,
                "status": event.to_status,
                "reason": event.reason,
                "attempt": event.attempt,
            }
        )
    # One message per project and batch; an instance page listens to its project's group too.
    for project_id, changes in by_project.items():
        _send(project_group(project_id), {"type": "instance.status", "changes": changes})


def publish_log(instance_id: int, attempt: int, lines: list[str]) -> None:
    _send(
        instance_group(instance_id),
        {"type": "instance.log", "instance": instance_id, "attempt": attempt, "lines": lines},
    )
