"""Live updates over the channel layer: status changes per project, log lines per instance."""

import asyncio
import logging
import queue
import threading
import time

from channels.layers import get_channel_layer
from django.conf import settings
from redis.exceptions import RedisError

from workbench.redis_client import get_redis

log = logging.getLogger(__name__)
_outbox: queue.SimpleQueue = queue.SimpleQueue()
_sender: threading.Thread | None = None
_lock = threading.Lock()


def project_group(project_id: int) -> str:
    return f"project_{project_id}"


def instance_group(instance_id: int) -> str:
    return f"instance_{instance_id}"


def send(group: str, message: dict) -> None:
    """Hand the message to this process's sender thread: live updates never hold up a run."""
    global _sender
    if _sender is None or not _sender.is_alive():
        with _lock:
            if _sender is None or not _sender.is_alive():
                _sender = threading.Thread(target=_deliver_forever, name="live-sender", daemon=True)
                _sender.start()
    _outbox.put((group, message))


# What is sent within this long of a first message goes out with it, merged: a round trip to
# the broker per update cost the worker a good part of a short run, and people do not see
# the difference.
GATHER_SECONDS = 0.05


def _deliver_forever() -> None:
    # A private event loop in a daemon thread: nothing here can keep the process from exiting.
    loop = asyncio.new_event_loop()
    layer = get_channel_layer()
    while True:
        batch = [_outbox.get()]
        time.sleep(GATHER_SECONDS)
        while True:  # what piled up meanwhile goes out merged: one send per group
            try:
                batch.append(_outbox.get_nowait())
            except queue.Empty:
                break
        if layer is None:
            continue
        messages = _merged(batch)
        watched = _watched(layer, {group for group, _ in messages})
        messages = [(group, message) for group, message in messages if group in watched]
        if messages:
            loop.run_until_complete(_send_all(layer, messages))


def _watched(layer, groups: set[str]) -> set[str]:
    """The groups somebody listens to. A send to a group nobody listens to still costs the
    broker and this process a good part of a short run, and most runs are watched by nobody.
    The Redis layer keeps each group's members in a sorted set: its existence is the answer
    (one round trip for the batch); any other layer gets every message."""
    group_key = getattr(layer, "_group_key", None)
    hosts = getattr(layer, "hosts", None) or [{}]
    if group_key is None or len(hosts) != 1 or hosts[0].get("address") != settings.REDIS_URL:
        return groups
    ordered = sorted(groups)
    try:
        pipe = get_redis().pipeline(transaction=False)
        for group in ordered:
            pipe.exists(group_key(group))
        return {group for group, found in zip(ordered, pipe.execute(), strict=True) if found}
    except RedisError:
        return groups


async def _send_all(layer, messages: list[tuple[str, dict]]) -> None:
    """One pass of the event loop for the whole batch (a pass per message cost the worker a
    noticeable share of a short run); a group's messages keep their order."""
    by_group: dict[str, list[dict]] = {}
    for group, message in messages:
        by_group.setdefault(group, []).append(message)

    async def in_order(group: str, items: list[dict]) -> None:
        for message in items:
            try:
                await layer.group_send(group, message)
            except Exception:  # a broker hiccup loses a live frame, never the stored state
                log.warning("live update to %s failed", group, exc_info=True)

    await asyncio.gather(*(in_order(group, items) for group, items in by_group.items()))


def _merged(batch: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Status changes of a group in one message, log lines of an attempt in one, in order."""
    merged: dict[tuple, tuple[str, dict]] = {}
    for group, message in batch:
        if message["type"] == "instance.status":
            key = (group, "status")
            if key in merged:
                merged[key][1]["changes"].extend(message["changes"])
                continue
            message = {**message, "changes": list(message["changes"])}
        elif message["type"] == "instance.log":
            key = (group, "log", message["attempt"])
            if key in merged:
                merged[key][1]["lines"].extend(message["lines"])
                continue
            message = {**message, "lines": list(message["lines"])}
        else:
            key = (group, len(merged))
        merged[key] = (group, message)
    return list(merged.values())


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
        send(project_group(project_id), {"type": "instance.status", "changes": changes})


def publish_log(instance_id: int, attempt: int, lines: list[str]) -> None:
    send(
        instance_group(instance_id),
        {"type": "instance.log", "instance": instance_id, "attempt": attempt, "lines": lines},
    )
