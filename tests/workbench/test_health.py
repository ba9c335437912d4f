import httpx
import pytest
from django.test import Client

from workbench.redis_client import get_redis


@pytest.fixture
def dead_broker(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    get_redis.cache_clear()
    yield
    get_redis.cache_clear()


@pytest.mark.django_db
def test_a_down_broker_gives_503(dead_broker):
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["broker"]["ok"] is False
    assert "ConnectionError" in body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_no_worker_and_no_scheduler_is_unhealthy():
    get_redis().delete(*get_redis().keys("workbench:worker:*") or ["none"])
    body = Client().get("/healthz").json()
    assert body["checks"]["workers"] == {"ok": False, "count": 0, "hosts": []}
    assert body["checks"]["scheduler"]["ok"] is False


def test_healthy_with_real_web_worker_and_scheduler(web, worker, scheduler_proc):
    from tests.stack import wait_until

    def healthy():
        response = httpx.get(f"{web}/healthz", timeout=5)
        return response if response.status_code == 200 else None

    response = wait_until(healthy, timeout=30, message="a healthy /healthz")
    body = response.json()
    assert body["status"] == "healthy"
    assert worker.node_name in body["checks"]["workers"]["hosts"]
    assert body["checks"]["scheduler"]["leader"]
    assert body["checks"]["scheduler"]["heartbeat_age_seconds"] < 10
