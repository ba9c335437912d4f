import asyncio
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import websockets

from projects import services as project_services
from scheduler import generation
from scheduler.models import Instance
from tests.factories import api_client
from tests.scheduler.conftest import wait_for_status, yesterday


@pytest.mark.django_db
def test_list_filters_detail_graph_and_permissions(make_node, project, owner, make_user):
    a = make_node("a", cron="0 * * * *")
    b = make_node("b", upstream=[a], cron="0 3 * * *")
    generation.generate_day(yesterday())
    api = api_client(owner)
    base = f"/api/v1/projects/{project.id}/instances/"
    page = api.get(base, {"page_size": 10}).json()
    assert len(page["results"]) == 10 and page["next"]
    assert len(api.get(page["next"]).json()["results"]) == 10
    only_b = api.get(base, {"node": b.id}).json()["results"]
    assert [i["node_name"] for i in only_b] == ["b"]
    assert api.get(base, {"status": "pending", "run_kind": "scheduled"}).json()["results"]
    assert api.get(base, {"status": "bogus"}).status_code == 400
    assert api.get(base, {"bizdate": "yesterday"}).json()["errors"]["bizdate"]

    detail = api.get(f"{base}{only_b[0]['id']}/").json()
    assert len(detail["upstream"]) == 24  # a daily node waits for all of the day's hourly instances
    assert any("upstream a" in reason for reason in detail["waiting_for"])
    # The node's own version number, not the database id of the version row.
    assert detail["version_number"] == 1 and detail["version"] == b.deployed_version_id
    graph = api.get(f"{base}{only_b[0]['id']}/graph/", {"up": 1, "down": 0}).json()
    assert len(graph["nodes"]) == 25 and len(graph["edges"]) == 24

    viewer = make_user("viewer-x")
    project_services.member_set(project=project, actor=owner, user=viewer, role="viewer")
    assert api_client(viewer).post(f"{base}{only_b[0]['id']}/freeze/").status_code == 403
    assert api_client(make_user("stranger")).get(f"{base}{only_b[0]['id']}/").status_code == 404
    frozen = api.post(f"{base}{only_b[0]['id']}/freeze/")
    assert frozen.status_code == 200 and frozen.json()["status"] == "frozen"
    refused = api.post(f"{base}{only_b[0]['id']}/freeze/")
    assert (
        refused.status_code == 400
        and "only an instance that has not started" in refused.json()["detail"]
    )
    events = api.get(f"{base}{only_b[0]['id']}/events/").json()
    assert [(e["from_status"], e["to_status"], e["actor"]) for e in events] == [
        ("pending", "frozen", owner.username)
    ]


async def _watch(url: str, cookie: str, until: str, connected=None):
    """Status messages until one says `until`; `connected` (an Event) is set once subscribed."""
    messages = []
    async with websockets.connect(
        url, additional_headers={"Cookie": cookie}, origin="http://127.0.0.1"
    ) as ws:
        if connected is not None:
            connected.set()
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 30))
            messages.append(message)
            if message["type"] == "instance.status" and any(
                c["status"] == until for c in message["changes"]
            ):
                return messages


def test_test_run_streams_its_log_and_returns_rows(
    web, worker, make_node, warehouse, project, owner
):
    node = make_node(
        "draft",
        type="sql",
        datasource=warehouse,
        deploy=False,
        code="select 42 as answer, '${yyyymmdd}' as day union all select 7, 'x'",
    )
    client = httpx.Client(base_url=web)
    csrf = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    owner.set_password("pw-123456")
    owner.save()
    assert (
        client.post(
            "/api/v1/auth/login/",
            json={"username": owner.username, "password": "pw-123456"},
            headers={"X-CSRFToken": csrf, "Referer": web},
        ).status_code
        == 200
    )
    csrf = client.cookies["csrftoken"]
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    # subscribe to the project's events first, then start the run
    ws_url = web.replace("http://", "ws://") + f"/ws/projects/{project.id}/events/"
    with ThreadPoolExecutor(1) as pool:
        connected = threading.Event()
        watching = pool.submit(asyncio.run, _watch(ws_url, cookie, "success", connected))
        assert connected.wait(30), "the websocket did not open"
        started = client.post(
            f"/api/v1/projects/{project.id}/nodes/{node.id}/test-run/",
            json={},
            headers={"X-CSRFToken": csrf, "Referer": web},
        )
        assert started.status_code == 201, started.text
        instance_id = started.json()["id"]
        messages = watching.result(timeout=60)
    statuses = [
        c["status"] for m in messages for c in m.get("changes", []) if c["instance"] == instance_id
    ]
    assert statuses[-3:] == ["queued", "running", "success"]
    wait_for_status([instance_id], {"success"})
    instance = Instance.objects.get(pk=instance_id)
    assert instance.run_kind == "test" and instance.result["columns"] == ["answer", "day"]
    assert instance.result["rows"][0][0] == 42 and instance.result["rows"][0][1].isdigit()
    log = client.get(
        f"/api/v1/projects/{project.id}/instances/{instance_id}/log/", params={"download": "1"}
    )
    assert "2 row(s) returned" in log.text
    assert (
        log.headers["content-disposition"] == f'attachment; filename="instance-{instance_id}.log"'
    )


@pytest.mark.django_db
def test_list_in_a_chosen_order_pages_without_gaps(make_node, project, owner):
    make_node("a", cron="0 */2 * * *")
    make_node("b", cron="30 */3 * * *")
    generation.generate_day(yesterday())
    api = api_client(owner)
    base = f"/api/v1/projects/{project.id}/instances/"
    for ordering in ("cyctime", "-cyctime", "status"):
        seen, url, params = [], base, {"ordering": ordering, "page_size": 5}
        while url:
            page = api.get(url, params).json()
            seen += page["results"]
            url, params = page["next"], None
        assert len(seen) == Instance.objects.count() == 20
        assert len({row["id"] for row in seen}) == 20
        field = ordering.lstrip("-")
        values = [row[field] for row in seen]
        assert values == sorted(values, reverse=ordering.startswith("-"))
    refused = api.get(base, {"ordering": "error"})
    assert refused.status_code == 400 and "ordering" in refused.json()["errors"]


@pytest.mark.django_db
def test_list_sorts_by_name_and_duration_over_every_page_and_counts(make_node, project, owner):
    import datetime as dt

    for name in ("m", "b", "z"):
        make_node(name, cron="0 */6 * * *")  # 4 a day each
    generation.generate_day(yesterday())
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    durations = {}
    for n, instance in enumerate(Instance.objects.order_by("id")):
        if n % 3:  # a third never ran: no duration, and they sort as the shortest
            Instance.objects.filter(pk=instance.pk).update(
                started_at=start, finished_at=start + dt.timedelta(seconds=n * 7 % 11)
            )
            durations[instance.pk] = n * 7 % 11
    api = api_client(owner)
    base = f"/api/v1/projects/{project.id}/instances/"
    for ordering in ("node_name", "-node_name", "duration", "-duration"):
        seen, url, params = [], base, {"ordering": ordering, "page_size": 5}
        while url:
            page = api.get(url, params).json()
            assert page["count"] == 12 and page["count_capped"] is False
            seen += page["results"]
            url, params = page["next"], None
        assert len({row["id"] for row in seen}) == 12
        if ordering.endswith("node_name"):
            values = [row["node_name"] for row in seen]
        else:
            values = [durations.get(row["id"], -1) for row in seen]
        assert values == sorted(values, reverse=ordering.startswith("-")), ordering
    filtered = api.get(base, {"search": "z", "page_size": 2}).json()
    assert filtered["count"] == 4 and len(filtered["results"]) == 2


@pytest.mark.django_db
def test_list_filters_by_kinds_and_refuses_bad_params_naming_the_field(make_node, project, owner):
    a = make_node("a", cron="0 3 * * *")
    generation.generate_day(yesterday())
    Instance.objects.filter(node=a).update(run_kind="test")
    make_node("b", cron="0 3 * * *")
    generation.generate_day(yesterday())
    api = api_client(owner)
    base = f"/api/v1/projects/{project.id}/instances/"

    def kinds(value):
        return {r["run_kind"] for r in api.get(base, {"run_kind": value}).json()["results"]}

    assert kinds("scheduled,manual") == {"scheduled"}
    assert kinds("test") == {"test"}
    assert kinds("") == {"scheduled", "test"}
    for params, field in (
        ({"run_kind": "scheduled,nightly"}, "run_kind"),
        ({"status": "done"}, "status"),
        ({"node": "x"}, "node"),
        ({"owner": "-3"}, "owner"),
        ({"bizdate_from": "2024-13-01"}, "bizdate_from"),
        ({"bizdate_from": "2024-03-02", "bizdate_to": "2024-03-01"}, "bizdate_to"),
        ({"ordering": "owner"}, "ordering"),
    ):
        response = api.get(base, params)
        assert response.status_code == 400, params
        assert list(response.json()["errors"]) == [field], params


@pytest.mark.django_db
def test_the_instance_says_who_started_it(make_node, project, owner, make_user):
    from scheduler import backfills
    from scheduler import services as scheduler_services

    a = make_node("a", cron="0 3 * * *")
    operator = make_user("olga")
    project_services.member_set(project=project, actor=owner, user=operator, role="operator")
    generation.generate_day(yesterday())
    api = api_client(owner)
    base = f"/api/v1/projects/{project.id}/instances/"
    started_by = lambda instance: api.get(f"{base}{instance.id}/").json()["started_by"]  # noqa: E731

    scheduled = Instance.objects.get(node=a, run_kind="scheduled")
    assert started_by(scheduled) is None  # the scheduler's own run

    [manual] = scheduler_services.node_run_manual(
        node=a, bizdate=yesterday(), with_downstream=False, actor=owner
    )
    assert started_by(manual) == "owner"
    test_run = scheduler_services.node_test_run(node=a, actor=operator)
    assert started_by(test_run) == "olga"

    backfill = backfills.create(
        project=project,
        actor=operator,
        spec=backfills.Spec(name="bf", root_nodes=[a.id], dates=[yesterday()], parallelism=1),
    )
    [filled] = Instance.objects.filter(backfill=backfill)
    assert started_by(filled) == "olga"

    # A rerun is started by whoever reran it, whoever started the run before.
    Instance.objects.filter(id=manual.id).update(status="failed")  # as if it had run
    manual.refresh_from_db()
    scheduler_services.instance_rerun(instance=manual, actor=operator)
    assert started_by(manual) == "olga"
