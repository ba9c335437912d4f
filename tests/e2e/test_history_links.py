"""The deployment history and the links between the Studio, the designer and operations, in a
real browser against the real web server.

alice deploys two nodes together ("首次发布"), changes one and deploys it again ("修复 a"), then
runs it by hand. In Chinese she finds both deploys in the project's deployment history, opens the
second version's diff in the Studio from there, and sees on the instance page the Studio's
version number and that she started the run. From the Studio she opens a node in the designer,
which selects and centres it; an archived project stays out of the project switcher until she
asks for it.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from projects import services as project_services
from scheduler.services import node_run_manual
from tests.e2e import steps
from tests.stack import wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def history(user):
    """Project "hist": a -> b deployed together, then a changed and deployed alone; a run of a."""
    project = project_services.project_create(user=user, name="hist", timezone="UTC")
    workflow = project_services.workflow_create(project=project, actor=user, name="daily")
    a = project_services.node_create(
        project=project, actor=user, name="a", type="virtual", workflow=workflow, cron="0 1 * * *"
    )
    b = project_services.node_create(
        project=project, actor=user, name="b", type="virtual", workflow=workflow, cron="0 1 * * *"
    )
    project_services.dependency_add(downstream=b, upstream=a, actor=user)
    project_services.nodes_deploy(
        project=project, actor=user, items=[(a, None), (b, None)], message="首次发布"
    )
    project_services.node_update(node=a, actor=user, cron="0 2 * * *")
    project_services.nodes_deploy(project=project, actor=user, items=[(a, None)], message="修复 a")
    bizdate = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    [run] = node_run_manual(node=a, bizdate=bizdate, with_downstream=False, actor=user)
    return {"project": project, "workflow": workflow, "a": a, "b": b, "run": run}


def switch_to_chinese(page: Page):
    page.get_by_test_id("language-switch").click()
    page.locator(".ant-select-item-option").filter(has_text="简体中文").click()
    expect(page.get_by_test_id("main-nav")).to_contain_text("运维")


def quiet(page: Page):
    """Toasts and tooltips out of the way."""
    page.mouse.move(0, 0)
    expect(page.locator(".ant-message-notice")).to_have_count(0, timeout=10_000)


def test_deployment_history_and_versions_in_chinese(page, history, screenshot):
    a, b, run = history["a"], history["b"], history["run"]
    steps.log_in(page, "/operations/instances")
    switch_to_chinese(page)

    # --- the history, reached from the operations sections ---
    page.get_by_role("navigation", name="运维中心分区").get_by_text("发布记录", exact=True).click()
    steps.expect_path(page, "/operations/deployments")
    table = page.get_by_test_id("deployments-table")
    rows = table.locator("tbody tr.ant-table-row")
    expect(rows).to_have_count(2)
    # Newest first; the two nodes deployed together are one entry.
    expect(rows.nth(0)).to_contain_text("修复 a")
    expect(rows.nth(0)).to_contain_text("alice")
    expect(rows.nth(0).get_by_test_id(f"deployed-node-{a.id}")).to_contain_text("v2")
    expect(rows.nth(1)).to_contain_text("首次发布")
    expect(rows.nth(1).get_by_test_id(f"deployed-node-{a.id}")).to_contain_text("v1")
    expect(rows.nth(1).get_by_test_id(f"deployed-node-{b.id}")).to_contain_text("v1")
    screenshot("deployments")

    # --- a version opens its diff in the Studio ---
    rows.nth(0).get_by_test_id(f"deployed-node-{a.id}").get_by_text("v2").click()
    steps.expect_path(page, f"/studio/nodes/{a.id}")
    diff = page.locator(".ant-modal").filter(has=page.get_by_test_id("diff-view"))
    expect(diff).to_be_visible()
    expect(diff.locator(".ant-modal-title")).to_contain_text("v1")
    expect(diff.locator(".ant-modal-title")).to_contain_text("v2")
    expect(diff.get_by_test_id("diff-view")).to_contain_text("0 2 * * *")
    screenshot("version-diff")
    # The link is spent: the address no longer asks for the diff.
    expect(page).not_to_have_url(f"/studio/nodes/{a.id}?diff=2")

    # --- the instance page: the Studio's version number, and who started the run ---
    page.goto(f"/operations/instances/{run.id}?tab=details")
    details = page.get_by_test_id("instance-details")
    expect(details).to_contain_text("发起人")
    expect(details.locator("tr", has_text="发起人")).to_contain_text("alice")
    expect(page.get_by_test_id("instance-version")).to_have_text("v2")
    screenshot("instance")
    page.get_by_test_id("instance-version").click()
    steps.expect_path(page, f"/studio/nodes/{a.id}")
    expect(page.locator(".ant-modal").filter(has=page.get_by_test_id("diff-view"))).to_be_visible()


def test_the_designer_centres_a_node_from_the_studio(page, user, history, screenshot):
    b, workflow = history["b"], history["workflow"]
    old = project_services.project_create(user=user, name="old", timezone="UTC")
    project_services.project_archive(project=old, actor=user)
    steps.log_in(page, f"/studio/nodes/{b.id}")

    # --- the Studio's run history links to the node's place in the designer ---
    pane = steps.active_pane(page)
    pane.get_by_role("tab", name="Runs").click()
    pane.get_by_role("link", name="Show in the designer").click()
    steps.expect_path(page, "/designer")
    assert f"node={b.id}" in page.url and f"workflow={workflow.id}" in page.url
    node = page.locator(f'.react-flow__node[data-id="{b.id}"]')
    expect(node).to_have_class(re.compile(r"\bselected\b"))
    # Centred: the node's middle comes to the middle of the canvas (the view glides there).
    canvas = page.locator(".react-flow").first.bounding_box()

    def centred():
        box = node.bounding_box()
        middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        return (
            abs(middle[0] - (canvas["x"] + canvas["width"] / 2)) < 40
            and abs(middle[1] - (canvas["y"] + canvas["height"] / 2)) < 40
        )

    wait_until(centred, timeout=10, message="the node centred in the designer")

    screenshot("designer-focus")

    # --- the project switcher: the archived project only when asked for, marked ---
    quiet(page)
    page.get_by_test_id("project-switcher").click()
    options = page.locator(".ant-select-dropdown:visible .ant-select-item-option")
    expect(options.filter(has_text="hist")).to_have_count(1)
    expect(options.filter(has_text="old")).to_have_count(0)
    page.get_by_test_id("switcher-show-archived").click()
    expect(options.filter(has_text="old")).to_have_count(1)
    expect(page.get_by_test_id(f"switcher-archived-{old.id}")).to_contain_text("archived")
    screenshot("switcher-archived")
