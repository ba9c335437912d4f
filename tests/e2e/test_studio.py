"""The Studio in a real browser against the real server and a real Celery worker: workflows and
nodes, the editor with parameters and completion, save, test run with live log and rows, versions
and their diff, deploy."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from projects.models import Deployment, Node
from scheduler import generation
from tests.e2e import steps

pytestmark = [pytest.mark.e2e, pytest.mark.stack]

SQL = (
    "select order_id, amount, '${bizdate}' as ds\n"
    "from ods_orders\n"
    "where order_id <= 3 -- cycle $[yyyymmdd-1]\n"
    "order by order_id"
)


@pytest.fixture
def studio_project(user):
    return steps.warehouse_project(user, "studio-e2e")


def _drag(page, source, target):
    """A drag with intermediate moves: the tree computes the drop position from dragover events."""
    box = source.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    goal = target.bounding_box()
    page.mouse.move(goal["x"] + 30, goal["y"] + goal["height"] / 2, steps=12)
    page.wait_for_timeout(200)
    page.mouse.move(goal["x"] + 32, goal["y"] + goal["height"] / 2, steps=2)
    page.mouse.up()


def test_author_run_version_and_deploy_nodes(page, studio_project, worker, screenshot):
    steps.log_in(page, "/studio")
    expect(page.get_by_role("heading", name="Studio")).to_be_visible()
    expect(page.get_by_test_id("project-switcher")).to_contain_text("studio-e2e")

    # a workflow, two SQL nodes and a Python node
    steps.create(page, "New workflow", "sales")
    expect(page.get_by_test_id("workflow-sales")).to_be_visible()
    steps.create(page, "New node", "orders_daily")
    expect(page.get_by_text("Created SQL node orders_daily")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/studio/nodes/\d+$"))
    steps.create(page, "New node", "orders_report")
    steps.create(page, "New node", "notify", node_type="Python")
    for name in ("orders_daily", "orders_report", "notify"):
        expect(page.get_by_test_id(f"tree-node-{name}")).to_be_visible()
        expect(page.get_by_test_id(f"tab-{name}")).to_be_visible()
    assert set(Node.objects.values_list("name", "type")) == {
        ("orders_daily", "sql"),
        ("orders_report", "sql"),
        ("notify", "python"),
    }

    # move a node to another workflow by drag and drop
    steps.create(page, "New workflow", "finance")
    # the new workflow sorts first and pushes the rest down: drag once the tree has settled
    expect(page.get_by_test_id("workflow-finance")).to_contain_text("(0)")
    _drag(
        page,
        page.get_by_test_id("tree-node-orders_report"),
        page.get_by_test_id("workflow-finance"),
    )
    expect(page.get_by_text("Moved orders_report to finance")).to_be_visible()
    assert Node.objects.get(name="orders_report").workflow.name == "finance"
    expect(page.get_by_test_id("workflow-finance")).to_contain_text("(1)")

    # search filters the tree
    page.get_by_label("Search nodes").fill("notif")
    expect(page.get_by_test_id("tree-node-notify")).to_be_visible()
    expect(page.get_by_test_id("tree-node-orders_daily")).to_be_hidden()
    page.get_by_label("Search nodes").fill("")

    # Python code with a parameter, saved with Ctrl+S
    steps.replace_code(page, "notify", 'print("orders of ${bizdate} are in")\n')
    expect(page.get_by_test_id("tab-notify")).to_have_attribute("data-dirty", "true")
    # leaving the Studio with unsaved work asks first
    steps.go_to(page, "Operations")
    leave = page.get_by_role("dialog", name="Leave the Studio with unsaved changes?")
    expect(leave).to_contain_text("Unsaved: notify")
    leave.get_by_role("button", name="Stay").click()
    expect(page).to_have_url(re.compile(r"/studio/nodes/\d+$"))
    steps.editor(page, "notify").click()
    steps.save(page, "notify", version=2)

    # SQL with scheduling parameters; completion offers them as you type
    page.get_by_test_id("tree-node-orders_daily").click()
    expect(page).to_have_url(re.compile(rf"/studio/nodes/{_id('orders_daily')}$"))
    steps.replace_code(page, "orders_daily", SQL)
    page.keyboard.type("\n-- an hour before: $[hh")
    completion = page.locator(".cm-tooltip-autocomplete")
    expect(completion).to_contain_text("$[hh24miss-1/24]")
    completion.get_by_text("$[hh24miss-1/24]", exact=True).click()
    expect(steps.editor(page, "orders_daily")).to_contain_text(
        "-- an hour before: $[hh24miss-1/24]"
    )

    # the parameter panel renders them for the chosen business date
    pane = steps.active_pane(page)
    business_date = pane.get_by_label("Business date")
    business_date.click()
    business_date.fill("2024-03-01")
    business_date.press("Enter")
    pane.get_by_role("tab", name="Parameters").click()
    rendered = pane.get_by_test_id("rendered-expressions")
    expect(rendered).to_contain_text("${bizdate}")
    expect(rendered.get_by_role("row", name=re.compile(r"\$\{bizdate\}"))).to_contain_text(
        "20240301"
    )
    # the first slot of the next day (00:00 by default): the day before is the business date
    expect(rendered.get_by_role("row", name=re.compile(r"yyyymmdd-1"))).to_contain_text("20240301")
    expect(rendered.get_by_role("row", name=re.compile(r"hh24miss"))).to_contain_text("230000")
    screenshot("parameters")

    steps.save(page, "orders_daily", version=2)
    node = Node.objects.get(name="orders_daily")
    assert "$[hh24miss-1/24]" in node.code and "${bizdate}" in node.code

    # test run: live log and the first rows
    page.keyboard.press("Control+Enter")
    output = steps.finished_run(page)
    log = output.get_by_test_id("run-log")
    output.get_by_role("tab", name="Log").click()
    expect(log).to_contain_text("running 1 statement(s) on warehouse (duckdb, production)")
    expect(log).to_contain_text("3 row(s) returned")
    expect(log).to_contain_text("succeeded")
    output.get_by_role("tab", name=re.compile(r"^Results")).click()
    grid = output.get_by_test_id("result-grid")
    expect(grid).to_contain_text("order_id")
    expect(grid).to_contain_text("31.5")
    expect(grid.locator("tbody tr.ant-table-row")).to_have_count(3)
    with page.expect_download() as download:
        output.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    screenshot("test-run")

    # the tree is wider once its edge is dragged, and stays so after a reload
    tree = page.get_by_test_id("node-tree")
    narrow = tree.bounding_box()["width"]
    bar = page.locator(".studio-split > .ant-splitter-bar").first.bounding_box()
    middle = bar["y"] + bar["height"] / 2
    page.mouse.move(bar["x"] + bar["width"] / 2, middle)
    page.mouse.down()
    page.mouse.move(bar["x"] + 150, middle, steps=5)
    page.mouse.up()
    assert tree.bounding_box()["width"] > narrow + 100
    page.reload()
    expect(page.get_by_test_id("tab-orders_daily")).to_be_visible()
    expect(page.get_by_test_id("tab-notify")).to_be_visible()
    assert page.get_by_test_id("node-tree").bounding_box()["width"] > narrow + 100
    page.get_by_test_id("tab-orders_daily").click()

    # versions: history and a side-by-side diff
    pane.get_by_role("tab", name="Versions").click()
    versions = pane.get_by_test_id("versions-panel")
    expect(versions.get_by_test_id("version-2")).to_contain_text("latest")
    expect(versions.get_by_test_id("version-1")).to_be_visible()
    versions.get_by_role("button", name="Compare").click()
    diff = page.get_by_role("dialog").get_by_test_id("diff-view")
    expect(diff).to_contain_text("v1")
    expect(diff.locator('td[data-diff="added"]', has_text="+ from ods_orders")).to_have_count(1)
    screenshot("diff")
    page.get_by_role("dialog").get_by_role("button", name="Close", exact=True).last.click()

    # deploy with a message, after seeing what changes
    dialog = steps.open_deploy(page)
    expect(dialog.get_by_test_id("deploy-preview")).to_contain_text("for the first time")
    expect(dialog.get_by_test_id("diff-view")).to_contain_text("from ods_orders")
    dialog.get_by_role("button", name="Deploy v2").click()
    expect(dialog.get_by_text("Say what this deploy changes.")).to_be_visible()
    screenshot("deploy")
    steps.confirm_deploy(page, dialog, "orders_daily", 2, "first release of the daily orders")
    deployment = Deployment.objects.get(node__name="orders_daily")
    assert deployment.message == "first release of the daily orders"
    assert deployment.version.number == 2
    pane.get_by_role("tab", name="Versions").click()
    expect(pane.get_by_test_id("deploy-history")).to_contain_text(
        "first release of the daily orders"
    )
    expect(pane.get_by_test_id("version-2")).to_contain_text("first release of the daily orders")
    pane.get_by_role("tab", name="Runs").click()
    history = pane.get_by_test_id("run-history")
    expect(history.get_by_role("link", name=re.compile(r"^#\d+$")).first).to_be_visible()
    expect(history.get_by_role("link", name="All its instances in Operations")).to_have_attribute(
        "href", re.compile(r"/operations/instances\?node=\d+")
    )
    screenshot("deployed")

    # a slower Python run streams its log over the websocket while it runs
    page.get_by_test_id("tab-notify").click()
    steps.replace_code(
        page,
        "notify",
        "import time\nfor i in range(6):\n"
        "    print(f'tick {i} of ${bizdate}', flush=True)\n    time.sleep(1)\n",
    )
    page.keyboard.press("Control+Enter")
    output = steps.active_pane(page).get_by_test_id("run-output")
    expect(output.get_by_test_id("run-log")).to_contain_text("tick 1 of ", timeout=30_000)
    expect(output.get_by_test_id("run-status")).to_have_text("running")
    expect(output.get_by_text("live", exact=True)).to_be_visible()
    screenshot("live-log")
    expect(output.get_by_test_id("run-status")).to_have_text("success", timeout=30_000)
    expect(output.get_by_test_id("run-log")).to_contain_text("tick 5 of ")

    # The nightly generation makes the next day's instances of what is deployed (only that);
    # the operations center lists them.
    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    generation.generate_day(today + dt.timedelta(days=1))
    steps.go_to(page, "Operations")
    page.get_by_role("dialog", name="Leave the Studio with unsaved changes?").get_by_role(
        "button", name="Leave"
    ).click()
    table = steps.instances_of(page, today.isoformat())
    expect(table.get_by_text("orders_daily", exact=True)).to_be_visible()
    expect(table.get_by_text("notify", exact=True)).to_have_count(0)  # never deployed
    screenshot("next-day-instances")


def _id(name: str) -> int:
    return Node.objects.get(name=name).id
