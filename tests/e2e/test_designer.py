"""The designer in a real browser against the real server: nodes from the palette, edges drawn
between handles, a refused loop shown in red, edges deleted, auto-layout, instance statuses."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from projects import services
from projects.models import CanvasLayout, Dependency, Node
from scheduler.models import Instance
from tests.e2e import steps

pytestmark = pytest.mark.e2e

BIZDATE = dt.date(2024, 3, 9)


@pytest.fixture
def project(user):
    project = services.project_create(user=user, name="sales", timezone="UTC")
    workflow = services.workflow_create(project=project, actor=user, name="daily")
    nodes = {
        name: services.node_create(
            project=project, actor=user, name=name, type=kind, workflow=workflow
        )
        for name, kind in (("a", "sql"), ("b", "python"), ("c", "shell"))
    }
    services.dependency_add(downstream=nodes["b"], upstream=nodes["a"], actor=user)
    services.nodes_deploy(
        project=project, actor=user, items=[(nodes["a"], None), (nodes["b"], None)]
    )
    cyctime = dt.datetime(2024, 3, 10, 2, 0, tzinfo=dt.UTC)
    for name, status in (("a", "success"), ("b", "failed")):
        Instance.objects.create(
            project=project,
            node=nodes[name],
            run_kind="scheduled",
            run_key="scheduled",
            cyctime=cyctime,
            bizdate=BIZDATE,
            status=status,
        )
    return project


def test_draw_a_workflow_in_the_designer(page, project, user, screenshot):
    steps.log_in(page, "/designer")
    canvas = page.get_by_test_id("designer-canvas")
    expect(canvas).to_have_attribute("data-ready", "true")
    for name in "abc":
        expect(steps.designer_node(page, name)).to_be_visible()
    a = steps.designer_node(page, "a")
    expect(a).to_contain_text("SQL")
    expect(a).to_contain_text("v1 deployed")
    expect(steps.designer_node(page, "c")).to_contain_text("not deployed")
    expect(page.get_by_test_id("graph-counts")).to_have_text("3 nodes · 1 dependency")
    ready = page.evaluate("window.__designerReady")
    assert ready["nodes"] == 3 and ready["engine"] == "dagre"
    screenshot("1-opened")

    # a node from the palette: drop it, name it
    box = canvas.bounding_box()
    page.get_by_test_id("palette-virtual").drag_to(
        canvas, target_position={"x": box["width"] - 260, "y": box["height"] - 240}
    )
    dialog = page.get_by_role("dialog", name="New node")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Name").fill("a")  # taken: the server says so under the field
    dialog.get_by_role("button", name="Create node").click()
    expect(dialog.get_by_text("exists in this project")).to_be_visible()
    dialog.get_by_label("Name").fill("d_join")
    dialog.get_by_role("button", name="Create node").click()
    expect(page.get_by_text('Created Virtual node "d_join"')).to_be_visible()
    expect(dialog).to_be_hidden()
    d_join = Node.objects.get(project=project, name="d_join")
    assert d_join.type == "virtual" and d_join.workflow.name == "daily"
    expect(steps.designer_node(page, "d_join")).to_be_visible()
    expect(page.get_by_test_id("graph-counts")).to_have_text("4 nodes · 1 dependency")

    # dependencies drawn between handles
    steps.connect_nodes(page, "b", "d_join")
    expect(page.get_by_text("d_join now depends on b")).to_be_visible()
    b_d = Dependency.objects.get(upstream__name="b", downstream__name="d_join")
    expect(steps.edge(page, b_d)).to_be_visible()
    steps.connect_nodes(page, "c", "d_join")
    expect(page.get_by_text("d_join now depends on c")).to_be_visible()
    c_d = Dependency.objects.get(upstream__name="c", downstream__name="d_join")
    screenshot("2-drawn")

    # closing a loop is refused, and the loop is drawn in red
    steps.connect_nodes(page, "d_join", "a")
    alert = steps.expect_loop(page, ["d_join", "a", "b"])
    expect(steps.designer_node(page, "c").locator(".wb-node")).not_to_have_attribute(
        "data-loop", "true"
    )
    a_b = Dependency.objects.get(upstream__name="a", downstream__name="b")
    for dependency in (a_b, b_d):
        expect(steps.edge(page, dependency).locator("path.wb-edge-loop")).to_have_count(1)
    expect(steps.edge(page, c_d).locator("path.wb-edge-loop")).to_have_count(0)
    assert not Dependency.objects.filter(upstream=d_join, downstream__name="a").exists()
    screenshot("3-loop-refused")
    alert.get_by_role("button", name="Close").click()
    expect(alert).to_be_hidden()
    expect(page.get_by_test_id("rf__edge-refused")).to_have_count(0)
    expect(steps.designer_node(page, "a").locator(".wb-node")).not_to_have_attribute(
        "data-loop", "true"
    )

    # delete an edge: select it and press Delete...
    steps.click_edge(page, a_b)
    expect(steps.edge(page, a_b)).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("Delete")
    expect(page.get_by_text("Removed the dependency a → b")).to_be_visible()
    expect(steps.edge(page, a_b)).to_have_count(0)
    assert not Dependency.objects.filter(pk=a_b.pk).exists()
    # ... or with the button
    delete_button = page.get_by_role("button", name="Delete the selected dependencies")
    expect(delete_button).to_be_disabled()
    steps.click_edge(page, c_d)
    expect(delete_button).to_be_enabled()
    delete_button.click()
    expect(page.get_by_text("Removed the dependency c → d_join")).to_be_visible()
    assert not Dependency.objects.filter(pk=c_d.pk).exists()
    expect(page.get_by_test_id("graph-counts")).to_have_text("4 nodes · 1 dependency")

    # move a node out of place, then auto-layout puts the graph left to right again
    start = steps.centre(steps.designer_node(page, "d_join").locator(".wb-node-name"))
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] - 500, start[1] + 40, steps=8)
    with page.expect_response(
        lambda r: "/canvas/" in r.url and r.request.method == "PATCH"
    ) as saved:
        page.mouse.up()
    assert saved.value.ok
    assert (
        steps.centre(steps.designer_node(page, "d_join"))[0]
        < steps.centre(steps.designer_node(page, "b"))[0]
    )
    # the server keeps the arrangement for everyone in the project, not just this browser
    kept = CanvasLayout.objects.get(project=project, workflow=None).positions
    assert list(kept) == [str(d_join.id)]  # only what was moved
    page.context.clear_cookies()
    page.evaluate("window.localStorage.clear()")
    steps.log_in(page, "/designer")
    expect(canvas).to_have_attribute("data-ready", "true")
    assert (
        steps.centre(steps.designer_node(page, "d_join"))[0]
        < steps.centre(steps.designer_node(page, "b"))[0]
    )
    with page.expect_response(
        lambda r: "/canvas/" in r.url and r.request.method == "DELETE"
    ) as forgotten:
        page.get_by_role("button", name="Auto-layout").click()
    expect(page.get_by_text(re.compile(r"Laid out 4 nodes left to right"))).to_be_visible()
    assert forgotten.value.status == 204
    assert not CanvasLayout.objects.filter(project=project).exists()
    page.wait_for_timeout(400)  # the view glides to fit
    assert (
        steps.centre(steps.designer_node(page, "b"))[0]
        < steps.centre(steps.designer_node(page, "d_join"))[0]
    )
    screenshot("4-laid-out")

    # instance status of a business date
    page.get_by_test_id("status-toggle").click()
    date = page.get_by_test_id("bizdate").locator("input")
    date.click()
    date.fill(BIZDATE.isoformat())
    date.press("Enter")
    legend = page.get_by_test_id("status-legend")
    expect(legend).to_contain_text(f"Latest instance, {BIZDATE.isoformat()}")
    expect(steps.designer_node(page, "a").locator(".wb-node")).to_have_attribute(
        "data-status", "success"
    )
    expect(steps.designer_node(page, "b").locator(".wb-node")).to_have_attribute(
        "data-status", "failed"
    )
    expect(steps.designer_node(page, "c").locator(".wb-node")).to_have_attribute(
        "data-status", "none"
    )
    expect(steps.designer_node(page, "b")).to_contain_text("Failed")
    expect(legend).to_contain_text("Succeeded: 1")
    expect(legend).to_contain_text("Failed: 1")
    expect(legend).to_contain_text("No instance: 2")
    date.press("Escape")
    screenshot("5-status")

    # double-click opens the node in the studio
    steps.designer_node(page, "b").locator(".wb-node-name").dblclick()
    b = Node.objects.get(project=project, name="b")
    expect(page).to_have_url(re.compile(rf"/studio/nodes/{b.id}$"))


def test_workflow_selector_and_empty_states(page, user, screenshot):
    project = services.project_create(user=user, name="fresh", timezone="UTC")
    steps.log_in(page, "/designer")
    expect(page.get_by_text("fresh has no workflows yet")).to_be_visible()
    screenshot("1-no-workflow")
    page.get_by_role("button", name="Create a workflow").click()
    dialog = page.get_by_role("dialog", name="New workflow")
    dialog.get_by_label("Name").fill("ods")
    dialog.get_by_role("button", name="Create workflow").click()
    expect(page.get_by_text('Created workflow "ods"')).to_be_visible()
    expect(page.get_by_text("No nodes here yet")).to_be_visible()
    workflow = project.workflows.get(name="ods")
    expect(page).to_have_url(re.compile(rf"workflow={workflow.id}"))
    screenshot("2-empty-workflow")

    # click a palette item: the node lands in the middle of the view
    page.get_by_test_id("palette-sql").click()
    dialog = page.get_by_role("dialog", name="New node")
    expect(dialog.get_by_role("combobox", name="Workflow of the new node")).to_be_disabled()
    dialog.get_by_label("Name").fill("first")
    dialog.get_by_label("Name").press("Enter")
    expect(steps.designer_node(page, "first")).to_be_visible()
    expect(page.get_by_text("No nodes here yet")).to_have_count(0)

    other = services.workflow_create(project=project, actor=user, name="other")
    services.node_create(project=project, actor=user, name="elsewhere", type="sql", workflow=other)
    services.dependency_add(
        downstream=Node.objects.get(name="elsewhere"),
        upstream=Node.objects.get(name="first"),
        actor=user,
    )
    page.get_by_role("button", name="Reload").click()
    # the node of the other workflow shows as an outside stub
    expect(steps.designer_node(page, "elsewhere")).to_contain_text("in workflow other")
    # the toasts of the last steps and the Reload button's tooltip sit over the workflow
    # selector: wait for the toasts to fade and move the pointer off the button
    expect(page.locator(".ant-message-notice")).to_have_count(0, timeout=15_000)
    page.mouse.move(0, 400)
    expect(page.get_by_role("tooltip")).to_have_count(0)
    page.get_by_test_id("workflow-select").click()
    page.get_by_title("All nodes of the project").click()
    expect(page).not_to_have_url(re.compile(r"workflow="))
    expect(steps.designer_node(page, "elsewhere")).to_contain_text("SQL")
    expect(page.get_by_test_id("graph-counts")).to_have_text("2 nodes · 1 dependency")


def test_designer_shows_what_the_studio_changed_meanwhile(page, project, screenshot):
    steps.log_in(page, "/designer")
    counts = page.get_by_test_id("graph-counts")
    expect(counts).to_have_text("3 nodes · 1 dependency")
    # a node and an upstream added in the Studio a moment later
    steps.go_to(page, "Studio")
    steps.create(page, "New node", "e_extra")
    upstreams = steps.active_pane(page).get_by_test_id("upstreams")
    upstreams.get_by_role("combobox", name="Add upstream").click()
    page.get_by_title("c", exact=True).click()
    steps.save(page, "e_extra", version=1)  # dependencies are not versioned
    steps.go_to(page, "Designer")
    expect(counts).to_have_text("4 nodes · 2 dependencies")
    expect(steps.designer_node(page, "e_extra")).to_be_visible()
    screenshot("studio-changes")
