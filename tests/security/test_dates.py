"""Dates outside the supported range are a 400 that names the range, wherever a date is given;
scheduling parameters whose offsets leave the calendar are an error of that expression."""

import datetime as dt
from urllib.parse import quote

import pytest

from quality import services as quality_services
from quality.models import QualityRule, QualityRun, Verdict
from tests.security.conftest import node

pytestmark = pytest.mark.django_db

RANGE = "from 1900-01-01 to 2999-12-31"
OUTSIDE = ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"]


def _assert_refused(response, field):
    assert response.status_code == 400, (field, response.status_code, response.content[:300])
    body = response.json()
    assert RANGE in " ".join(body["errors"].get(field, [])), body


@pytest.fixture
def deployed(project, owner, workflow):
    return node(project, owner, workflow, "n", deploy=True)


@pytest.fixture
def rule_body(warehouse):
    return {
        "name": "rows",
        "datasource": warehouse.id,
        "table": "orders",
        "kind": "row_count",
        "min_value": 1,
    }


@pytest.mark.parametrize("day", OUTSIDE)
def test_bodies_with_dates_outside_the_range_are_refused(
    client_for, owner, project, deployed, rule_body, day
):
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}"
    for path, body, field in (
        (f"nodes/{deployed.id}/test-run/", {"bizdate": day}, "bizdate"),
        (f"nodes/{deployed.id}/run/", {"bizdate": day}, "bizdate"),
        ("authoring/render/", {"bizdate": day, "code": "${yyyymmdd}"}, "bizdate"),
        ("quality/rules/preview-sql/", {**rule_body, "bizdate": day}, "bizdate"),
        (
            "backfills/preview/",
            {"root_nodes": [deployed.id], "start_date": day, "end_date": day},
            "start_date",
        ),
        ("backfills/preview/", {"root_nodes": [deployed.id], "dates": [day]}, "dates.0"),
    ):
        _assert_refused(client.post(f"{base}/{path}", body, format="json"), field)
    response = client.patch(f"{base}/nodes/{deployed.id}/", {"end_date": day}, format="json")
    _assert_refused(response, "end_date")


@pytest.mark.parametrize("day", OUTSIDE)
def test_query_dates_outside_the_range_are_refused(client_for, owner, project, day):
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}"
    for path, field in (
        (f"authoring/cron/?cron={quote('0 0 * * *')}&start_date={day}", "start_date"),
        (f"operations/dashboard/?bizdate={day}", "bizdate"),
        (f"operations/gantt/?bizdate={day}", "bizdate"),
        (f"instances/?bizdate_from={day}", "bizdate_from"),
        (f"instances/latest/?bizdate={day}", "bizdate"),
        (f"audit/?since={day}", "since"),
        (f"audit/?until={day}T00:00:00%2B14:00", "until"),
    ):
        _assert_refused(client.get(f"{base}/{path}"), field)


def test_a_quality_run_outside_the_range_is_refused(client_for, owner, project, rule_body):
    client = client_for(owner)
    rule = client.post(f"/api/v1/projects/{project.id}/quality/rules/", rule_body, format="json")
    assert rule.status_code == 201
    response = client.post(
        f"/api/v1/projects/{project.id}/quality/rules/{rule.json()['id']}/run/",
        {"bizdate": "9999-12-31"},
        format="json",
    )
    _assert_refused(response, "bizdate")


def test_a_quality_run_without_a_cycle_time_ends_as_an_error(project, owner, warehouse):
    """A run stored before dates were checked is never left pending."""
    rule = QualityRule.objects.create(
        project=project, name="r", datasource=warehouse, table="t", kind="row_count", min_value=1
    )
    run = QualityRun.objects.create(
        project=project, rule=rule, bizdate=dt.date(9999, 12, 31), strength=rule.strength
    )
    quality_services.run_pending(run.id)
    run.refresh_from_db()
    assert run.verdict == Verdict.ERROR
    assert "9999-12-31" in run.message


def test_dates_inside_the_range_work(client_for, owner, project, deployed):
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}"
    for day in ("1900-01-01", "2999-12-31"):
        response = client.post(
            f"{base}/authoring/render/", {"bizdate": day, "code": "${yyyymmdd}"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["code"] == day.replace("-", "")
        assert client.get(f"{base}/operations/dashboard/?bizdate={day}").status_code == 200


@pytest.mark.parametrize(
    "expression",
    ["${yyyymmdd+999999999}", "$[yyyymmdd-99999999]", "$[add_months(yyyymmdd,-99999)]"],
)
def test_an_offset_beyond_the_calendar_is_an_error_of_its_expression(
    client_for, owner, project, workflow, expression
):
    client = client_for(owner)
    response = client.post(
        f"/api/v1/projects/{project.id}/authoring/render/",
        {"bizdate": "2024-01-31", "code": f"select '{expression}'"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["code"] is None
    assert "out of range" in body["error"] and expression in body["error"]
    node_body = {"name": "p", "type": "virtual", "workflow": workflow.id}
    response = client.post(
        f"/api/v1/projects/{project.id}/nodes/",
        {**node_body, "parameters": {"day": expression}},
        format="json",
    )
    assert response.status_code == 400
    assert "out of range" in response.json()["errors"]["parameters"][0]
