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


@pytest.fixture
def staff(make_user):
    client = Client()
    client.force_login(make_user("ops", is_staff=True))
    return client


@pytest.mark.django_db
def test_a_down_broker_gives_503(dead_broker, staff):
    response = staff.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["broker"]["ok"] is False
    assert "ConnectionError" in body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_no_worker_and_no_scheduler_is_unhealthy(staff):
    get_redis().delete(*get_redis().keys("workbench:worker:*") or ["none"])
    body = staff.get("/healthz").json()
    assert body["checks"]["workers"] == {"ok": False, "count": 0, "hosts": []}
    assert body["checks"]["scheduler"]["ok"] is False


def test_healthy_with_real_web_worker_and_scheduler(web, worker, scheduler_proc, make_user):
    from tests.stack import wait_until

    make_user("ops", password="ops-pass-1", is_staff=True)
    client = httpx.Client(base_url=web, timeout=5)
    csrf = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    login = client.post(
        "/api/v1/auth/login/",
        json={"username": "ops", "password": "ops-pass-1"},
        headers={"X-CSRFToken": csrf, "Referer": web},
    )
    assert login.status_code == 200, login.text

    def healthy():
        response = httpx.get(f"{web}/healthz", timeout=5)
        return response if response.status_code == 200 else None

    assert wait_until(healthy, timeout=30, message="a healthy /healthz").json() == {
        "status": "healthy"
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    assert worker.node_name in body["checks"]["workers"]["hosts"]
    assert body["checks"]["scheduler"]["leader"]
    assert body["checks"]["scheduler"]["heartbeat_age_seconds"] < 10
