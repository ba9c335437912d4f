"""The Celery application and the worker heartbeat that /healthz and lost-worker recovery read."""

import os
import socket
import threading

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

app = Celery("workbench")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_stop_heartbeat = threading.Event()


@worker_ready.connect
def _start_heartbeat(sender=None, **_):
    from workbench import heartbeats

    hostname = getattr(sender, "hostname", None) or socket.gethostname()
    thread = threading.Thread(
        target=heartbeats.worker_beat_forever,
        args=(hostname, _stop_heartbeat),
        name="workbench-heartbeat",
        daemon=True,
    )
    thread.start()


@worker_shutdown.connect
def _stop(sender=None, **_):
    from workbench import heartbeats

    _stop_heartbeat.set()
    heartbeats.worker_gone(getattr(sender, "hostname", None) or socket.gethostname())
