"""GET/PATCH /api/v1/me: the language a user chose, kept on the server for every browser."""

import pytest

from workbench import tokens
from workbench.models import TokenScope

pytestmark = pytest.mark.django_db


def test_the_language_is_empty_until_chosen_then_kept(api, client_for, user):
    assert api.get("/api/v1/me").json()["language"] == ""
    response = api.patch("/api/v1/me", {"language": "zh-hans"}, format="json")
    assert response.status_code == 200 and response.json()["language"] == "zh-hans"
    assert client_for(user).get("/api/v1/me").json()["language"] == "zh-hans"  # another browser
    assert api.patch("/api/v1/me", {"language": ""}, format="json").json()["language"] == ""


def test_login_answers_with_the_saved_language(api, anon, user):
    api.patch("/api/v1/me", {"language": "zh-hans"}, format="json")
    response = anon.post(
        "/api/v1/auth/login/", {"username": "alice", "password": "pw-123456"}, format="json"
    )
    assert response.status_code == 200 and response.json()["language"] == "zh-hans"


def test_an_unknown_language_is_a_400_on_the_field(api):
    response = api.patch("/api/v1/me", {"language": "klingon"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["language"]
    assert api.get("/api/v1/me").json()["language"] == ""


def test_each_user_has_their_own(api, client_for, make_user):
    api.patch("/api/v1/me", {"language": "zh-hans"}, format="json")
    assert client_for(make_user("bob")).get("/api/v1/me").json()["language"] == ""


def test_nobody_logged_in_cannot_change_it(anon):
    assert anon.patch("/api/v1/me", {"language": "en"}, format="json").status_code in (401, 403)


def test_a_read_only_token_cannot_change_it(anon, user):
    _, key = tokens.token_create(user=user, name="ro", scope=TokenScope.READ, expires_in_days=1)
    response = anon.patch(
        "/api/v1/me", {"language": "en"}, format="json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 403
