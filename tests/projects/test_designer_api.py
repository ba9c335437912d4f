"""What the designer needs from the API beyond plain CRUD."""

import pytest

from projects import services
from tests.projects.conftest import sql_node

pytestmark = pytest.mark.django_db


def test_a_refused_loop_names_its_node_ids_for_the_canvas(project, owner, workflow, client_for):
    a, b, c = (sql_node(project, owner, workflow, n) for n in "abc")
    services.dependency_add(downstream=b, upstream=a, actor=owner)
    services.dependency_add(downstream=c, upstream=b, actor=owner)
    refused = client_for(owner).post(
        f"/api/v1/projects/{project.id}/dependencies/",
        {"upstream": c.id, "downstream": a.id},
        format="json",
    )
    assert refused.status_code == 400
    body = refused.json()
    assert body["detail"] == "upstream: this would close a loop: c -> a -> b -> c"
    assert body["errors"] == {"upstream": ["this would close a loop: c -> a -> b -> c"]}
    assert body["cycle"] == [c.id, a.id, b.id, c.id]


def test_other_validation_errors_carry_no_cycle(project, owner, workflow, client_for):
    a = sql_node(project, owner, workflow, "a")
    refused = client_for(owner).post(
        f"/api/v1/projects/{project.id}/dependencies/",
        {"upstream": a.id, "downstream": a.id},
        format="json",
    )
    assert refused.status_code == 400
    assert "cycle" not in refused.json()
