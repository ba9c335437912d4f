"""Personal API tokens: named, several per user, expiring, scoped, last use shown, revocable one
by one, all revoked by a password change; only a hash of the key is stored."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from workbench.models import ApiToken

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456"


def _exchange(username="alice", **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD, **extra}, format="json"
    )


def _with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_tokens_are_named_expire_and_show_their_last_use(user, settings):
    first = _exchange(name="nightly export")
    assert first.status_code == 200
    body = first.json()
    assert body["name"] == "nightly export" and body["scope"] == "write"
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (timezone.now() + dt.timedelta(days=settings.TOKEN_DAYS))) < dt.timedelta(
        minutes=1
    )
    second = _exchange(name="dashboards").json()
    assert second["token"] != body["token"]  # several tokens per user

    client = _with(body["token"])
    assert client.get("/api/v1/me").json()["username"] == "alice"
    listed = client.get("/api/v1/auth/tokens/").json()
    assert [t["name"] for t in listed] == ["dashboards", "nightly export"]
    assert "token" not in listed[0]
    assert listed[1]["last_used_at"] is not None and listed[0]["last_used_at"] is None
    # Only a hash is kept.
    assert not ApiToken.objects.filter(key_hash=body["token"]).exists()
    assert body["token"] not in str(list(ApiToken.objects.values_list()))


def test_one_token_is_revoked_without_the_others(user):
    a, b = _exchange(name="a").json(), _exchange(name="b").json()
    client = _with(a["token"])
    assert client.delete(f"/api/v1/auth/tokens/{b['id']}/").status_code == 204
    assert _with(b["token"]).get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 200
    assert [t["name"] for t in client.get("/api/v1/auth/tokens/").json()] == ["a"]


def test_an_expired_token_is_refused(user):
    body = _exchange(name="short").json()
    ApiToken.objects.filter(pk=body["id"]).update(expires_at=timezone.now())
    response = _with(body["token"]).get("/api/v1/me")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_password_change_revokes_every_token(user):
    keys = [_exchange(name=f"t{i}").json()["token"] for i in range(3)]
    user.set_password("a-new-password-2")
    user.save()
    for key in keys:
        assert _with(key).get("/api/v1/me").status_code == 401
    assert set(ApiToken.objects.values_list("revoked_reason", flat=True)) == {"password changed"}


def test_a_read_token_only_reads(user):
    key = _exchange(name="reader", scope="read").json()["token"]
    client = _with(key)
    assert client.get("/api/v1/projects/").status_code == 200
    refused = client.post("/api/v1/auth/tokens/", {"name": "more"}, format="json")
    assert refused.status_code == 403
    assert "may only read" in refused.json()["detail"]


def test_tokens_of_others_are_out_of_reach(user, make_user):
    make_user("bob", password=PASSWORD)
    bobs = _exchange("bob", name="bob's").json()
    alices = _with(_exchange(name="mine").json()["token"])
    assert alices.delete(f"/api/v1/auth/tokens/{bobs['id']}/").status_code == 404
    assert "bob's" not in str(alices.get("/api/v1/auth/tokens/").json())
    assert _with(bobs["token"]).get("/api/v1/me").status_code == 200


def test_expiry_is_bounded(user, settings, client_for):
    response = client_for(user).post(
        "/api/v1/auth/tokens/",
        {"name": "forever", "expires_in_days": settings.TOKEN_MAX_DAYS + 1},
        format="json",
    )
    assert response.status_code == 400
    assert "expires_in_days" in response.json()["errors"]
    assert (
        client_for(user)
        .post("/api/v1/auth/tokens/", {"name": "never", "expires_in_days": 0}, format="json")
        .status_code
        == 400
    )
    settings.TOKEN_MAX_DAYS = 0
    made = client_for(user).post(
        "/api/v1/auth/tokens/", {"name": "never", "expires_in_days": 0}, format="json"
    )
    assert made.status_code == 201 and made.json()["expires_at"] is None


def test_revoking_with_a_token_revokes_only_that_one(user):
    a, b = _exchange(name="a").json(), _exchange(name="b").json()
    assert _with(a["token"]).post("/api/v1/auth/token/revoke/").status_code == 204
    assert _with(a["token"]).get("/api/v1/me").status_code == 401
    assert _with(b["token"]).get("/api/v1/me").status_code == 200
