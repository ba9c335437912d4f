"""Each node's latest instance of a business date, for the designer's status colours."""

import datetime as dt

import pytest

from projects import services as project_services
from scheduler import generation
from scheduler.models import Instance
from scheduler.states import RunKind
from tests.factories import api_client
from tests.scheduler.conftest import yesterday

pytestmark = pytest.mark.django_db


def test_latest_instance_of_each_node_for_a_bizdate(make_node, project, owner, make_user):
    hourly = make_node("hourly", cron="0 * * * *")
    daily = make_node("daily", upstream=[hourly], cron="0 3 * * *")
    never = make_node("never", deploy=False)
    generation.generate_day(yesterday())
    bizdate = Instance.objects.filter(node=daily).get().bizdate
    last_hour = Instance.objects.filter(node=hourly, bizdate=bizdate).order_by("cyctime").last()
    Instance.objects.filter(pk=last_hour.pk).update(status="failed")
    # an editor test run is not the node's status
    Instance.objects.create(
        project=project,
        node=daily,
        run_kind=RunKind.TEST,
        run_key="test:x",
        cyctime=last_hour.cyctime + dt.timedelta(hours=5),
        bizdate=bizdate,
        status="running",
    )
    url = f"/api/v1/projects/{project.id}/instances/latest/"

    body = api_client(owner).get(url, {"bizdate": bizdate.isoformat()}).json()
    assert body["bizdate"] == bizdate.isoformat()
    nodes = body["nodes"]
    assert set(nodes) == {str(hourly.id), str(daily.id)}
    assert nodes[str(hourly.id)]["status"] == "failed"
    assert nodes[str(hourly.id)]["instance"] == last_hour.id
    assert nodes[str(hourly.id)]["instances"] == 24
    assert nodes[str(daily.id)]["status"] == "pending"
    assert nodes[str(daily.id)]["instances"] == 1
    assert str(never.id) not in nodes

    other_day = (bizdate - dt.timedelta(days=30)).isoformat()
    assert api_client(owner).get(url, {"bizdate": other_day}).json()["nodes"] == {}
    other = project_services.workflow_create(project=project, actor=owner, name="other")
    assert (
        api_client(owner).get(url, {"bizdate": bizdate, "workflow": other.id}).json()["nodes"] == {}
    )

    assert api_client(owner).get(url).status_code == 400
    assert api_client(owner).get(url, {"bizdate": "yesterday"}).json()["errors"]["bizdate"]
    assert api_client(owner).get(url, {"bizdate": bizdate, "workflow": "x"}).status_code == 400
    assert api_client(make_user("stranger")).get(url, {"bizdate": bizdate}).status_code == 404
