"""The single-page app works under its Content-Security-Policy: the Studio's editor, the
designer's canvas, the operations pages with their live websocket, the API docs and the admin,
in a real browser, without a single refusal (the page fixture fails the test on one)."""

import re

import pytest
from playwright.sync_api import expect

from projects import services
from tests.e2e import steps

pytestmark = [pytest.mark.e2e, pytest.mark.stack]


@pytest.fixture
def studio(user):
    project = steps.warehouse_project(user, "csp-e2e")
    flow = services.workflow_create(project=project, actor=user, name="flow")
    services.node_create(
        project=project, actor=user, name="orders", type="sql", workflow=flow, code="select 1"
    )
    return project


def test_the_app_runs_under_its_policy(page, studio, screenshot):
    response = page.goto("/login?next=/studio")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    steps.submit_login(page)
    steps.expect_path(page, "/studio")

    steps.open_node(page, "orders")  # CodeMirror: its styles are injected at run time
    steps.replace_code(page, "orders", "select 2 as two")
    expect(steps.editor(page, "orders")).to_contain_text("select 2 as two")
    steps.save(page, "orders", 2)

    steps.go_to(page, "Designer")  # React Flow
    expect(page.get_by_test_id("designer-canvas")).to_have_attribute("data-ready", "true")
    screenshot("designer")
    expect(steps.designer_node(page, "orders")).to_be_visible()

    steps.go_to(page, "Operations")  # charts and the live websocket
    expect(page).to_have_url(re.compile(r"/operations"))
    expect(page.get_by_text("Live", exact=False).first).to_be_visible()
    for section in ("Quality", "Alerts", "Settings"):
        steps.go_to(page, section)
    screenshot("under-csp")
    assert not page.csp_violations


def test_the_api_docs_and_the_admin_run_under_the_policy(page, user):
    page.goto("/api/v1/docs/")
    expect(page.get_by_text("Workbench API").first).to_be_visible()
    page.goto("/admin/login/")
    expect(page.get_by_label("Username")).to_be_visible()
    assert not page.csp_violations


def test_a_refused_inline_script_is_noticed(page, user):
    """The check itself works: an inline script on our page is refused and seen."""
    page.goto("/login")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.csp_violations
    page.csp_violations.clear()
