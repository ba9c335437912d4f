import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    """A client that enforces CSRF like a browser session would."""
    return APIClient(enforce_csrf_checks=True)


def _csrf(client) -> str:
    response = client.get("/api/v1/auth/csrf/")
    assert response.status_code == 200
    token = response.json()["csrfToken"]
    assert client.cookies["csrftoken"].value
    return token


def test_login_without_csrf_token_is_refused(browser, user):
    response = browser.post(
        "/api/v1/auth/login/", {"username": "alice", "password": "pw-123456"}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_session_login_me_logout(browser, user):
    token = _csrf(browser)
    response = browser.post(
        "/api/v1/auth/login/",
        {"username": "alice", "password": "pw-123456"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content
    assert response.json()["username"] == "alice"
    me = browser.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["id"] == user.id

    token = _csrf(browser)  # login rotates the CSRF token
    assert browser.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert browser.get("/api/v1/me").status_code == 401


def test_wrong_password_is_a_clear_error(browser, user):
    token = _csrf(browser)
    response = browser.post(
        "/api/v1/auth/login/",
        {"username": "alice", "password": "nope"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Wrong username or password."}


def test_missing_field_names_the_field(browser):
    token = _csrf(browser)
    response = browser.post(
        "/api/v1/auth/login/", {"username": "alice"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"password": ["This field is required."]}
    assert "password" in body["detail"]


def test_token_auth_for_scripts(anon, user):
    response = anon.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "pw-123456"}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert response.json()["name"] == "script"

    script = APIClient()
    assert script.get("/api/v1/me").status_code == 401
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert script.get("/api/v1/me").json()["username"] == "alice"

    assert script.post("/api/v1/auth/token/revoke/").status_code == 204
    assert script.get("/api/v1/me").status_code == 401


def test_anonymous_gets_401_with_a_message(anon):
    response = anon.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_openapi_schema_and_docs(anon):
    schema = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/auth/login/" in paths and "/api/v1/me" in paths
    docs = anon.get("/api/v1/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_spa_routes_serve_the_app_and_api_404s_stay_json(anon):
    page = anon.get("/operations/instances/5")
    assert (
        page.status_code == 200
        and b"<html" in page.content.lower()
        or b"<!doctype" in page.content.lower()
    )
    missing = anon.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404


def test_me_through_the_asgi_server_is_per_credential_and_revocable(web, make_user):
    import httpx

    from workbench.tokens import token_create

    alice, bob = make_user("alice"), make_user("bob")
    keys = {u.username: token_create(user=u, name="t")[1] for u in (alice, bob)}
    for _ in range(3):  # repeat calls are answered from the cache, each for its own caller
        for name, key in keys.items():
            answer = httpx.get(f"{web}/api/v1/me", headers={"Authorization": f"Token {key}"})
            assert answer.status_code == 200 and answer.json()["username"] == name
    auth = {"Authorization": f"Token {keys['alice']}"}
    assert httpx.post(f"{web}/api/v1/auth/token/revoke/", headers=auth).status_code == 204
    assert httpx.get(f"{web}/api/v1/me", headers=auth).status_code == 401
    assert httpx.get(f"{web}/api/v1/me", headers={"Authorization": "Token nope"}).status_code == 401
