"""The Data Map in a real browser against the real web server and worker.

On the demo project (a DuckDB warehouse with ods_orders; deployed nodes that write dwd_orders from
it and dws_customer_1d from that), alice asks the workers to read the warehouse, searches a column,
opens the table it belongs to, previews its first rows, follows its lineage downstream and, from
the node that reads it, sees the Studio complete its columns.
"""

import io
import re

import pytest
from playwright.sync_api import expect

from projects.demo import create_demo
from tests.e2e import steps

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(user):
    return create_demo(user, io.StringIO())


def test_search_a_column_open_the_table_preview_and_lineage(demo, worker, page, screenshot):
    steps.log_in(page)
    steps.go_to(page, "Data Map")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Map")

    page.get_by_test_id("catalog-refresh-all").click()
    source = page.get_by_test_id("catalog-source-warehouse")
    expect(source).to_contain_text("1 table", timeout=60_000)

    search = page.get_by_role("searchbox", name="Search tables and columns by name or comment")
    search.fill("customer")
    search.press("Enter")
    steps.expect_path(page, "/datamap")
    result = page.get_by_test_id("catalog-table-ods_orders")
    expect(result).to_be_visible()
    expect(page.get_by_label("Matching columns")).to_contain_text("customer_id")
    screenshot("search")

    result.click()
    expect(page.get_by_test_id("catalog-table-title")).to_have_text("ods_orders")
    columns = page.get_by_test_id("catalog-columns")
    for name in ("order_id", "customer_id", "order_date", "amount"):
        expect(columns).to_contain_text(name)

    page.get_by_role("tab", name="Preview").click()
    page.get_by_test_id("catalog-preview").click()
    rows = page.get_by_test_id("catalog-preview-rows")
    expect(rows.locator("tbody tr.ant-table-row")).to_have_count(20, timeout=30_000)
    expect(rows.locator("thead")).to_contain_text("customer_id")

    page.get_by_role("tab", name="Lineage").click()
    graph = page.get_by_test_id("lineage-graph")
    expect(graph.get_by_test_id("lineage-table-ods_orders")).to_be_visible()
    expect(graph.get_by_test_id("lineage-table-dwd_orders")).to_be_visible()
    expect(graph.get_by_test_id("lineage-table-dws_customer_1d")).to_be_visible()
    screenshot("lineage")

    page.get_by_role("tab", name="Nodes and rules").click()
    expect(page.get_by_test_id("table-readers")).to_contain_text("dwd_orders")

    # the Studio completes the columns the catalogue read, after the table's name
    page.get_by_test_id("table-readers").get_by_text("dwd_orders").click()
    expect(page).to_have_url(re.compile(r"/studio/nodes/\d+$"))
    steps.replace_code(page, "dwd_orders", "SELECT ")
    page.keyboard.type("ods_orders.cust")
    completion = page.locator(".cm-tooltip-autocomplete")
    expect(completion).to_contain_text("customer_id")
    screenshot("completion")
