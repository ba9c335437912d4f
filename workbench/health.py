"""GET /healthz: database, broker, live workers and the scheduler's last heartbeat."""

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse

from workbench import heartbeats
from workbench.redis_client import get_redis


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _check_broker() -> dict:
    get_redis().ping()
    return {"ok": True}


def _check_workers() -> dict:
    workers = heartbeats.live_workers()
    return {"ok": bool(workers), "count": len(workers), "hosts": sorted(workers)}


def _check_scheduler() -> dict:
    from scheduler.leader import scheduler_status

    status = scheduler_status()
    age = status["heartbeat_age_seconds"]
    status["ok"] = age is not None and age <= settings.HEALTH_STALE_SECONDS
    return status


CHECKS = {
    "database": _check_database,
    "broker": _check_broker,
    "workers": _check_workers,
    "scheduler": _check_scheduler,
}


def health_report() -> tuple[dict, int]:
    started = time.perf_counter()
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # a check that raises is a component that is down
            report[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    healthy = all(part["ok"] for part in report.values())
    body = {
        "status": "healthy" if healthy else "unhealthy",
        "checks": report,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    return body, 200 if healthy else 503


def healthz(request):
    body, status = health_report()
    return JsonResponse(body, status=status)
