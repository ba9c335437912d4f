"""Worker liveness: each worker refreshes a key with a time-to-live; a missing key means gone."""

import logging
import threading
import time

from django.conf import settings

from workbench.redis_client import get_redis

log = logging.getLogger(__name__)
WORKER_KEY_PREFIX = "workbench:worker:"


def worker_beat(hostname: str) -> None:
    ttl = settings.WORKER_HEARTBEAT_SECONDS * 3
    get_redis().set(f"{WORKER_KEY_PREFIX}{hostname}", f"{time.time():.3f}", ex=ttl)


def worker_beat_forever(hostname: str, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            worker_beat(hostname)
        except Exception:  # the broker may be restarting; the next beat tries again
            log.warning("worker heartbeat failed", exc_info=True)
        stop.wait(settings.WORKER_HEARTBEAT_SECONDS)


def worker_gone(hostname: str) -> None:
    try:
        get_redis().delete(f"{WORKER_KEY_PREFIX}{hostname}")
    except Exception:
        log.warning("could not clear worker heartbeat", exc_info=True)


def live_workers(client=None) -> dict[str, float]:
    """Hostname -> last beat (unix time) of every worker whose heartbeat has not expired."""
    client = client or get_redis()
    keys = list(client.scan_iter(match=f"{WORKER_KEY_PREFIX}*", count=1000))
    if not keys:
        return {}
    values = client.mget(keys)
    return {
        key.decode()[len(WORKER_KEY_PREFIX) :]: float(value)
        for key, value in zip(keys, values, strict=True)
        if value is not None
    }
