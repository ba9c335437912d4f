"""The Settings pages in a real browser, in 简体中文, against the real web server.

A newcomer (a member of nothing, on an installation where everyone may create projects) switches
the UI to Chinese, creates a project from the project switcher, adds a DuckDB data source and
tests it (the driver's version shows), adds a colleague as a developer, and finds all three in
the audit log. A data source whose file lies outside the project's folder is refused on the
field, in the server's words.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from projects.models import AuditEntry, DataSource, Membership, Project
from tests.e2e import steps

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def everyone_creates_projects(monkeypatch, settings):
    """WORKBENCH_PROJECT_CREATORS=everyone, here and in the web server started after this."""
    monkeypatch.setenv("WORKBENCH_PROJECT_CREATORS", "everyone")
    settings.WORKBENCH_PROJECT_CREATORS = "everyone"


def open_drawer(page: Page):
    drawer = page.locator(".ant-drawer-open .ant-drawer-content")
    expect(drawer).to_be_visible()
    return drawer


def toast(page: Page, text: str):
    return page.locator(".ant-message").get_by_text(text)


def switch_to_chinese(page: Page):
    page.get_by_test_id("language-switch").click()
    page.locator(".ant-select-item-option").filter(has_text="简体中文").click()
    expect(page.get_by_test_id("main-nav")).to_contain_text("设置")


def test_a_newcomer_sets_up_a_project_in_chinese(page, user, make_user, screenshot):
    make_user("bob")
    steps.log_in(page, "/settings")
    switch_to_chinese(page)
    # No project yet: the project page says so and offers one.
    expect(page.get_by_text("你还不是任何项目的成员")).to_be_visible()
    screenshot("no-project")

    # --- a project, from the project switcher ---
    page.get_by_test_id("project-switcher").click()
    page.get_by_test_id("switcher-new-project").click()
    steps.expect_path(page, "/settings/new-project")
    form = page.get_by_test_id("new-project")
    form.get_by_label("名称").fill("销售数仓")
    form.get_by_label("描述").fill("每日销售报表")
    screenshot("new-project")
    form.get_by_role("button", name="创建项目").click()
    expect(toast(page, "已创建项目 销售数仓")).to_be_visible()
    steps.expect_path(page, "/settings/project")
    expect(page.get_by_test_id("project-card")).to_contain_text("项目 销售数仓")
    expect(page.get_by_test_id("project-switcher")).to_contain_text("销售数仓")
    project = Project.objects.get(name="销售数仓")
    assert Membership.objects.get(project=project, user=user).role == "owner"
    screenshot("project")

    # --- a data source: a path outside the project's folder is refused on the field ---
    tabs = page.get_by_test_id("settings-sections")
    tabs.get_by_text("数据源", exact=True).click()
    steps.expect_path(page, "/settings/datasources")
    page.get_by_role("button", name="新建数据源").click()
    drawer = open_drawer(page)
    drawer.get_by_label("名称").fill("warehouse")
    drawer.get_by_label("文件").fill("../outside.duckdb")
    drawer.get_by_role("button", name="创建数据源").click()
    expect(drawer.locator(".ant-form-item-explain-error")).to_contain_text("'..'")
    screenshot("datasource-refused")
    drawer.get_by_label("文件").fill("warehouse.duckdb")
    drawer.get_by_role("button", name="创建数据源").click()
    expect(toast(page, "已创建数据源 warehouse")).to_be_visible()
    table = page.get_by_test_id("datasources-table")
    expect(table).to_contain_text("warehouse.duckdb")

    table.get_by_role("button", name="测试连接").click()
    result = page.get_by_test_id("connection-result")
    expect(result).to_contain_text("warehouse 连接成功")
    expect(result).to_contain_text(re.compile(r"v\d+\.\d+"))  # DuckDB's version
    screenshot("datasource-tested")
    assert DataSource.objects.get(project=project, name="warehouse").config == {
        "path": "warehouse.duckdb"
    }

    # --- a member ---
    tabs.get_by_text("成员", exact=True).click()
    steps.expect_path(page, "/settings/members")
    members = page.get_by_test_id("members-table")
    expect(members).to_contain_text("alice")
    page.get_by_role("button", name="添加成员").click()
    drawer = open_drawer(page)
    drawer.get_by_label("用户名").fill("nobody-here")
    drawer.get_by_role("button", name="添加成员").click()
    expect(drawer.locator(".ant-form-item-explain-error")).to_contain_text("nobody-here")
    drawer.get_by_label("用户名").fill("bob")
    drawer.get_by_role("button", name="添加成员").click()
    expect(toast(page, "已添加 bob")).to_be_visible()
    expect(members).to_contain_text("bob")
    expect(members).to_contain_text("开发")
    assert Membership.objects.get(project=project, user__username="bob").role == "developer"
    screenshot("members")

    # --- the audit log has all three, with what changed ---
    tabs.get_by_text("审计日志", exact=True).click()
    audit = page.get_by_test_id("audit-table")
    expect(audit).to_contain_text("add_member")
    expect(audit).to_contain_text("warehouse")
    filters = page.get_by_test_id("audit-filters")
    filters.get_by_label("操作", exact=True).fill("add_member")
    # as a person would: take the suggestion, which closes the list over the button
    page.locator(".ant-select-item-option").filter(has_text="add_member").click()
    filters.get_by_role("button", name=re.compile("筛\\s*选")).click()
    expect(audit.locator("tbody tr.ant-table-row")).to_have_count(1)
    audit.locator(".ant-table-row-expand-icon").first.click()
    expect(page.locator("[data-testid^='audit-diff-']")).to_contain_text("bob")
    screenshot("audit")
    assert AuditEntry.objects.filter(project=project, action="add_member").count() == 1


def test_staff_manage_accounts_and_a_postgres_secret(page, make_user, screenshot):
    """A site administrator creates an account (a weak password is refused on the field),
    resets its password and deactivates it; then rotates a PostgreSQL data source's password,
    which is never shown."""
    from django.contrib.auth import get_user_model

    from projects import services
    from projects.crypto import decrypt_json

    staff = make_user("alice", is_staff=True)
    project = services.project_create(user=staff, name="warehouse")
    pg = services.datasource_create(
        project=project,
        actor=staff,
        name="dw",
        kind="postgres",
        config={"host": "db.example.com", "database": "dw", "user": "etl"},
        secret={"password": "first-secret"},
    )
    steps.log_in(page, "/settings/users")
    table = page.get_by_test_id("users-table")
    expect(table).to_contain_text("alice")

    page.get_by_role("button", name="New account").click()
    drawer = open_drawer(page)
    drawer.get_by_label("Username").fill("carol")
    drawer.get_by_label("Password").fill("short")
    drawer.get_by_role("button", name="Create account").click()
    expect(drawer.locator(".ant-form-item-explain-error")).to_contain_text("too short")
    drawer.get_by_label("Password").fill("a-long-pass-1")
    drawer.get_by_role("button", name="Create account").click()
    expect(toast(page, "Created the account carol.")).to_be_visible()
    row = table.locator("tr", has_text="carol")
    expect(row).to_contain_text("active")

    row.get_by_role("button", name="Reset password").click()
    modal = page.locator(".ant-modal")
    modal.get_by_label("New password").fill("another-pass-2")
    modal.get_by_role("button", name="Reset password").click()
    expect(toast(page, "Set a new password for carol.")).to_be_visible()
    assert get_user_model().objects.get(username="carol").check_password("another-pass-2")

    row.get_by_role("button", name="Deactivate").click()
    page.locator(".ant-popconfirm").get_by_role("button", name="Deactivate").click()
    expect(row).to_contain_text("deactivated")
    screenshot("users")
    assert not get_user_model().objects.get(username="carol").is_active

    page.get_by_test_id("settings-sections").get_by_text("Data sources", exact=True).click()
    sources = page.get_by_test_id("datasources-table")
    expect(sources).to_contain_text("db.example.com")
    sources.get_by_role("button", name="Rotate secret").click()
    modal = page.locator(".ant-modal", has_text="New secret for dw")
    modal.get_by_label("Password").fill("second-secret")
    screenshot("rotate-secret")
    modal.get_by_role("button", name="Rotate secret").click()
    expect(toast(page, "Replaced the secret of dw.")).to_be_visible()
    pg.refresh_from_db()
    assert decrypt_json(pg.secret_encrypted) == {"password": "second-secret"}
    expect(page.locator("body")).not_to_contain_text("second-secret")
