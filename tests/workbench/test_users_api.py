"""The staff-only accounts API: /api/v1/users/."""

import pytest
from rest_framework.test import APIClient

from projects.models import AuditEntry
from workbench import tokens
from workbench.models import ApiToken

pytestmark = pytest.mark.django_db

URL = "/api/v1/users/"


@pytest.fixture
def staff(make_user):
    return make_user("root", is_staff=True)


@pytest.fixture
def admin_api(staff, client_for):
    return client_for(staff)


def test_staff_list_accounts_with_a_search_and_an_active_filter(admin_api, make_user):
    make_user("carol", email="carol@example.com")
    make_user("dave", is_active=False)
    everyone = admin_api.get(URL).json()
    assert [row["username"] for row in everyone["results"]] == ["carol", "dave", "root"]
    assert "password" not in everyone["results"][0]
    assert [r["username"] for r in admin_api.get(URL, {"search": "EXAMPLE"}).json()["results"]] == [
        "carol"
    ]
    inactive = admin_api.get(URL, {"is_active": "false"}).json()["results"]
    assert [row["username"] for row in inactive] == ["dave"]
    assert admin_api.get(URL, {"is_active": "maybe"}).status_code == 400


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("post", ""),
        ("get", "{id}/"),
        ("patch", "{id}/"),
        ("post", "{id}/deactivate/"),
        ("post", "{id}/activate/"),
        ("post", "{id}/password/"),
    ],
)
def test_everyone_but_staff_gets_403(make_user, client_for, method, path):
    user = make_user("plain")
    answer = getattr(client_for(user), method)(URL + path.format(id=user.id), {}, format="json")
    assert answer.status_code == 403
    assert "staff" in answer.json()["detail"]


def test_nobody_logged_in_is_refused(make_user):
    assert APIClient().get(URL).status_code in (401, 403)


def test_staff_create_an_account_that_can_log_in(admin_api, staff):
    answer = admin_api.post(
        URL,
        {"username": "erin", "password": "a-long-pass-1", "email": "erin@example.com"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["is_active"] is True and answer.json()["is_staff"] is False
    assert APIClient().login(username="erin", password="a-long-pass-1")
    entry = AuditEntry.objects.get(object_type="user", action="create")
    assert entry.project is None and entry.actor == staff
    assert "a-long-pass-1" not in str(entry.changes)


def test_a_taken_username_or_a_weak_password_is_a_400_on_the_field(admin_api, make_user):
    make_user("frank")
    taken = admin_api.post(URL, {"username": "Frank", "password": "a-long-pass-1"}, format="json")
    assert taken.status_code == 400
    assert list(taken.json()["errors"]) == ["username"]
    weak = admin_api.post(URL, {"username": "gina", "password": "short"}, format="json")
    assert weak.status_code == 400
    assert list(weak.json()["errors"]) == ["password"]
    bad = admin_api.post(URL, {"username": "has space", "password": "a-long-pass-1"}, format="json")
    assert list(bad.json()["errors"]) == ["username"]


def test_deactivating_an_account_ends_its_logins_and_tokens(admin_api, make_user):
    user = make_user("henry")
    tokens.token_create(user=user, name="script")
    session = APIClient()
    assert session.login(username="henry", password="pw-123456")
    answer = admin_api.post(f"{URL}{user.id}/deactivate/")
    assert answer.status_code == 200
    assert answer.json()["is_active"] is False
    assert session.get("/api/v1/me").status_code in (401, 403)
    assert not APIClient().login(username="henry", password="pw-123456")
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert admin_api.post(f"{URL}{user.id}/activate/").json()["is_active"] is True


def test_staff_cannot_deactivate_themselves_or_drop_their_own_staff_rights(admin_api, staff):
    assert admin_api.post(f"{URL}{staff.id}/deactivate/").status_code == 403
    assert (
        admin_api.patch(f"{URL}{staff.id}/", {"is_staff": False}, format="json").status_code == 403
    )
    staff.refresh_from_db()
    assert staff.is_active and staff.is_staff


def test_staff_make_another_account_staff(admin_api, make_user):
    user = make_user("ivy")
    answer = admin_api.patch(f"{URL}{user.id}/", {"is_staff": True}, format="json")
    assert answer.json()["is_staff"] is True
    assert AuditEntry.objects.filter(object_type="user", action="update").exists()


def test_a_password_reset_lets_the_new_password_in_and_revokes_tokens(admin_api, make_user):
    user = make_user("jack")
    tokens.token_create(user=user, name="script")
    answer = admin_api.post(
        f"{URL}{user.id}/password/", {"password": "new-pass-456"}, format="json"
    )
    assert answer.status_code == 200
    assert APIClient().login(username="jack", password="new-pass-456")
    assert not APIClient().login(username="jack", password="pw-123456")
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    short = admin_api.post(f"{URL}{user.id}/password/", {"password": "x"}, format="json")
    assert short.status_code == 400 and "password" in short.json()["errors"]


def test_an_unknown_account_is_404(admin_api):
    assert admin_api.get(f"{URL}999999/").status_code == 404
    assert admin_api.post(f"{URL}999999/deactivate/").status_code == 404
