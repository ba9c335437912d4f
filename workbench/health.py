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


def check_sandbox() -> dict:
    """Is user code sandboxed on every live worker? Off is allowed, and shown as a warning."""
    reports = {
        host: info["sandbox"]
        for host, info in heartbeats.worker_details().items()
        if (info.get("sandbox") or {}).get("mode")  # alerts workers run no user code
    }
    broken = {
        host: r.get("error", "unknown") for host, r in reports.items() if r.get("ok") is False
    }
    off = sorted(host for host, r in reports.items() if r.get("mode") == "off")
    result = {"ok": not broken, "mode": "off" if off else "on"}
    if broken:
        result["error"] = "; ".join(f"{host}: {error}" for host, error in sorted(broken.items()))
    if off:
        result["warning"] = f"user code runs without a sandbox on {', '.join(off)}"
    return result


CHECKS = {
    "database": _check_database,
    "broker": _check_broker,
    "workers": _check_workers,
    "scheduler": _check_scheduler,
    "sandbox": check_sandbox,
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
        "warnings": [
            f"{name}: {part['warning']}" for name, part in report.items() if part.get("warning")
        ],
        "checks": report,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    return body, 200 if healthy else 503


def healthz(request):
    body, status = health_report()
    return JsonResponse(body, status=status)
