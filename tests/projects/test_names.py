"""Names are what people read, in any script; nothing invisible or misleading gets in."""

import pytest

from projects import services
from projects.models import Node, Workflow
from projects.validation import NAME_RULE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["订单日报", "ods_订单 v2", "Umsätze-2024", "売上.daily", "отчёт", "हिन्दी", "_tmp"]
)
def test_workflows_and_nodes_may_have_names_in_any_script(admin, project, name):
    base = f"/api/v1/projects/{project.id}"
    flow = admin.post(f"{base}/workflows/", {"name": name}, format="json")
    assert flow.status_code == 201, flow.content
    node = admin.post(
        f"{base}/nodes/",
        {"name": name, "type": "virtual", "workflow": flow.json()["id"]},
        format="json",
    )
    assert node.status_code == 201, node.content
    assert Node.objects.get(pk=node.json()["id"]).name == name
    assert admin.get(f"{base}/nodes/{node.json()['id']}/").json()["name"] == name


@pytest.mark.parametrize(
    "name",
    [
        "a\u202eb",  # right-to-left override: shows another name than it is
        "a\u200bb",  # zero-width space
        "a\tb",
        "-dash first",
        ".hidden",
        "名" * 201,
        "a/b",
        "a;b",
        "<script>",
    ],
)
def test_invisible_or_unsafe_characters_are_refused(admin, project, name):
    response = admin.post(
        f"/api/v1/projects/{project.id}/workflows/", {"name": name}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["name"] == [NAME_RULE]
    assert not Workflow.objects.filter(project=project).exists()


def test_names_are_compared_as_they_read(project, owner):
    # "é" as one character and as "e" + a combining accent are one name.
    services.workflow_create(project=project, actor=owner, name="caf\u00e9")
    with pytest.raises(Exception, match="exists"):
        services.workflow_create(project=project, actor=owner, name="cafe\u0301")
