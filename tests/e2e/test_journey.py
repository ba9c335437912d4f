"""A data developer's day, in one browser session against the real web server, Celery worker and
scheduler: log in; write a workflow of two SQL nodes and a Python node that use scheduling
parameters; draw their dependencies in the designer, where closing a loop is refused; test-run a
node and watch its log arrive live and its rows; deploy; find tomorrow's instances in the
operations center."""

import datetime as dt
import json
import re
from itertools import pairwise

import pytest
from playwright.sync_api import expect

from projects.models import Dependency, Deployment, Node
from scheduler.models import Instance
from tests.e2e import steps

pytestmark = [pytest.mark.e2e, pytest.mark.stack]

CODE = {
    # the pause keeps the test run going long enough to watch its log arrive
    "orders_daily": (
        "select pg_sleep(3);\n"
        "select order_id, amount, '${bizdate}' as ds\n"
        "from ods_orders\n"
        "where order_id <= 3\n"
        "order by order_id"
    ),
    "orders_report": (
        "select '${bizdate}' as ds, count(*) as orders, sum(amount) as revenue\nfrom ods_orders"
    ),
    "notify": 'print("orders of ${bizdate} are in")\n',
}
CHAIN = ["orders_daily", "orders_report", "notify"]


@pytest.fixture
def sales(user):
    return steps.warehouse_project(user, "sales-dw")


def test_author_design_run_deploy_and_operate_a_workflow(page, sales, worker, log_dir, screenshot):
    # the live log of test runs: every frame its websocket brings
    frames: list[dict] = []

    def watch(socket):
        if "/instances/" in socket.url:
            socket.on("framereceived", lambda payload: frames.append(json.loads(payload)))

    page.on("websocket", watch)

    # 1. log in: the workbench sends a stranger to the login page first
    page.goto("/studio")
    steps.expect_path(page, "/login")
    screenshot("01-login")
    steps.submit_login(page)
    steps.expect_path(page, "/studio")
    expect(page.get_by_role("heading", name="Studio")).to_be_visible()
    expect(page.get_by_test_id("project-switcher")).to_contain_text("sales-dw")
    screenshot("02-studio")

    # 2. a workflow with two SQL nodes and a Python node
    steps.create(page, "New workflow", "sales")
    expect(page.get_by_test_id("workflow-sales")).to_be_visible()
    steps.create(page, "New node", "orders_daily")
    steps.create(page, "New node", "orders_report")
    steps.create(page, "New node", "notify", node_type="Python")
    for name in CHAIN:
        expect(page.get_by_test_id(f"tree-node-{name}")).to_be_visible()
        expect(page.get_by_test_id(f"tab-{name}")).to_be_visible()
    expect(page.get_by_test_id("workflow-sales")).to_contain_text("(3)")
    assert dict(Node.objects.filter(workflow__name="sales").values_list("name", "type")) == {
        "orders_daily": "sql",
        "orders_report": "sql",
        "notify": "python",
    }
    screenshot("03-created")

    # 3. code with scheduling parameters, each saved with Ctrl+S
    for name in CHAIN:
        steps.open_node(page, name)
        steps.replace_code(page, name, CODE[name])
        steps.save(page, name, version=2)
    for node in Node.objects.filter(name__in=CHAIN):
        assert node.code == CODE[node.name] and "${bizdate}" in node.code
    screenshot("04-saved")

    # 4. the designer of the workflow: draw the chain, then try to close a loop
    steps.go_to(page, "Designer")
    page.get_by_test_id("workflow-select").click()
    page.get_by_title("sales (3)").click()
    workflow = sales.workflows.get(name="sales")
    expect(page).to_have_url(re.compile(rf"/designer\?(.*&)?workflow={workflow.id}"))
    canvas = page.get_by_test_id("designer-canvas")
    expect(canvas).to_have_attribute("data-ready", "true")
    counts = page.get_by_test_id("graph-counts")
    expect(counts).to_have_text("3 nodes · 0 dependencies")
    screenshot("05-designer")

    for upstream, downstream in pairwise(CHAIN):
        steps.connect_nodes(page, upstream, downstream)
        expect(page.get_by_text(f"{downstream} now depends on {upstream}")).to_be_visible()
    expect(counts).to_have_text("3 nodes · 2 dependencies")
    drawn = list(Dependency.objects.filter(downstream__workflow=workflow))
    assert {(d.upstream.name, d.downstream.name) for d in drawn} == {
        ("orders_daily", "orders_report"),
        ("orders_report", "notify"),
    }
    for dependency in drawn:
        expect(steps.edge(page, dependency)).to_be_attached()
    screenshot("06-drawn")

    steps.connect_nodes(page, "notify", "orders_daily")
    alert = steps.expect_loop(page, ["notify", "orders_daily", "orders_report"])
    expect(
        page.get_by_text("Dependency refused: orders_daily ← notify would close a loop")
    ).to_be_visible()
    for dependency in drawn:
        expect(steps.edge(page, dependency).locator("path.wb-edge-loop")).to_have_count(1)
    assert not Dependency.objects.filter(
        upstream__name="notify", downstream__name="orders_daily"
    ).exists()
    screenshot("07-loop-refused")
    alert.get_by_role("button", name="Close").click()
    expect(alert).to_be_hidden()

    # what was drawn is kept: the graph reloaded from the server has the same two edges
    # (attached rather than visible: a straight edge has no height, which Playwright calls hidden)
    page.get_by_role("button", name="Reload").click()
    expect(counts).to_have_text("3 nodes · 2 dependencies")
    for dependency in drawn:
        expect(steps.edge(page, dependency)).to_be_attached()
    expect(page.get_by_test_id("rf__edge-refused")).to_have_count(0)
    screenshot("08-reloaded")

    # 5. back in the Studio (a double-click opens the node): test-run it
    steps.designer_node(page, "orders_daily").locator(".wb-node-name").dblclick()
    steps.expect_path(page, f"/studio/nodes/{_id('orders_daily')}")
    pane = steps.active_pane(page)
    expect(steps.editor(page, "orders_daily")).to_be_visible()
    pane.get_by_role("button", name="Run").click()
    output = pane.get_by_test_id("run-output")
    expect(output.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
    expect(output.get_by_text("live", exact=True)).to_be_visible()
    expect(output.get_by_test_id("run-log")).to_contain_text("[1/2] select pg_sleep(3)")
    screenshot("09-live-log")
    output = steps.finished_run(page)
    run = Instance.objects.get(node__name="orders_daily", run_kind="test")
    ds = run.bizdate.strftime("%Y%m%d")
    # the rows: the parameter rendered for the run's business date
    grid = output.get_by_test_id("result-grid")
    expect(grid.locator("tbody tr.ant-table-row")).to_have_count(3)
    expect(grid).to_contain_text("31.5")
    expect(grid.locator("tbody tr.ant-table-row").first).to_contain_text(ds)
    screenshot("10-result")
    output.get_by_role("tab", name="Log").click()
    log = output.get_by_test_id("run-log")
    expect(log).to_contain_text(f"'{ds}' as ds")
    expect(log).to_contain_text("3 row(s) returned")
    expect(log).to_contain_text("succeeded")
    # ... and those lines came over the websocket while the run went on
    streamed = [
        line
        for frame in frames
        if frame.get("type") == "instance.log" and frame.get("instance") == run.id
        for line in frame["lines"]
    ]
    assert any("3 row(s) returned" in line for line in streamed), streamed

    # 6. deploy the three nodes, each with a message; the preview knows the drawn chain
    dialog = steps.open_deploy(page)
    downstream = dialog.get_by_test_id("deploy-downstream")
    expect(downstream).to_contain_text("orders_report")
    expect(downstream).to_contain_text("notify")
    screenshot("11-deploy")
    steps.confirm_deploy(page, dialog, "orders_daily", 2, "daily orders with their date")
    for upstream, name in pairwise(CHAIN):
        steps.open_node(page, name)
        # the Studio shows the dependency drawn in the designer
        upstreams = steps.active_pane(page).get_by_test_id("upstreams").locator(".ant-list-item")
        expect(upstreams).to_have_count(1)
        expect(upstreams.get_by_text(upstream, exact=True)).to_be_visible()
        steps.deploy(page, name, 2, f"first release of {name}")
    screenshot("12-deployed")
    assert dict(Deployment.objects.values_list("node__name", "message")) == {
        "orders_daily": "daily orders with their date",
        "orders_report": "first release of orders_report",
        "notify": "first release of notify",
    }

    # 7. the scheduler makes tomorrow's instances; the operations center lists them
    tomorrow = steps.generate_next_day(log_dir, sales).day
    bizdate = tomorrow - dt.timedelta(days=1)
    steps.go_to(page, "Operations")
    table = steps.instances_of(page, bizdate.isoformat())
    rows = table.locator("tbody tr.ant-table-row")
    expect(rows).to_have_count(3)
    for name in CHAIN:
        expect(table.get_by_text(name, exact=True)).to_be_visible()
    assert Instance.objects.filter(run_kind="scheduled", bizdate=bizdate).count() == 3
    screenshot("13-next-day-instances")


def _id(name: str) -> int:
    return Node.objects.get(name=name).id
