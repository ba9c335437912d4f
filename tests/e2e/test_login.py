import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_login_through_the_spa_shows_the_navigation(page, user, screenshot):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Wrong username or password.")).to_be_visible()
    screenshot("login-error")

    page.get_by_label("Password").fill("pw-123456")
    page.get_by_role("button", name="Log in").click()
    nav = page.get_by_role("navigation", name="Main navigation")
    for item in ["Studio", "Designer", "Operations", "Quality", "Alerts", "Settings"]:
        expect(nav.get_by_text(item, exact=True)).to_be_visible()
    expect(page.get_by_text("alice")).to_be_visible()
    screenshot("workbench")

    nav.get_by_text("Operations", exact=True).click()
    expect(page).to_have_url(re.compile(r"/operations"))
