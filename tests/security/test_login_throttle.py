"""Every login path refuses brute force: after a few failures, 429 with Retry-After until the
window ends, whatever password comes next."""

import pytest
from django.test import Client

from tests.stack import wait_until
from workbench.login_guard import PREFIX
from workbench.redis_client import get_redis

pytestmark = pytest.mark.django_db

PASSWORD = "right-pass-1"


@pytest.fixture
def victim(make_user):
    return make_user("victim", password=PASSWORD, is_staff=True)


def _api(client: Client, path: str, password: str, username="victim", **extra):
    return client.post(
        path,
        {"username": username, "password": password},
        content_type="application/json",
        **extra,
    )


def _admin(client: Client, password: str, username="victim"):
    return client.post("/admin/login/", {"username": username, "password": password})


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/auth/login/"])
def test_api_logins_are_throttled(victim, settings, path):
    client = Client()
    codes = [_api(client, path, f"guess-{i}").status_code for i in range(30)]
    assert set(codes[: settings.LOGIN_FAILURES]) <= {401, 403}  # wrong password
    assert set(codes[settings.LOGIN_FAILURES :]) == {429}
    blocked = _api(client, path, PASSWORD)  # the right password does not help now
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= settings.LOGIN_LOCKOUT_SECONDS
    assert "Too many failed logins" in blocked.json()["detail"]


def test_the_admin_login_is_throttled(victim, settings):
    client = Client()
    for i in range(settings.LOGIN_FAILURES):
        assert _admin(client, f"guess-{i}").status_code == 200  # the form again, with an error
    blocked = _admin(client, PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0


def test_paths_share_one_count(victim, settings):
    client = Client()
    for i in range(settings.LOGIN_FAILURES // 2):
        _admin(client, f"guess-{i}")
        _api(client, "/api/v1/auth/token/", f"guess-{i}")
    assert _api(client, "/api/v1/auth/login/", PASSWORD).status_code == 429


def test_a_success_clears_the_count(victim, settings):
    client = Client()
    for _ in range(2):
        for i in range(settings.LOGIN_FAILURES - 1):
            assert _api(client, "/api/v1/auth/token/", f"guess-{i}").status_code in (401, 403)
        assert _api(client, "/api/v1/auth/token/", PASSWORD).status_code == 200


def test_other_users_and_addresses_are_not_locked_out(victim, make_user, settings):
    make_user("bystander", password=PASSWORD)
    client = Client()
    for i in range(settings.LOGIN_FAILURES):
        _api(client, "/api/v1/auth/token/", f"guess-{i}")
    assert _api(client, "/api/v1/auth/token/", PASSWORD, username="bystander").status_code == 200
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    assert _api(elsewhere, "/api/v1/auth/token/", PASSWORD).status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_count(victim, settings):
    client = Client()
    for i in range(settings.LOGIN_FAILURES):
        _api(client, "/api/v1/auth/token/", f"g{i}", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = _api(client, "/api/v1/auth/token/", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == 429


def test_one_address_trying_many_names_is_throttled(victim, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    client = Client()
    for i in range(5):
        _api(client, "/api/v1/auth/token/", "x", username=f"name-{i}")
    assert _api(client, "/api/v1/auth/token/", PASSWORD).status_code == 429


def test_the_block_ends_with_its_window(victim, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 1
    client = Client()
    for i in range(settings.LOGIN_FAILURES):
        _api(client, "/api/v1/auth/token/", f"guess-{i}")
    assert _api(client, "/api/v1/auth/token/", PASSWORD).status_code == 429
    # The window is Redis's expiry of the counts: wait for it, not for a guess of the clock.
    wait_until(
        lambda: not any(get_redis().scan_iter(match=f"{PREFIX}*")),
        timeout=10,
        message="the counts to expire",
    )
    assert _api(client, "/api/v1/auth/token/", PASSWORD).status_code == 200
