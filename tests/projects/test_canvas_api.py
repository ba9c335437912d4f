"""The designer's node positions are kept by the server and shared by the project's members."""

import pytest

from projects import services
from projects.models import Role
from tests.projects.conftest import sql_node

pytestmark = pytest.mark.django_db


def _url(project, workflow=None):
    query = f"?workflow={workflow.id}" if workflow else ""
    return f"/api/v1/projects/{project.id}/canvas/{query}"


def test_moves_are_merged_per_view_and_seen_by_other_members(
    project, owner, workflow, members, client_for
):
    a, b = (sql_node(project, owner, workflow, n) for n in "ab")
    editor = client_for(members[Role.DEVELOPER.value])
    assert editor.get(_url(project, workflow)).json()["positions"] == {}

    first = editor.patch(
        _url(project),
        {"workflow": workflow.id, "positions": {str(a.id): [10.4, -20.6]}},
        format="json",
    )
    assert first.status_code == 200, first.content
    assert first.json()["positions"] == {str(a.id): [10, -21]}
    # Another member moves another node: both positions are kept.
    client_for(owner).patch(
        _url(project), {"workflow": workflow.id, "positions": {str(b.id): [300, 40]}}, format="json"
    )
    seen = client_for(members[Role.VIEWER.value]).get(_url(project, workflow)).json()
    assert seen["positions"] == {str(a.id): [10, -21], str(b.id): [300, 40]}
    assert seen["updated_by"] == "owner"
    # The project-wide canvas is a view of its own.
    assert editor.get(_url(project)).json()["positions"] == {}


def test_auto_layout_forgets_the_view(project, owner, workflow, client_for):
    a = sql_node(project, owner, workflow, "a")
    client = client_for(owner)
    client.patch(_url(project), {"positions": {str(a.id): [1, 2]}}, format="json")
    assert client.get(_url(project)).json()["positions"] == {str(a.id): [1, 2]}
    assert client.delete(_url(project)).status_code == 204
    assert client.get(_url(project)).json()["positions"] == {}


def test_deleted_nodes_are_dropped_and_bad_positions_refused(project, owner, workflow, client_for):
    a = sql_node(project, owner, workflow, "a")
    client = client_for(owner)
    gone = client.patch(
        _url(project), {"positions": {str(a.id): [1, 2], "999999": [3, 4]}}, format="json"
    )
    assert gone.json()["positions"] == {str(a.id): [1, 2]}

    for positions, reason in (
        ({"x1": [1, 2]}, "is not a node id"),
        ({str(a.id): [1]}, "at least 2 elements"),
        ({str(a.id): [1, 1e12]}, "coordinates must be within"),
    ):
        refused = client.patch(_url(project), {"positions": positions}, format="json")
        assert refused.status_code == 400
        assert all(key.startswith("positions") for key in refused.json()["errors"]), refused.json()
        assert reason in refused.json()["detail"]
    other = services.project_create(user=owner, name="other")
    foreign = services.workflow_create(project=other, actor=owner, name="theirs")
    refused = client.patch(_url(project), {"workflow": foreign.id, "positions": {}}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"workflow": [f"no workflow {foreign.id} in this project"]}
    assert client.get(_url(project)).json()["positions"] == {str(a.id): [1, 2]}


def test_only_editors_move_nodes_and_outsiders_see_nothing(
    project, owner, workflow, members, client_for
):
    a = sql_node(project, owner, workflow, "a")
    body = {"positions": {str(a.id): [5, 5]}}
    viewer = client_for(members[Role.VIEWER.value])
    assert viewer.patch(_url(project), body, format="json").status_code == 403
    assert viewer.delete(_url(project)).status_code == 403
    assert client_for(members["outsider"]).get(_url(project)).status_code == 404
    assert client_for(owner).get(_url(project)).json()["positions"] == {}
