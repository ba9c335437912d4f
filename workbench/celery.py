"""The Celery application and the worker heartbeat that /healthz and lost-worker recovery read."""

import os
import socket
import threading

from celery import Celery
from celery.signals import task_prerun, worker_init, worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

app = Celery("workbench")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_stop_heartbeat = threading.Event()


def _serves_user_code(app) -> bool:
    from django.conf import settings

    queues = set(app.amqp.queues.consume_from or [])
    return not queues or bool(queues - {settings.ALERTS_QUEUE})


@task_prerun.connect
def _fresh_enough_connections(**_):
    """Connections live across tasks (CELERY_DB_REUSE_MAX); drop broken or old ones first."""
    from django.db import close_old_connections

    close_old_connections()


@worker_init.connect
def _check_sandbox(sender=None, **_):
    """A worker runs user code only in a working sandbox: in production it refuses to start
    without one (unless WORKBENCH_SANDBOX=off says so); elsewhere its runs fail with the reason."""
    import logging

    from django.conf import settings

    from scheduler import sandbox

    if sender is not None and not _serves_user_code(sender.app):
        return  # an alerts worker runs no user code
    sandbox.clean_stale_runs()
    found = sandbox.self_test()
    log = logging.getLogger("workbench.sandbox")
    if found.get("warning"):
        log.warning("%s", found["warning"])
    if not found["ok"]:
        log.error("the sandbox does not work here: %s", found.get("error"))
        if settings.PRODUCTION:
            raise SystemExit(
                "refusing to start: user code needs a working sandbox "
                f"({found.get('error')}); fix it or set WORKBENCH_SANDBOX=off"
            )


@worker_ready.connect
def _start_heartbeat(sender=None, **_):
    from workbench import heartbeats

    hostname = getattr(sender, "hostname", None) or socket.gethostname()
    thread = threading.Thread(
        target=heartbeats.worker_beat_forever,
        args=(hostname, _stop_heartbeat, _worker_info(sender)),
        name="workbench-heartbeat",
        daemon=True,
    )
    thread.start()


def _worker_info(consumer) -> dict:
    """What dispatch and /healthz need to know of this worker."""
    from scheduler import sandbox

    queues = sorted(consumer.app.amqp.queues.consume_from or [])
    pool = getattr(getattr(consumer, "controller", None), "concurrency", None)
    return {"queues": queues, "slots": int(pool or 1), "sandbox": sandbox.status()}


@worker_shutdown.connect
def _stop(sender=None, **_):
    from scheduler.transitions import drain_background
    from workbench import heartbeats

    drain_background()  # the last runs' downstream is dispatched before the worker goes
    _stop_heartbeat.set()
    heartbeats.worker_gone(getattr(sender, "hostname", None) or socket.gethostname())
