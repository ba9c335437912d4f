"""GET /healthz: database, broker, live workers, the scheduler's heartbeat and generation.

Anyone (a load balancer, a monitor) gets the bare status: `{"status": "healthy"}`, 200, or
`degraded` (200: it serves, but something needs a look) or `unhealthy` (503: a part it needs is
down). Staff (session or token) also get each check's detail: host names of the workers, the
scheduler leader's id, the projects whose generation fails, error texts.
"""

import time

from django.conf import settings
from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench import heartbeats
from workbench.redis_client import get_redis

# Checks whose failure makes the service unhealthy (503); any other check that fails only
# degrades it (still 200).
CRITICAL = ("database", "broker", "workers", "scheduler", "sandbox")
MAX_LISTED = 20


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
        result["notice"] = "user code runs without a sandbox"  # for everyone: no host names
    return result


def _check_generation() -> dict:
    """Projects whose instances the scheduler could not generate (scheduler.generation)."""
    from scheduler.models import GenerationFailure

    failures = list(
        GenerationFailure.objects.order_by("first_failed_at").values(
            "project_id", "day", "error", "failures", "first_failed_at", "retry_at"
        )[:MAX_LISTED]
    )
    count = len(failures) if len(failures) < MAX_LISTED else GenerationFailure.objects.count()
    return {
        "ok": count == 0,
        "failing_projects": count,
        "failures": [
            {
                "project": row["project_id"],
                "day": row["day"].isoformat(),
                "error": row["error"][:500],
                "failures": row["failures"],
                "since": row["first_failed_at"].isoformat(),
                "retry_at": row["retry_at"].isoformat(),
            }
            for row in failures
        ],
    }


CHECKS = {
    "database": _check_database,
    "broker": _check_broker,
    "workers": _check_workers,
    "scheduler": _check_scheduler,
    "sandbox": check_sandbox,
    "generation": _check_generation,
}


def health_report() -> tuple[dict, int]:
    """The full report (staff see it) and its HTTP status."""
    started = time.perf_counter()
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # a check that raises is a component that is down
            report[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    critical = all(part["ok"] for name, part in report.items() if name in CRITICAL)
    if not critical:
        status = "unhealthy"
    elif all(part["ok"] for part in report.values()):
        status = "healthy"
    else:
        status = "degraded"
    body = {
        "status": status,
        "warnings": [
            f"{name}: {part['warning']}" for name, part in report.items() if part.get("warning")
        ],
        "checks": report,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    return body, 200 if critical else 503


def bare(body: dict) -> dict:
    """What anyone may see of a report: the status, and warnings every user should know of
    (user code without a sandbox) without detail such as host names."""
    notices = [part["notice"] for part in body["checks"].values() if part.get("notice")]
    return {"status": body["status"], **({"warnings": notices} if notices else {})}


def may_see_detail(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


class HealthView(APIView):
    """GET /healthz through Django: for callers with credentials (the ASGI layer answers the
    others from its cache, see health_asgi)."""

    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(exclude=True)
    def get(self, request):
        body, status = health_report()
        if not may_see_detail(request.user):
            body = bare(body)
        return Response(body, status=status, headers={"Cache-Control": "no-store"})


healthz = HealthView.as_view()
