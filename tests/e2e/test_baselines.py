"""The Baselines tab and a baseline's page in a real browser, in English and in 简体中文.

On the demo project (a four-node pipeline, today's runs generated), alice creates a baseline on
the last node from the Baselines tab, opens it and sees its committed time, its prediction and
the graph above it with every run of the chain on the critical path; in Chinese, the same page.
"""

import datetime as dt
import io
import zoneinfo

import pytest
from playwright.sync_api import expect

from projects.demo import create_demo
from scheduler import generation
from scheduler.models import Instance
from tests.e2e import steps
from tests.e2e.test_settings import switch_to_chinese

pytestmark = pytest.mark.e2e


def test_a_baseline_is_created_and_its_critical_path_shown(user, page, screenshot):
    project = create_demo(user, io.StringIO())
    today = dt.datetime.now(zoneinfo.ZoneInfo(project.timezone)).date()
    generation.generate_day(today, project_ids=[project.id])
    runs = Instance.objects.filter(project=project, bizdate=today - dt.timedelta(days=1))
    assert runs.count() == 4

    steps.log_in(page, "/alerts/baselines")
    expect(page.get_by_text("No baseline yet.")).to_be_visible()
    page.get_by_role("button", name="New baseline").click()
    form = page.locator("form[aria-label='Baseline']")
    form.get_by_label("Name").fill("top customers: 23:59")
    form.get_by_label("Nodes").click()
    page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text="ads_top").click()
    form.get_by_label("Committed by").fill("25:00")
    page.get_by_role("button", name="Create baseline").click()
    expect(form.get_by_text("not a time")).to_be_visible()  # refused before sending
    form.get_by_label("Committed by").fill("23:59")
    page.get_by_role("button", name="Create baseline").click()
    # The server refuses the name (no ':'), its reason under the field, nothing lost.
    expect(form.get_by_text("use 1-200 letters")).to_be_visible()
    form.get_by_label("Name").fill("top customers")
    page.get_by_role("button", name="Create baseline").click()
    expect(
        page.locator(".ant-message").get_by_text("Baseline top customers created")
    ).to_be_visible()
    screenshot("list")

    page.get_by_role("link", name="top customers").click()
    expect(page.get_by_test_id("baseline-status")).to_have_text("On track")
    expect(page.get_by_test_id("baseline-slack")).to_contain_text("+")
    graph = page.get_by_test_id("baseline-graph")
    for run in runs:
        expect(graph.get_by_test_id(f"baseline-run-{run.id}")).to_have_attribute(
            "data-critical", "true"
        )
    expect(page.get_by_text("4 runs")).to_be_visible()
    screenshot("page")

    switch_to_chinese(page)
    expect(page.get_by_test_id("baseline-status")).to_have_text("正常")
    expect(page.get_by_text("关键路径", exact=True)).to_be_visible()
    screenshot("page-zh")
