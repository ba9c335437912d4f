"""When the network goes away: the app says so instead of waiting silently, and recovers.

The offline path: the instance list is open, the browser goes offline; a banner says so, the
live indicator turns red, and both clear when the network is back. The chunk path: the code of
a page cannot be downloaded; a plain message with a reload button is shown instead of a stack
trace, and the page loads by itself once the network returns.
"""

import re

import pytest
from playwright.sync_api import expect

from projects import services as project_services
from tests.e2e import steps

pytestmark = pytest.mark.e2e


@pytest.fixture
def ops_project(user):
    return project_services.project_create(user=user, name="ops", timezone="Asia/Shanghai")


def test_offline_shows_a_banner_and_a_red_live_indicator_then_recovers(
    page, ops_project, screenshot
):
    steps.log_in(page, "/operations/instances")
    expect(page.get_by_test_id("instances-table")).to_be_visible()
    live = page.get_by_test_id("live-status")
    expect(live).to_have_attribute("data-live", "open")
    expect(page.get_by_test_id("network-banner")).to_have_count(0)

    page.context.set_offline(True)
    banner = page.get_by_test_id("network-banner")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("data-state", "offline")
    expect(banner).to_contain_text("You are offline")
    expect(live).to_have_attribute("data-live", "offline")
    expect(live).to_contain_text("Offline")
    screenshot("offline")

    page.context.set_offline(False)
    expect(banner).to_have_count(0)
    expect(live).to_have_attribute("data-live", re.compile("open|connecting|reconnecting"))
    expect(page.get_by_test_id("instances-table")).to_be_visible()


def test_a_page_whose_code_cannot_be_downloaded_says_so_and_loads_when_back_online(
    page, ops_project, screenshot
):
    steps.log_in(page, "/studio")

    def refuse(route):
        route.abort("internetdisconnected")

    page.route(re.compile(r"/assets/OperationsPage-[^/]*\.js$"), refuse)
    steps.go_to(page, "Operations")
    failed = page.get_by_test_id("chunk-error")
    expect(failed).to_be_visible()
    expect(failed).to_contain_text("This page could not be loaded")
    expect(failed.get_by_role("button", name="Reload the page")).to_be_visible()
    # the frame around the page stays: the user can go elsewhere
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    screenshot("chunk-error")

    # the network comes back: the page loads by itself
    page.unroute(re.compile(r"/assets/OperationsPage-[^/]*\.js$"), refuse)
    page.context.set_offline(True)
    page.context.set_offline(False)
    expect(page.get_by_test_id("instances-table")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("chunk-error")).to_have_count(0)
