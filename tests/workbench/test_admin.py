import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    "projects/project",
    "projects/datasource",
    "projects/node",
    "projects/auditentry",
    "scheduler/instance",
    "scheduler/instanceevent",
    "scheduler/schedulerlease",
]


@pytest.mark.parametrize("page", PAGES)
def test_admin_lists_open_for_staff(admin_user, page):
    client = Client()
    client.force_login(admin_user)
    assert client.get(f"/admin/{page}/").status_code == 200


def test_admin_datasource_form_hides_the_secret(admin_user):
    from projects import services

    project = services.project_create(user=admin_user, name="p")
    ds = factories.postgres_source(project, admin_user, password="zzsecret")
    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/admin/projects/datasource/{ds.id}/change/").content.decode()
    assert "zzsecret" not in page and "secret_encrypted" not in page
