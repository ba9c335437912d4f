"""What the Settings pages need of the projects API: archiving a project, the roles a caller may
grant and the members they may change, the data source kinds and which nodes use a source."""

import pytest

from projects import services
from projects.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def _url(project, rest=""):
    return f"/api/v1/projects/{project.id}/{rest}"


# --- archive --------------------------------------------------------------------------


def test_an_owner_archives_and_restores_a_project(project, owner, client_for):
    api = client_for(owner)
    answer = api.post(_url(project, "archive/"))
    assert answer.status_code == 200, answer.content
    assert answer.json()["archived_at"] is not None
    assert api.get(_url(project)).json()["archived_at"] is not None

    restored = api.post(_url(project, "unarchive/"))
    assert restored.status_code == 200
    assert restored.json()["archived_at"] is None
    actions = list(
        AuditEntry.objects.filter(project=project, object_type="project").values_list(
            "action", flat=True
        )
    )
    assert "archive" in actions and "unarchive" in actions


def test_archiving_twice_is_a_400_on_archived(project, owner, client_for):
    api = client_for(owner)
    api.post(_url(project, "archive/"))
    answer = api.post(_url(project, "archive/"))
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"archived": ["the project is already archived"]}


def test_a_project_with_deployed_nodes_is_not_archived(project, make_node, owner, client_for):
    make_node("daily_load")
    answer = client_for(owner).post(_url(project, "archive/"))
    assert answer.status_code == 400
    assert "undeploy its deployed nodes first: daily_load" in answer.json()["errors"]["archived"][0]
    project.refresh_from_db()
    assert project.archived_at is None


def test_nothing_is_deployed_in_an_archived_project(project, make_node, owner, client_for):
    node = make_node("later", deploy=False)
    services.project_archive(project=project, actor=owner)
    answer = client_for(owner).post(_url(project, f"nodes/{node.id}/deploy/"), {"message": "go"})
    assert answer.status_code == 400
    assert "archived" in answer.json()["errors"]["nodes"][0]


@pytest.mark.parametrize("role", ["admin", "developer", "viewer"])
def test_only_owners_archive(project, members, client_for, role):
    answer = client_for(members[role]).post(_url(project, "archive/"))
    assert answer.status_code == 403


def test_an_outsider_cannot_archive_or_learn_the_project_exists(project, members, client_for):
    api = client_for(members["outsider"])
    assert api.post(_url(project, "archive/")).status_code == 404
    assert api.post(_url(project, "unarchive/")).status_code == 404


# --- roles the caller may grant, members the caller may change --------------------------


@pytest.mark.parametrize(
    ("role", "grantable"),
    [
        ("owner", ["owner", "admin", "developer", "operator", "viewer"]),
        ("admin", ["admin", "developer", "operator", "viewer"]),
        ("developer", []),
        ("viewer", []),
    ],
)
def test_the_project_says_which_roles_the_caller_may_grant(
    project, members, client_for, role, grantable
):
    answer = client_for(members[role]).get(_url(project))
    assert answer.json()["grantable_roles"] == grantable


def test_members_say_whether_the_caller_may_change_them(project, members, client_for):
    def changeable(user):
        rows = client_for(user).get(_url(project, "members/")).json()
        return {row["username"]: row["changeable"] for row in rows}

    as_owner = changeable(members["owner"])
    assert all(as_owner.values())
    as_admin = changeable(members["admin"])
    assert as_admin["owner"] is False  # only owners touch the owner role
    assert as_admin["viewer-user"] is True
    assert not any(changeable(members["developer"]).values())


def test_a_member_added_by_username_comes_back_changeable(project, owner, make_user, client_for):
    make_user("newcomer")
    answer = client_for(owner).post(
        _url(project, "members/"), {"username": "newcomer", "role": "developer"}
    )
    assert answer.status_code == 201
    assert answer.json()["role"] == "developer"
    assert answer.json()["changeable"] is True


# --- data sources: kinds and usage ------------------------------------------------------


def test_the_kinds_of_data_source_and_what_each_asks_for(project, members, client_for):
    answer = client_for(members["viewer"]).get(_url(project, "datasources/kinds/"))
    assert answer.status_code == 200
    kinds = {row["kind"]: row for row in answer.json()}
    assert kinds["duckdb"]["config_fields"] == ["path"]
    assert kinds["duckdb"]["file_engine"] is True
    assert kinds["postgres"]["secret_fields"] == ["password"]
    assert "port" in kinds["postgres"]["optional_fields"]


def test_a_data_source_says_which_nodes_use_it(project, owner, workflow, warehouse, client_for):
    other = factories.duckdb_source(project, owner, name="other")
    bound = factories.node(
        project, owner, workflow, "bound_sql", type="sql", datasource=warehouse, code="select 1"
    )
    factories.node(
        project, owner, workflow, "py_reader", type="python", uses_datasources=[warehouse.id]
    )
    factories.node(project, owner, workflow, "elsewhere", type="sql", datasource=other)
    answer = client_for(owner).get(_url(project, f"datasources/{warehouse.id}/usage/"))
    assert answer.status_code == 200
    assert [(row["name"], row["how"]) for row in answer.json()] == [
        ("bound_sql", "datasource"),
        ("py_reader", "uses"),
    ]
    assert answer.json()[0]["id"] == bound.id
    assert answer.json()[0]["deployed"] is False


def test_an_outsider_gets_404_for_a_data_sources_usage(project, members, warehouse, client_for):
    answer = client_for(members["outsider"]).get(
        _url(project, f"datasources/{warehouse.id}/usage/")
    )
    assert answer.status_code == 404


def test_a_new_secret_replaces_the_old_one_and_is_never_returned(project, owner, client_for):
    api = client_for(owner)
    created = api.post(
        _url(project, "datasources/"),
        {
            "name": "pg",
            "kind": "postgres",
            "config": {"host": "db.example.com", "database": "dw", "user": "etl"},
            "secret": {"password": "first"},
        },
        format="json",
    ).json()
    assert created["has_secret"] is True
    rotated = api.patch(
        _url(project, f"datasources/{created['id']}/"),
        {"secret": {"password": "second"}},
        format="json",
    )
    assert rotated.status_code == 200
    assert "second" not in rotated.content.decode()
    from projects.crypto import decrypt_json
    from projects.models import DataSource

    stored = DataSource.objects.get(pk=created["id"])
    assert decrypt_json(stored.secret_encrypted) == {"password": "second"}
    entry = AuditEntry.objects.filter(object_type="datasource", action="update").latest("id")
    assert "second" not in str(entry.changes)
