"""Review before deploy in a real browser: the author submits a change from the Studio, another
member reviews it (checks and diff; the author may not approve their own), approval deploys it,
and the deploy package rolls back to the version that ran before."""

import re

import pytest
from playwright.sync_api import expect

from projects import services
from projects.models import DeployRequest, Node, Project
from tests.e2e import steps
from tests.e2e.conftest import ARTIFACTS
from tests.factories import api_client

pytestmark = [pytest.mark.e2e, pytest.mark.stack]


@pytest.fixture
def reviewed_project(user, make_user):
    """A standard-mode project reviewing deploys, with `orders` deployed at v1 and bob, an admin."""
    project = steps.warehouse_project(user, "review-e2e")
    warehouse = project.default_datasource
    workflow = services.workflow_create(project=project, actor=user, name="sales")
    node = services.node_create(
        project=project,
        actor=user,
        workflow=workflow,
        name="orders",
        type="sql",
        code="select * from ods_orders",
        datasource=warehouse,
    )
    services.deploy_package(project=project, actor=user, items=[(node, None)], message="first")
    services.project_update(project=project, actor=user, mode="standard")
    services.datasource_update(
        datasource=warehouse, actor=user, dev_config={"path": "review-e2e-dev.duckdb"}
    )
    bob = make_user("bob")
    services.member_set(project=project, actor=user, user=bob, role="admin")
    return Project.objects.get(pk=project.pk)


def _log_in_as(page, username: str, next_path: str):
    page.goto(f"/login?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(steps.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    steps.expect_path(page, next_path)


def _screenshot_of(page, test_name: str, name: str):
    """The reviewer's page, kept beside the author's screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{test_name}-{name}.png"), full_page=True)


def test_submit_review_deploy_and_roll_back(
    page, browser, web, reviewed_project, screenshot, request
):
    node = Node.objects.get(name="orders")
    assert reviewed_project.review_required and node.deployed_version.number == 1

    # the author changes the node and submits it from the Studio: no direct deploy in sight
    steps.log_in(page, f"/studio/nodes/{node.id}")
    steps.open_node(page, "orders")
    steps.replace_code(page, "orders", "select order_id from ods_orders where order_id > 2")
    steps.save(page, "orders", version=2)
    pane = steps.active_pane(page)
    expect(pane.get_by_role("button", name="Deploy", exact=True)).to_have_count(0)
    pane.get_by_role("button", name="Submit for review").click()
    dialog = page.get_by_role("dialog", name="Submit orders for review")
    expect(dialog.get_by_test_id("review-explain")).to_be_visible()
    expect(dialog).to_contain_text("order_id > 2")  # the code diff against v1
    dialog.get_by_label("What the deploy changes").fill("only the later orders")
    screenshot("1-submit")
    dialog.get_by_role("button", name="Submit v2 for review").click()
    expect(page.get_by_test_id("review-submitted")).to_be_visible()
    asked = DeployRequest.objects.get()
    assert asked.status == "pending" and asked.author.username == "alice"
    pending = pane.get_by_test_id("pending-review")
    expect(pending).to_contain_text(f"In review #{asked.id} (v2)")
    node.refresh_from_db()
    assert node.deployed_version.number == 1  # nothing deployed yet

    # the author follows the link to the request, and may not approve it
    pending.get_by_role("link").click()
    steps.expect_path(page, "/deploys")
    drawer = page.get_by_test_id("deploy-request")
    expect(drawer).to_contain_text("Another member with the deploy right reviews your request.")
    expect(drawer.get_by_role("button", name="Approve and deploy")).to_have_count(0)
    screenshot("2-author-sees-request")
    refused = api_client(asked.author).post(
        f"/api/v1/projects/{reviewed_project.id}/deploy-requests/{asked.id}/approve/",
        {"override_reason": "mine"},
        format="json",
    )
    assert refused.status_code == 403, refused.content

    # another member reviews it: the checks (no test run of v2: held) and the diff
    context = browser.new_context(base_url=web, viewport={"width": 1280, "height": 800})
    reviewer = context.new_page()
    reviewer.set_default_timeout(15_000)
    try:
        _log_in_as(reviewer, "bob", "/deploys")
        reviewer.get_by_test_id("deploy-requests").get_by_text("only the later orders").click()
        drawer = reviewer.get_by_test_id("deploy-request")
        checks = drawer.get_by_test_id("review-checks")
        expect(checks.get_by_role("row", name=re.compile("Test run"))).to_contain_text("Failed")
        expect(drawer).to_contain_text("orders: v1 → v2")
        expect(drawer.locator("pre.deploy-diff")).to_contain_text("+select order_id")
        drawer.get_by_label("Comment").fill("looks right")
        _screenshot_of(reviewer, request.node.name, "3-review")
        drawer.get_by_role("button", name="Approve and deploy").click()
        # a failed check holds the approval until the reviewer says why it may go
        expect(reviewer.get_by_text(re.compile("give a reason to deploy anyway"))).to_be_visible()
        drawer.get_by_label(re.compile("check\\(s\\) failed")).fill("ran it by hand on dev")
        drawer.get_by_role("button", name="Approve and deploy").click()
        expect(reviewer.get_by_text("Approved and deployed")).to_be_visible()
        asked.refresh_from_db()
        assert asked.status == "approved" and asked.reviewer.username == "bob"
        assert asked.override_reason == "ran it by hand on dev"
        node.refresh_from_db()
        assert node.deployed_version.number == 2

        # the package rolls back as one: v1 runs again
        reviewer.get_by_role("tab", name="Deploy packages").click()
        row = reviewer.get_by_test_id("deploy-packages").get_by_role(
            "row", name=re.compile("only the later orders")
        )
        expect(row).to_contain_text("orders v1 → v2")
        row.get_by_role("button", name="Roll back").click()
        reviewer.get_by_role("button", name="OK").click()
        expect(reviewer.get_by_text("Rolled back", exact=True)).to_be_visible()
        expect(row).to_contain_text("Rolled back by #")
        _screenshot_of(reviewer, request.node.name, "4-rolled-back")
    finally:
        context.close()
    node.refresh_from_db()
    assert node.deployed_version.number == 1
