"""A sync node authored in the Studio's form in a real browser, run by a real worker in the
sandbox: two DuckDB data sources of one project, the source table chosen from a list, its columns
mapped by name, one renamed, written to the business date's partition."""

import json
import uuid

import duckdb
import pytest
from playwright.sync_api import Locator, Page, expect

from projects import services
from projects.drivers.base import project_folder
from projects.models import Node
from tests.e2e import steps

pytestmark = [pytest.mark.e2e, pytest.mark.stack]


def choose(page: Page, box: Locator, option: str):
    """Open a select (or a completion box) and click one of its options (a select showing its
    value covers its own input: the click goes to the box as a person's would)."""
    box.click(force=True)
    page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").get_by_title(
        option, exact=True
    ).click()


def test_a_sync_node_copies_a_table_into_the_business_dates_partition(
    page, user, worker, screenshot
):
    project = steps.warehouse_project(user, "sync-e2e", timezone="UTC")
    target_file = f"dw-{uuid.uuid4().hex}.duckdb"
    services.datasource_create(
        project=project, actor=user, name="dw", kind="duckdb", config={"path": target_file}
    )
    steps.log_in(page, "/studio")
    steps.create(page, "New workflow", "ods")
    steps.create(page, "New node", "copy_orders", node_type="Sync")
    form = steps.active_pane(page).get_by_test_id("sync-form")
    expect(form).to_be_visible()

    # the source: a table of the warehouse, chosen from its list; its columns mapped by name
    choose(page, form.get_by_role("combobox", name="Source data source"), "warehouse (duckdb)")
    choose(page, form.get_by_role("combobox", name="Source table"), "ods_orders")
    expect(form.get_by_label("Source column 1")).to_have_value("order_id")
    expect(form.get_by_label("Source column 2")).to_have_value("amount")
    expect(form.get_by_label("Target column 2")).to_have_attribute("placeholder", "amount")
    form.get_by_label("Target column 2").fill("order_amount")

    # the target: a new table of the other data source, the business date's partition
    choose(page, form.get_by_role("combobox", name="Target data source"), "dw (duckdb)")
    form.get_by_role("combobox", name="Target table").fill("ods_orders_di")
    choose(page, form.get_by_role("combobox", name="Write mode"), "Overwrite a partition")
    form.get_by_label("Partition").fill("dt='${bizdate}'")
    steps.save(page, "copy_orders", version=2)
    spec = json.loads(Node.objects.get(name="copy_orders").code)
    assert spec["columns"] == [
        {"source": "order_id"},
        {"source": "amount", "target": "order_amount"},
    ]
    assert (spec["mode"], spec["partition"]) == ("partition", "dt='${bizdate}'")
    screenshot("form")

    # a test run for a chosen business date: the rows read and written beside the status
    pane = steps.active_pane(page)
    business_date = pane.get_by_label("Business date")
    business_date.click()
    business_date.fill("2024-03-01")
    business_date.press("Enter")
    page.keyboard.press("Control+Enter")
    output = steps.finished_run(page)
    expect(output.get_by_test_id("sync-counts")).to_have_text("rows read 5, written 5, rejected 0")
    output.get_by_role("tab", name="Log").click()
    expect(output.get_by_test_id("run-log")).to_contain_text("created ods_orders_di")
    screenshot("test-run")

    path = project_folder(project.id) / target_file
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute(
            "SELECT order_id, order_amount, dt FROM ods_orders_di ORDER BY order_id"
        ).fetchall()
    assert [(i, float(a), dt) for i, a, dt in rows] == [
        (i, i * 10.5, "20240301") for i in range(1, 6)
    ]
