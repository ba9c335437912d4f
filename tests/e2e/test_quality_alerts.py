"""The Quality and Alerts pages in a real browser against the real web server and worker.

Quality: on the demo project's DuckDB warehouse, alice creates a row-count rule on ods_orders
(a bad partition filter first: the server's reason shows under the field), previews its SQL,
runs it now for a business date and sees it pass, in the dialog, the runs table and the list.

Alerts: she adds a webhook channel pointing at an HTTP receiver the test runs, sends it a test
message and sees it delivered, in the dialog and in the delivery log; the receiver got the
signed request. An alert rule with a deadline that is not a time is refused on the field.
"""

import io
import re

import pytest
from playwright.sync_api import expect

from projects.demo import create_demo
from projects.drivers import connect
from projects.models import DataSource
from tests.alerts.conftest import Receiver
from tests.e2e import steps

pytestmark = pytest.mark.e2e


@pytest.fixture
def local_webhooks(monkeypatch, settings):
    """Let webhooks reach the loopback receiver: here, and in the web and worker started after."""
    monkeypatch.setenv("WORKBENCH_WEBHOOK_ALLOW", "127.0.0.1/32")
    settings.WEBHOOK_ALLOW = ["127.0.0.1/32"]


@pytest.fixture
def demo(user):
    """The demo project of `make run` (DuckDB warehouse with ods_orders, 100 rows), alice owns it."""
    return create_demo(user, io.StringIO())


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


def toast(page, text):
    return page.locator(".ant-message").get_by_text(text)


def row_count(project) -> int:
    with connect(DataSource.objects.get(project=project, name="warehouse")) as conn:
        cursor = conn.cursor()
        cursor.execute("SELECT COUNT(*) FROM ods_orders")
        return cursor.fetchone()[0]


def test_create_preview_and_run_a_row_count_rule(demo, worker, page, screenshot):
    rows = row_count(demo)  # 100 as seeded (the warehouse file lives as long as the test run)
    assert rows > 0
    steps.log_in(page)
    page.get_by_role("navigation", name="Main navigation").get_by_text(
        "Quality", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality")
    expect(page.get_by_text("No quality rules yet.")).to_be_visible()
    screenshot("rules-empty")

    page.get_by_role("button", name="Create the first rule").click()
    expect(page).to_have_url(re.compile(r"/quality/rules/new$"))
    form = page.locator("form[aria-label='Quality rule']")
    form.get_by_label("Name").fill("orders have rows")
    # the project's default data source is chosen; its tables are offered
    expect(
        page.locator(".ant-select-selection-item", has_text="warehouse (duckdb)")
    ).to_be_visible()
    form.get_by_label("Table").fill("ods_")
    page.locator(
        ".ant-select-dropdown:visible .ant-select-item-option", has_text="ods_orders"
    ).click()
    expect(form.get_by_label("Table")).to_have_value("ods_orders")

    # a parameter the renderer does not know: the server's reason lands under the field
    form.get_by_label("Partition filter").fill("order_date = '${nope}'")
    page.get_by_role("button", name="Preview SQL").click()
    field_error = page.locator("#partition_filter_help")
    expect(field_error).to_contain_text("nope")
    screenshot("preview-refused")

    form.get_by_label("Partition filter").fill("")
    page.get_by_role("button", name="Preview SQL").click()
    preview = page.get_by_test_id("sql-preview")
    expect(preview).to_have_text(re.compile(r"SELECT COUNT\(\*\) FROM ods_orders", re.I))
    expect(form.get_by_label("At least (rows)")).to_have_value("1")
    screenshot("rule-form")

    page.get_by_role("button", name="Create rule").click()
    expect(toast(page, "Created the rule “orders have rows”.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/quality/rules/\d+$"))
    expect(page.get_by_role("heading", name="orders have rows")).to_be_visible()
    expect(page.get_by_text("No finished runs yet.")).to_be_visible()

    page.get_by_role("button", name="Run now").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Business date")).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    dialog.get_by_role("button", name="Run", exact=True).click()
    result = page.get_by_test_id("run-result")
    expect(result).to_contain_text(f"Passed: {rows:,} (expected ≥ 1)", timeout=30_000)
    screenshot("run-passed")
    dialog.locator(".ant-modal-footer").get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    runs = page.locator(".ant-card", has_text="Runs").locator("tbody tr.ant-table-row")
    expect(runs).to_have_count(1)
    expect(runs.first).to_contain_text("Passed")
    expect(runs.first).to_contain_text("by hand")
    expect(runs.first).to_contain_text(f"{rows:,}")
    expect(page.get_by_test_id("value-chart").locator(".recharts-line")).not_to_have_count(0)
    screenshot("rule-detail")

    page.get_by_role("link", name="Rules").click()
    row = page.locator("tbody tr.ant-table-row", has_text="orders have rows")
    expect(row).to_contain_text("Passed")
    expect(row).to_contain_text("ods_orders")
    screenshot("rules-list")


def test_webhook_channel_test_message_is_delivered_and_logged(
    local_webhooks, demo, worker, receiver, page, screenshot
):
    steps.log_in(page)
    page.goto("/alerts")
    expect(page).to_have_url(re.compile(r"/alerts/rules$"))
    expect(page.get_by_text("There are no channels yet")).to_be_visible()
    screenshot("rules-empty")

    page.get_by_role("tab", name="Channels").click()
    expect(page).to_have_url(re.compile(r"/alerts/channels$"))
    page.get_by_role("button", name="New channel").click()
    drawer = page.locator(".ant-drawer-content")
    drawer.get_by_label("Name").fill("local hook")
    drawer.get_by_label("Webhook URL").fill(receiver.url)
    drawer.get_by_label("Signing secret").fill("s3cret")
    screenshot("channel-form")
    drawer.get_by_role("button", name="Create channel").click()
    expect(toast(page, "Created the channel “local hook”.")).to_be_visible()
    row = page.locator("tbody tr.ant-table-row", has_text="local hook")
    expect(row).to_contain_text("Webhook")
    expect(row).to_contain_text("signed")
    expect(row).to_contain_text("never")

    row.get_by_role("button", name="Send test message").click()
    result = page.get_by_test_id("test-result")
    expect(result).to_contain_text("Delivered", timeout=30_000)
    expect(result).to_contain_text("200")
    screenshot("test-delivered")
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request["json"]["event"] == "test"
    assert request["headers"]["X-Workbench-Signature"].startswith("sha256=")

    page.get_by_role("button", name="Open the delivery log").click()
    expect(page).to_have_url(re.compile(r"/alerts/deliveries$"))
    logged = page.locator("tbody tr.ant-table-row")
    expect(logged).to_have_count(1)
    for text in ["local hook", "Test message", "Delivered", "200"]:
        expect(logged.first).to_contain_text(text)
    screenshot("delivery-log")

    # an alert rule to that channel: a deadline that is not a time of day is refused on the field
    page.get_by_role("tab", name="Alert rules").click()
    page.get_by_role("button", name="New alert rule").click()
    drawer = page.locator(".ant-drawer-content")
    drawer.get_by_label("Name").fill("late or failed")
    drawer.get_by_text("Not finished by a deadline").click()
    drawer.get_by_label("Deadline (HH:MM)").fill("25:00")
    drawer.get_by_label("Send to").click()
    page.locator(
        ".ant-select-dropdown:visible .ant-select-item-option", has_text="local hook"
    ).click()
    drawer.get_by_role("button", name="Create alert rule").click()
    expect(drawer.get_by_text("“25:00” is not a time of day")).to_be_visible()
    screenshot("alert-rule-refused")
    drawer.get_by_label("Deadline (HH:MM)").fill("9:30")
    drawer.get_by_role("button", name="Create alert rule").click()
    expect(toast(page, "Created the alert rule “late or failed”.")).to_be_visible()
    expect(drawer).to_be_hidden()
    rule_row = page.locator("tbody tr.ant-table-row", has_text="late or failed")
    expect(rule_row).to_contain_text("Not finished by a deadline 09:30")
    expect(rule_row).to_contain_text("local hook")
    screenshot("alert-rules")
