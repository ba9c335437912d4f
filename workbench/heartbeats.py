"""Worker liveness: each worker refreshes a key with a time-to-live; a missing key means gone.

The key's value says when it beat, which queues (resource groups) the worker serves, how many
slots it has and whether its sandbox works: dispatch divides slots among projects with it and
/healthz reports it.
"""

import json
import logging
import threading
import time

from django.conf import settings

from workbench.redis_client import get_redis

log = logging.getLogger(__name__)
WORKER_KEY_PREFIX = "workbench:worker:"


def worker_beat(hostname: str, info: dict | None = None) -> None:
    ttl = settings.WORKER_HEARTBEAT_SECONDS * 3
    value = json.dumps({"at": round(time.time(), 3), **(info or {})})
    get_redis().set(f"{WORKER_KEY_PREFIX}{hostname}", value, ex=ttl)


def worker_beat_forever(hostname: str, stop: threading.Event, info: dict | None = None) -> None:
    while not stop.is_set():
        try:
            worker_beat(hostname, info)
        except Exception:  # the broker may be restarting; the next beat tries again
            log.warning("worker heartbeat failed", exc_info=True)
        stop.wait(settings.WORKER_HEARTBEAT_SECONDS)


def worker_gone(hostname: str) -> None:
    try:
        get_redis().delete(f"{WORKER_KEY_PREFIX}{hostname}")
    except Exception:
        log.warning("could not clear worker heartbeat", exc_info=True)


def _parse(value: bytes) -> dict:
    text = value.decode()
    try:
        found = json.loads(text)
    except ValueError:
        return {"at": 0.0}
    return found if isinstance(found, dict) else {"at": float(found)}


def worker_details(client=None) -> dict[str, dict]:
    """Hostname -> {"at", "queues", "slots", "sandbox"} of every live worker."""
    client = client or get_redis()
    keys = list(client.scan_iter(match=f"{WORKER_KEY_PREFIX}*", count=1000))
    if not keys:
        return {}
    values = client.mget(keys)
    return {
        key.decode()[len(WORKER_KEY_PREFIX) :]: _parse(value)
        for key, value in zip(keys, values, strict=True)
        if value is not None
    }


def live_workers(client=None) -> dict[str, float]:
    """Hostname -> last beat (unix time) of every worker whose heartbeat has not expired."""
    return {host: float(info.get("at") or 0) for host, info in worker_details(client).items()}


def live_slots(client=None) -> dict[str, int]:
    """Queue (resource group) -> slots of the live workers serving it."""
    slots: dict[str, int] = {}
    for info in worker_details(client).values():
        for queue in info.get("queues") or []:
            slots[queue] = slots.get(queue, 0) + int(info.get("slots") or 0)
    return slots
