"""Quality rules through the API: validation, preview, scoping, runs on a real worker."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from projects import services as project_services
from quality import services
from quality.models import QualityRun
from tests.quality.conftest import load_orders
from tests.stack import wait_until


@pytest.fixture
def client(owner, client_for):
    return client_for(owner)


def base(project):
    return f"/api/v1/projects/{project.id}/quality"


def row_count_rule(warehouse, **extra):
    return {
        "name": "orders not empty",
        "datasource": warehouse.id,
        "table": "orders",
        "partition_filter": "dt = '${bizdate}'",
        "kind": "row_count",
        "min_value": 1,
        "strength": "strong",
        **extra,
    }


def test_create_list_and_preview(client, project, warehouse, db):
    created = client.post(f"{base(project)}/rules/", row_count_rule(warehouse), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["last_run"] is None
    listed = client.get(f"{base(project)}/rules/").json()["results"]
    assert [r["name"] for r in listed] == ["orders not empty"]

    preview = client.post(
        f"{base(project)}/rules/preview-sql/",
        {**row_count_rule(warehouse), "bizdate": "2026-03-01"},
        format="json",
    )
    assert preview.json() == {"sql": "SELECT COUNT(*) FROM orders WHERE (dt = '20260301')"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"table": "orders; drop"}, "table"),
        ({"min_value": None}, "min_value"),
        ({"partition_filter": "dt = '${nonsense}'"}, "partition_filter"),
        ({"kind": "fluctuation", "metric": "row_count"}, "tolerance_pct"),
        ({"min_value": 5, "max_value": 1}, "max_value"),
        ({"datasource": 999999}, "datasource"),
    ],
)
def test_bad_rules_get_400_with_the_field(client, project, warehouse, change, field, db):
    response = client.post(
        f"{base(project)}/rules/", row_count_rule(warehouse, **change), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()


def test_duplicate_names_and_foreign_nodes_are_refused(client, project, warehouse, owner, db):
    first = client.post(f"{base(project)}/rules/", row_count_rule(warehouse), format="json")
    assert first.status_code == 201
    again = client.post(f"{base(project)}/rules/", row_count_rule(warehouse), format="json")
    assert again.status_code == 400 and "name" in again.json()["errors"]
    other = project_services.project_create(user=owner, name="other")
    wf = project_services.workflow_create(project=other, actor=owner, name="w")
    foreign = project_services.node_create(project=other, actor=owner, name="n", workflow=wf)
    response = client.post(
        f"{base(project)}/rules/",
        row_count_rule(warehouse, name="second", nodes=[foreign.id]),
        format="json",
    )
    assert response.status_code == 400 and "nodes" in response.json()["errors"]


def test_non_members_see_nothing_and_viewers_cannot_write(project, warehouse, make_user, owner, db):
    rule = services.rule_create(
        project=project, actor=owner, **{**row_count_rule(warehouse), "datasource": warehouse}
    )
    stranger, viewer = make_user("stranger"), make_user("viewer")
    project_services.member_set(project=project, actor=owner, user=viewer, role="viewer")
    c = APIClient()
    c.force_authenticate(stranger)
    assert c.get(f"{base(project)}/rules/{rule.id}/").status_code == 404
    c.force_authenticate(viewer)
    assert c.get(f"{base(project)}/rules/{rule.id}/").status_code == 200
    assert c.delete(f"{base(project)}/rules/{rule.id}/").status_code == 403
    assert (
        c.post(f"{base(project)}/rules/{rule.id}/run/", {"bizdate": "2026-01-01"}).status_code
        == 403
    )


def test_run_now_on_a_worker(client, project, warehouse, worker):
    load_orders(warehouse, "20260301", [(1, "a", 10), (2, "b", 20)])
    rule = client.post(f"{base(project)}/rules/", row_count_rule(warehouse), format="json").json()
    bad = client.post(
        f"{base(project)}/rules/",
        row_count_rule(warehouse, name="broken", kind="custom_sql", sql="select nope from nowhere"),
        format="json",
    ).json()
    first = client.post(f"{base(project)}/rules/{rule['id']}/run/", {"bizdate": "2026-03-01"})
    empty = client.post(f"{base(project)}/rules/{rule['id']}/run/", {"bizdate": "2026-03-02"})
    broken = client.post(f"{base(project)}/rules/{bad['id']}/run/", {"bizdate": "2026-03-01"})
    assert first.status_code == 202 and first.json()["verdict"] == "pending"
    ids = [first.json()["id"], empty.json()["id"], broken.json()["id"]]

    def measured():
        runs = {r.id: r for r in QualityRun.objects.filter(id__in=ids)}
        return runs if all(r.verdict != "pending" for r in runs.values()) else None

    runs = wait_until(measured, timeout=30, message="quality runs to finish")
    assert (runs[ids[0]].verdict, runs[ids[0]].value) == ("passed", 2.0)
    assert (runs[ids[1]].verdict, runs[ids[1]].value) == ("failed", 0.0)
    assert runs[ids[2]].verdict == "error" and "nowhere" in runs[ids[2]].message.lower()
    listed = client.get(f"{base(project)}/runs/?rule={rule['id']}").json()["results"]
    assert [r["verdict"] for r in listed] == ["failed", "passed"]
    assert listed[1]["sql"] == "SELECT COUNT(*) FROM orders WHERE (dt = '20260301')"


def test_fluctuation_over_several_days(project, warehouse, owner, db):
    rule = services.rule_create(
        project=project,
        actor=owner,
        **{
            **row_count_rule(warehouse, name="steady", kind="fluctuation"),
            "datasource": warehouse,
            "metric": "row_count",
            "tolerance_pct": 20,
            "window": 3,
        },
    )
    sizes = {1: 10, 2: 11, 3: 9, 4: 10, 5: 30, 6: 9}
    verdicts = {}
    for day, size in sizes.items():
        bizdate = dt.date(2026, 4, day)
        load_orders(warehouse, f"{bizdate:%Y%m%d}", [(i, "c", 1) for i in range(size)])
        run = QualityRun.objects.create(
            project=project, rule=rule, bizdate=bizdate, strength=rule.strength
        )
        run = services.execute_run(run, cyctime_local=dt.datetime(2026, 4, day + 1))
        verdicts[day] = (run.verdict, run.lower, run.upper)
    assert verdicts[1] == ("passed", None, None)  # the first run is the baseline
    assert verdicts[4][0] == "passed"  # 10 against mean(11, 9, 10)=10
    assert verdicts[5] == ("failed", 8.0, 12.0)  # 30 against mean(10, 11, 9)
    # day 6 compares with days 3-5 (the failed 30 included: the value was real)
    assert verdicts[6][0] == "failed"
    assert verdicts[6][1] == pytest.approx((9 + 10 + 30) / 3 * 0.8)


def test_a_failed_run_raises_the_quality_alert_after_commit(
    project, warehouse, owner, db, django_capture_on_commit_callbacks
):
    from alerts.models import Alert, AlertRule

    AlertRule.objects.create(project=project, name="dq", events=["quality_failed"])
    rule = services.rule_create(
        project=project, actor=owner, **{**row_count_rule(warehouse), "datasource": warehouse}
    )
    run = QualityRun.objects.create(
        project=project, rule=rule, bizdate=dt.date(2026, 5, 1), strength=rule.strength
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.execute_run(run, cyctime_local=dt.datetime(2026, 5, 2))
        assert not Alert.objects.exists()  # not before the verdict is committed

    assert run.verdict == "failed"  # the orders table is empty
    alert = Alert.objects.get(project=project, event="quality_failed")
    assert alert.context["quality"]["rule"] == "orders not empty"
