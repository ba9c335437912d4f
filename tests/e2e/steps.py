"""What a user does in the workbench, one step at a time: the browser tests are written with these.

Every step drives the page the way a person does (clicks, keys, drags) and waits with
Playwright's auto-waiting `expect`, so a slow machine only makes a step take longer.
"""

import re
import uuid

from playwright.sync_api import Locator, Page, expect

from projects import services
from projects.drivers import connect
from projects.models import Dependency
from scheduler.models import GenerationMark
from tests.stack import start_scheduler, wait_until

USERNAME = "alice"
PASSWORD = "pw-123456"


# --- data ---------------------------------------------------------------------------------


def warehouse_project(user, name: str, timezone: str = "Asia/Shanghai"):
    """A project whose default data source is a DuckDB warehouse holding `ods_orders` (5 rows)."""
    project = services.project_create(user=user, name=name, timezone=timezone)
    warehouse = services.datasource_create(
        project=project,
        actor=user,
        name="warehouse",
        kind="duckdb",
        config={"path": f"{name}-{uuid.uuid4().hex}.duckdb"},
    )
    services.project_update(project=project, actor=user, default_datasource=warehouse)
    with connect(warehouse) as conn:
        conn.execute(
            "create table ods_orders as select i as order_id, i * 10.5 as amount from range(1, 6) t(i)"
        )
    return project


# --- logging in ---------------------------------------------------------------------------


def submit_login(page: Page):
    """On the login page: type the username and password, press the button."""
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_in(page: Page, next_path: str = "/studio"):
    """Log in on the login page; the SPA then opens `next_path`."""
    page.goto(f"/login?next={next_path}")
    submit_login(page)
    expect_path(page, next_path)


def expect_path(page: Page, path: str):
    """The page's address is `path` (a query string may follow)."""
    expect(page).to_have_url(re.compile(rf"://[^/]+{re.escape(path)}([/?#]|$)"))


def go_to(page: Page, section: str):
    """Open a section (Studio, Designer, Operations...) from the main navigation."""
    page.get_by_role("navigation", name="Main navigation").get_by_text(section, exact=True).click()


# --- the Studio ---------------------------------------------------------------------------

# The open node's pane (inactive tabs stay mounted, hidden).
ACTIVE_PANE = (
    ".studio-tabs > .ant-tabs-content-holder > .ant-tabs-content > .ant-tabs-tabpane-active"
)


def active_pane(page: Page) -> Locator:
    return page.locator(ACTIVE_PANE)


def create(page: Page, what: str, name: str, node_type: str | None = None):
    """Create a workflow or a node through the tree's Create menu ("New workflow", "New node")."""
    page.get_by_role("button", name="Create").click()
    page.get_by_role("menuitem", name=what).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill(name)
    if node_type:
        dialog.get_by_text(node_type, exact=True).click()
    dialog.get_by_role("button", name="Create").click()
    expect(dialog).to_be_hidden()


def open_node(page: Page, name: str):
    """Open a node from the tree; its tab becomes the active one."""
    page.get_by_test_id(f"tree-node-{name}").click()
    expect(active_pane(page).get_by_label(f"Code of {name}")).to_be_visible()


def editor(page: Page, node: str) -> Locator:
    return page.get_by_label(f"Code of {node}")


def replace_code(page: Page, node: str, code: str):
    """Select everything in the node's editor and type `code` in its place."""
    editor(page, node).click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def save(page: Page, node: str, version: int):
    """Ctrl+S: the new version is announced, and neither the tab nor the tree marks it unsaved."""
    tab = page.get_by_test_id(f"tab-{node}")
    unsaved = page.get_by_test_id(f"tree-node-{node}").get_by_title("unsaved changes")
    expect(tab).to_have_attribute("data-dirty", "true")
    expect(unsaved).to_be_visible()
    page.keyboard.press("Control+s")
    expect(page.get_by_text(f"Saved {node} (v{version})")).to_be_visible()
    expect(tab).to_have_attribute("data-dirty", "false")
    expect(unsaved).to_have_count(0)


def finished_run(page: Page, status: str = "success") -> Locator:
    """The output of the active node's test run, once it has finished with `status`."""
    output = active_pane(page).get_by_test_id("run-output")
    expect(output).to_be_visible()
    expect(output.get_by_test_id("run-status")).to_have_text(status, timeout=60_000)
    return output


def open_deploy(page: Page) -> Locator:
    """The deploy dialog of the active node, once it shows what the deploy changes."""
    active_pane(page).get_by_role("button", name="Deploy").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("deploy-preview")).to_be_visible()
    return dialog


def confirm_deploy(page: Page, dialog: Locator, node: str, version: int, message: str):
    dialog.get_by_label("Deploy message").fill(message)
    dialog.get_by_role("button", name=f"Deploy v{version}").click()
    expect(page.get_by_text(f"Deployed {node} v{version}")).to_be_visible()
    expect(active_pane(page).get_by_test_id("deployed-tag")).to_have_text(f"deployed v{version}")


def deploy(page: Page, node: str, version: int, message: str):
    """Deploy the active node's latest version with a message."""
    confirm_deploy(page, open_deploy(page), node, version, message)


# --- the Designer -------------------------------------------------------------------------


def designer_node(page: Page, name: str) -> Locator:
    return page.locator(f".react-flow__node:has([data-node-name='{name}'])")


def centre(locator: Locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box, "not on screen"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def connect_nodes(page: Page, upstream: str, downstream: str):
    """Drag from the upstream's right handle to the downstream's left handle."""
    start = centre(designer_node(page, upstream).locator(".react-flow__handle.source"))
    end = centre(designer_node(page, downstream).locator(".react-flow__handle.target"))
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=5)
    page.mouse.move(*end, steps=5)
    page.mouse.up()


def edge(page: Page, dependency: Dependency) -> Locator:
    return page.get_by_test_id(f"rf__edge-e{dependency.id}")


def click_edge(page: Page, dependency: Dependency):
    """Click the middle of an edge's curve (SVG paths have no useful box to aim at)."""
    point = edge(page, dependency).evaluate(
        """(edge) => {
            const path = edge.querySelector("path.react-flow__edge-path");
            const middle = path.getPointAtLength(path.getTotalLength() / 2);
            const m = path.getScreenCTM();
            return {x: middle.x * m.a + middle.y * m.c + m.e, y: middle.x * m.b + middle.y * m.d + m.f};
        }"""
    )
    page.mouse.click(point["x"], point["y"])


def expect_loop(page: Page, nodes: list[str]) -> Locator:
    """The refused loop `nodes[0] -> ... -> nodes[0]`: the server's reason, the loop in red."""
    alert = page.get_by_test_id("loop-alert")
    arrows = " -> ".join([*nodes, nodes[0]])
    expect(alert).to_contain_text(f"this would close a loop: {arrows}")
    expect(alert).to_contain_text(f"{' → '.join([*nodes, nodes[0]])} is drawn in red")
    for name in nodes:
        expect(designer_node(page, name).locator(".wb-node")).to_have_attribute("data-loop", "true")
    expect(page.get_by_test_id("rf__edge-refused")).to_have_count(1)
    return alert


# --- the Operations center ----------------------------------------------------------------


def generate_next_day(log_dir, project) -> "GenerationMark":
    """Run the real scheduler until it has generated the project's instances of tomorrow.

    The scheduler makes tomorrow's instances once the project's local time is past its
    generation time: set to midnight here, that is at its first tick.
    """
    scheduler = start_scheduler(log_dir, SCHEDULER_GENERATION_TIME="00:00")
    try:

        def generated():
            assert scheduler.alive(), scheduler.log()
            marks = GenerationMark.objects.filter(project=project).order_by("-day")
            return marks[0] if len(marks) >= 2 else None  # today and tomorrow

        return wait_until(generated, timeout=60, message="the next day's instances")
    finally:
        scheduler.stop()


def instances_of(page: Page, bizdate: str) -> Locator:
    """In the Operations center: the cycle instances of a business date (YYYY-MM-DD)."""
    page.get_by_role("navigation", name="Operations sections").get_by_text(
        "Instances", exact=True
    ).click()
    page.get_by_role("tab", name="Cycle instances").click()
    filters = page.get_by_test_id("instance-filters")
    start = filters.get_by_placeholder("Business date from")
    start.click()
    start.fill(bizdate)
    start.press("Enter")
    end = filters.get_by_placeholder("to", exact=True)
    end.fill(bizdate)
    end.press("Enter")
    expect(page).to_have_url(re.compile(rf"/operations/instances\?.*bizdate={bizdate}"))
    table = page.get_by_test_id("instances-table")
    # the rows shown until the filtered list arrives are of other dates
    of_the_date = page.locator("td").filter(has_text=re.compile(rf"^{bizdate}$"))
    expect(table.locator("tbody tr.ant-table-row").filter(has_not=of_the_date)).to_have_count(0)
    return table
