"""The ad-hoc query page in a real browser, with a real worker: SQL with a scheduling parameter
run on the DuckDB warehouse, its rows paged, downloaded as CSV, and kept in the history."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scheduler.models import AdhocQuery
from tests.e2e import steps

pytestmark = [pytest.mark.e2e, pytest.mark.stack]


@pytest.fixture
def query_project(user):
    return steps.warehouse_project(user, "query-e2e")


def test_run_a_query_page_through_it_and_download_csv(page, query_project, worker, screenshot):
    steps.log_in(page, "/query")
    expect(page.get_by_role("heading", name="Ad-hoc query")).to_be_visible()
    page.get_by_label("SQL to run").click()
    page.keyboard.insert_text(
        "select i as n, '${bizdate}' as ds from range(1, 76) t(i) order by n;\n"
        "select count(*) as orders from ods_orders"
    )
    business_date = page.get_by_label("Business date")
    business_date.click()
    business_date.fill("2024-03-01")
    business_date.press("Enter")
    page.get_by_role("button", name="Run").click()

    result = page.get_by_test_id("query-result")
    expect(result.get_by_test_id("query-status")).to_have_text("Succeeded", timeout=60_000)
    expect(result.get_by_role("tab", name="Statement 1 (75)")).to_be_visible()
    grid = result.get_by_test_id("query-rows").first
    expect(grid).to_contain_text("20240301")
    expect(grid).to_contain_text("75 rows")
    grid.locator(".ant-pagination").get_by_title("2").click()
    expect(grid.get_by_role("cell", name="51", exact=True)).to_be_visible()
    screenshot("1-result")

    with page.expect_download() as caught:
        result.get_by_test_id("download-csv").first.click()
    download = caught.value
    assert download.suggested_filename.endswith("-statement-1.csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["n", "ds"] and rows[1] == ["1", "20240301"] and len(rows) == 76

    result.get_by_role("tab", name="Statement 2 (1)").click()
    expect(result.get_by_test_id("query-rows").last).to_contain_text("5")

    history = page.get_by_test_id("query-history")
    expect(history).to_contain_text("select i as n")
    assert AdhocQuery.objects.get().member.username == steps.USERNAME
    screenshot("2-history")
