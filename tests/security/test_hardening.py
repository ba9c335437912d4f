"""Hardening: a Content-Security-Policy everywhere, HTTPS enforced in production (check --deploy
is clean), /healthz detail for staff only, IANA time zones only, every error answer and enum
parameter declared in the schema and enforced."""

import asyncio
import json
import os
import re
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from projects import services
from workbench import health

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/studio", "/api/v1/me", "/admin/login/", "/api/v1/docs/"])
def test_every_answer_carries_the_content_security_policy(path):
    response = Client().get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in policy.split("style-src")[0]


@pytest.mark.django_db
def test_the_api_docs_run_no_inline_script():
    page = Client().get("/api/v1/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)


def _production(command: list[str], **extra) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "WORKBENCH_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "wb.example.com",
        "DEBUG": "false",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deploy_checks():
    result = _production(["check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_and_sends_hsts():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps([s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))"
    )
    result = _production(["shell", "-c", code], WORKBENCH_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.returncode == 0, result.stderr
    redirect, hsts, secure_cookie, proxy = json.loads(result.stdout.strip().splitlines()[-1])
    assert redirect is True and hsts >= 31_536_000 and secure_cookie is True
    assert proxy == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_https_redirect_and_hsts_in_action(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    assert Client().get("/api/v1/me").status_code == 301
    secure = Client().get("/api/v1/me", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert Client().get("/healthz").status_code in (200, 503)  # load balancers use plain HTTP


@pytest.mark.django_db
def test_healthz_detail_is_for_staff_only(make_user):
    anonymous = Client().get("/healthz").json()
    assert set(anonymous) == {"status"}
    member = Client()
    member.force_login(make_user("plain"))
    assert set(member.get("/healthz").json()) == {"status"}
    staff = Client()
    staff.force_login(make_user("ops", is_staff=True))
    body = staff.get("/healthz").json()
    assert {"database", "broker", "workers", "scheduler", "generation"} <= set(body["checks"])


def _asgi_get(path: str, headers=()) -> tuple[int, dict]:
    from workbench.asgi import application

    sent = []

    async def run():
        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [(b"host", b"127.0.0.1"), *headers],
            "scheme": "http",
            "server": ("127.0.0.1", 80),
            "client": ("127.0.0.1", 5000),
            "root_path": "",
            "http_version": "1.1",
        }

        requests = [{"type": "http.request", "body": b"", "more_body": False}]
        never = asyncio.Event()

        async def receive():
            if requests:
                return requests.pop()
            await never.wait()  # the client stays connected

        async def send(message):
            sent.append(message)

        await application(scope, receive, send)

    # In a thread of its own: the browser tests keep an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(body)


@pytest.mark.django_db(transaction=True)
def test_healthz_through_the_asgi_layer_is_bare_unless_staff(make_user):
    status, body = _asgi_get("/healthz")
    assert status in (200, 503) and set(body) == {"status"}
    staff = Client()
    staff.force_login(make_user("ops", is_staff=True))
    cookie = f"{settings.SESSION_COOKIE_NAME}={staff.cookies[settings.SESSION_COOKIE_NAME].value}"
    status, body = _asgi_get("/healthz", [(b"cookie", cookie.encode())])
    assert "checks" in body and "hosts" in body["checks"]["workers"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone", ["localtime", "Factory", "posixrules", "posix/UTC", "Nowhere/Land"]
)
def test_only_iana_time_zones_are_accepted(client_for, owner, project, zone):
    response = client_for(owner).patch(
        f"/api/v1/projects/{project.id}/", {"timezone": zone}, format="json"
    )
    assert response.status_code == 400
    assert "timezone" in response.json()["errors"]
    project.refresh_from_db()
    assert project.timezone == "UTC"


@pytest.mark.django_db
def test_a_time_zone_is_checked_when_a_project_is_made(owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.project_create(user=owner, name="local", timezone="localtime")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "alerts/deliveries/?status=nonsense",
        "quality/runs/?verdict=nonsense",
        "nodes/?type=nonsense",
        "nodes/?deployed=maybe",
        "instances/?run_kind=nonsense",
        "instances/?ordering=nonsense",
    ],
)
def test_enum_parameters_outside_their_values_are_a_400(client_for, owner, project, path):
    response = client_for(owner).get(f"/api/v1/projects/{project.id}/{path}")
    assert response.status_code == 400
    name = path.split("?")[1].split("=")[0]
    assert name in response.json()["errors"]


@pytest.mark.django_db
def test_the_schema_declares_error_answers_and_enums():
    schema = Client().get("/api/v1/schema/?format=json").json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    undeclared = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            wanted = {"400"}
            if path not in ("/api/v1/auth/csrf/", "/api/v1/auth/login/", "/api/v1/auth/token/"):
                wanted |= {"401", "403"}
            if "{" in path:
                wanted.add("404")
            if not wanted <= codes:
                undeclared.append((method, path, sorted(wanted - codes)))
    assert not undeclared
    login = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "429" in login
    deliveries = schema["paths"]["/api/v1/projects/{project_id}/alerts/deliveries/"]["get"]
    status = next(p for p in deliveries["parameters"] if p["name"] == "status")
    assert status["schema"]["enum"]
    nodes = schema["paths"]["/api/v1/projects/{project_id}/nodes/"]["get"]
    assert next(p for p in nodes["parameters"] if p["name"] == "type")["schema"]["enum"]


def test_health_checks_that_are_not_critical_only_degrade(monkeypatch):
    for name in health.CRITICAL:
        monkeypatch.setitem(health.CHECKS, name, lambda: {"ok": True})
    monkeypatch.setitem(health.CHECKS, "generation", lambda: {"ok": False})
    body, status = health.health_report()
    assert (body["status"], status) == ("degraded", 200)
    monkeypatch.setitem(health.CHECKS, "database", lambda: {"ok": False})
    body, status = health.health_report()
    assert (body["status"], status) == ("unhealthy", 503)
