"""The operations center in a real browser against the real web server, worker and scheduler.

A project with a small deployed pipeline (extract -> transform -> publish) is run by hand for
yesterday's business date; transform fails because a table is missing. The operator finds it
in the instance list, reads its log, creates the table, reruns it and watches it succeed live.
"""

import datetime as dt
import re
import uuid

import pytest
from django.db import transaction
from playwright.sync_api import expect

from projects import services as project_services
from projects.drivers import connect
from scheduler import generation
from scheduler.models import GenerationMark, Instance
from scheduler.services import node_run_manual
from tests.e2e import steps
from tests.scheduler.conftest import wait_for_status

pytestmark = pytest.mark.e2e


@pytest.fixture
def pipeline(user, worker, scheduler_proc):
    """alice's project "ops": extract -> transform -> publish, run once; transform failed."""
    project = project_services.project_create(user=user, name="ops", timezone="UTC")
    warehouse = project_services.datasource_create(
        project=project,
        actor=user,
        name="wh",
        kind="duckdb",
        config={"path": f"ops-{uuid.uuid4().hex}.duckdb"},
    )
    workflow = project_services.workflow_create(project=project, actor=user, name="daily")

    def node(name, code, upstream=None, type="sql"):
        made = project_services.node_create(
            project=project,
            actor=user,
            name=name,
            type=type,
            workflow=workflow,
            code=code,
            datasource=warehouse if type == "sql" else None,
            cron="0 1 * * *",
            owner=user,
            instance_generation="next_day",
        )
        if upstream is not None:
            project_services.dependency_add(downstream=made, upstream=upstream, actor=user)
        return made

    extract = node("extract", "create or replace table ext as select 1 as x;")
    transform = node("transform", "select count(*) from fixme;", upstream=extract)
    publish = node("publish", "", upstream=transform, type="virtual")
    project_services.nodes_deploy(
        project=project, actor=user, items=[(n, None) for n in (extract, transform, publish)]
    )
    # Tomorrow's cycle: scheduled instances of today's business date, all still to come. Today's
    # and tomorrow's generation are marked done, so the scheduler adds nothing while the test runs.
    today = dt.datetime.now(dt.UTC).date()
    generation.generate_day(today + dt.timedelta(days=1), project_ids=[project.id])
    for day in (today, today + dt.timedelta(days=1)):
        GenerationMark.objects.get_or_create(project=project, day=day)

    bizdate = today - dt.timedelta(days=1)
    runs = {
        i.node.name: i
        for i in node_run_manual(node=extract, bizdate=bizdate, with_downstream=True, actor=user)
    }
    wait_for_status([runs["extract"].id], {"success"})
    wait_for_status([runs["transform"].id], {"failed"})
    return {
        "project": project,
        "warehouse": warehouse,
        "bizdate": bizdate,
        "runs": runs,
        "nodes": {"extract": extract, "transform": transform, "publish": publish},
    }


def choose(page, label, option):
    """Pick an option of the antd Select labelled `label` (once any other dropdown has closed)."""
    expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)
    page.get_by_role("combobox", name=label, exact=True).click()
    page.locator(
        ".ant-select-dropdown:visible .ant-select-item-option", has_text=option
    ).first.click()


def test_find_a_failed_instance_read_its_log_rerun_it_and_watch_it_succeed(
    page, pipeline, screenshot
):
    runs = pipeline["runs"]
    failed_id = runs["transform"].id
    steps.log_in(page)

    page.goto("/operations/instances")
    table = page.get_by_test_id("instances-table")
    # three manual runs and the three scheduled instances of tomorrow's cycle
    expect(table.locator(f"tr[data-row-key='{failed_id}']")).to_contain_text("Failed")
    expect(table.locator("tbody tr.ant-table-row")).to_have_count(6)
    expect(page.get_by_test_id("live-status")).to_have_attribute("data-live", "open")

    choose(page, "Status", "Failed")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"status=failed"))
    # manual runs are cycle instances (the default tab); test runs have a tab of their own
    rows = table.locator("tbody tr.ant-table-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("transform")
    expect(rows.first).to_contain_text("Failed")
    screenshot("instances-filtered")

    # the filters live in the address: a reload keeps them
    page.reload()
    expect(page.get_by_test_id("instances-table").locator("tbody tr.ant-table-row")).to_have_count(
        1
    )

    rows.first.get_by_role("link", name="transform").click()
    expect(page).to_have_url(re.compile(rf"/operations/instances/{failed_id}"))
    expect(page.get_by_test_id("instance-status")).to_contain_text("Failed")
    log = page.get_by_test_id("instance-log")
    expect(log).to_contain_text("fixme")
    expect(log).to_contain_text("FAILED")
    download = page.get_by_role("link", name="Download")
    expect(download).to_have_attribute("href", re.compile(r"log/\?attempt=1&download=1"))
    screenshot("failed-instance-log")

    # fix the cause, then rerun from the page; the status changes live, no reload
    with connect(pipeline["warehouse"]) as conn:
        conn.execute("create table fixme as select 42 as answer")
    page.evaluate("window.__sameDocument = true")
    page.get_by_test_id("instance-actions").get_by_role("button", name="Rerun", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Run this instance again?")
    dialog.get_by_role("button", name="Rerun").click()
    expect(page.get_by_test_id("action-result")).to_contain_text("Rerun started")
    expect(page.get_by_test_id("instance-status")).to_contain_text("Succeeded", timeout=60_000)
    assert page.evaluate("window.__sameDocument") is True
    expect(page.get_by_test_id("instance-log")).to_contain_text("attempt 2", timeout=15_000)
    expect(page.get_by_test_id("instance-log")).to_contain_text("succeeded")
    screenshot("rerun-succeeded")

    # the attempts, and the downstream released by the success
    page.get_by_role("tab", name="Attempts").click()
    attempts = page.get_by_test_id("attempts-table")
    expect(attempts.locator("tbody tr.ant-table-row")).to_have_count(2)
    wait_for_status([runs["publish"].id], {"success"})

    page.get_by_role("tab", name="Graph").click()
    graph = page.get_by_test_id("instance-graph")
    expect(graph.get_by_test_id(f"graph-node-{runs['publish'].id}")).to_have_attribute(
        "data-status", "success", timeout=15_000
    )
    expect(graph.get_by_test_id(f"graph-node-{runs['extract'].id}")).to_have_attribute(
        "data-status", "success"
    )
    screenshot("instance-graph")
    graph.get_by_test_id(f"graph-node-{runs['extract'].id}").click()
    expect(page).to_have_url(re.compile(rf"/operations/instances/{runs['extract'].id}"))
    expect(page.get_by_test_id("instance-title")).to_contain_text("extract")

    # from an instance to a backfill of its node, the node and date filled in
    page.get_by_role("link", name="Backfill this node…").click()
    expect(page).to_have_url(re.compile(r"/operations/backfills/new\?node=\d+&bizdate="))
    expect(page.get_by_test_id("backfill-form")).to_contain_text("extract")


def test_instance_list_follows_status_changes_live(page, pipeline, user, screenshot):
    runs = pipeline["runs"]
    steps.log_in(page)
    page.goto(f"/operations/instances?run_kind=manual&bizdate={pipeline['bizdate']}")
    table = page.get_by_test_id("instances-table")
    row = table.locator(f"tr[data-row-key='{runs['transform'].id}']")
    expect(row).to_contain_text("Failed")
    expect(page.get_by_test_id("live-status")).to_have_attribute("data-live", "open")

    # an operator elsewhere reruns the failed one after fixing its cause
    from scheduler.services import instance_rerun

    page.evaluate("window.__sameDocument = true")
    with connect(pipeline["warehouse"]) as conn:
        conn.execute("create table fixme as select 1 as answer")
    instance_rerun(instance=Instance.objects.get(pk=runs["transform"].id), actor=user)
    expect(row).to_contain_text("Succeeded", timeout=60_000)
    expect(table.locator(f"tr[data-row-key='{runs['publish'].id}']")).to_contain_text(
        "Succeeded", timeout=30_000
    )
    assert page.evaluate("window.__sameDocument") is True

    # bulk: freezing two finished instances is refused before anything is sent
    table.locator(f"tr[data-row-key='{runs['extract'].id}'] .ant-checkbox-input").check()
    table.locator(f"tr[data-row-key='{runs['publish'].id}'] .ant-checkbox-input").check()
    bulk = page.get_by_test_id("bulk-actions")
    expect(bulk).to_contain_text("2 selected")
    bulk.get_by_role("button", name="Freeze", exact=True).click()
    expect(page.get_by_text("None of the selected instances can be frozen")).to_be_visible()
    screenshot("instances-live")


def test_gantt_and_dashboard_render_the_day(page, pipeline, screenshot):
    bizdate = pipeline["bizdate"].isoformat()
    steps.log_in(page)

    page.goto(f"/operations/gantt?bizdate={bizdate}")
    chart = page.get_by_test_id("gantt-chart")
    expect(chart.get_by_test_id("gantt-row")).to_have_count(3)
    expect(chart.locator("[data-testid=gantt-row][data-status=failed]")).to_have_count(1)
    expect(chart.locator("[data-testid=gantt-row][data-status=success]")).to_have_count(1)
    expect(chart).to_contain_text("transform")
    expect(page.get_by_test_id("critical-path")).to_contain_text("extract → transform")
    # hovering a bar says what it waited for
    bar = chart.locator("[data-testid=gantt-row][data-status=failed] rect[rx]")
    bar.hover()
    expect(page.get_by_test_id("gantt-tooltip")).to_contain_text("transform")
    screenshot("gantt")

    page.goto("/operations/dashboard")
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"Business date {bizdate}")
    counts = page.get_by_test_id("status-counts")
    expect(counts).to_contain_text("Instances")
    expect(page.get_by_test_id("count-success")).to_contain_text("1")
    expect(page.get_by_test_id("count-failed")).to_contain_text("1")
    attention = page.get_by_test_id("attention")
    expect(attention).to_contain_text("transform")
    expect(page.get_by_test_id("success-rate-chart").locator("svg").first).to_be_visible()
    expect(page.get_by_test_id("duration-chart").locator("svg").first).to_be_visible()
    screenshot("dashboard")

    # a status tile opens the list filtered to it
    page.get_by_test_id("count-failed").click()
    expect(page).to_have_url(re.compile(rf"/operations/instances\?bizdate={bizdate}&status="))
    expect(page.get_by_test_id("instances-table").locator("tbody tr.ant-table-row")).to_have_count(
        1
    )


def test_backfill_wizard_preview_progress_and_rerun_of_a_failed_date(page, pipeline, screenshot):
    steps.log_in(page)
    page.goto("/operations/backfills")
    expect(page.get_by_test_id("backfills-table")).to_contain_text("No backfills yet")
    page.get_by_role("button", name="New backfill").click()
    expect(page).to_have_url(re.compile(r"/operations/backfills/new"))

    # step 1: the root and all of its downstream
    choose(page, "Root nodes", "extract")
    page.keyboard.press("Escape")
    page.get_by_text("All downstream (2)").click()
    page.get_by_role("button", name="Next").click()

    # step 2: three business dates, oldest first, one at a time
    page.get_by_placeholder("Start date").click()
    page.get_by_placeholder("Start date").fill("2024-01-01")
    page.keyboard.press("Enter")
    page.get_by_placeholder("End date").fill("2024-01-03")
    page.keyboard.press("Enter")
    page.get_by_label("Backfill name").fill("January")
    page.get_by_role("button", name="Preview").click()

    preview = page.get_by_test_id("backfill-preview")
    expect(page.get_by_test_id("preview-instance-count")).to_have_text("9")
    for name in ("extract", "transform", "publish"):
        expect(preview.get_by_test_id("preview-nodes")).to_contain_text(name)
    for day in ("2024-01-01", "2024-01-02", "2024-01-03"):
        expect(preview).to_contain_text(day)
    screenshot("backfill-preview")

    page.get_by_role("button", name="Start backfill").click()
    expect(page).to_have_url(re.compile(r"/operations/backfills/\d+$"))
    backfill_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    # transform fails on the first date; the failure ends the backfill instead of stalling it
    expect(page.get_by_test_id("backfill-status")).to_contain_text("Failed", timeout=60_000)
    dates = page.get_by_test_id("backfill-dates")
    expect(dates.locator("tbody tr.ant-table-row")).to_have_count(3)
    expect(dates).to_contain_text("Failed")
    screenshot("backfill-failed")

    # fix the cause and rerun the failed instance with its downstream from the backfill's page
    with connect(pipeline["warehouse"]) as conn:
        conn.execute("create table fixme as select 1 as answer")
    page.evaluate("window.__sameDocument = true")
    failed = (
        page.get_by_test_id("instances-table")
        .locator("tr.ant-table-row", has_text="transform")
        .filter(has_text="Failed")
        .first
    )
    expect(failed).to_contain_text("2024-01-01")
    failed.get_by_role("button", name="Rerun with downstream").click()
    page.get_by_role("dialog").get_by_role("button", name="Rerun with downstream").click()
    expect(page.get_by_test_id("backfill-status")).to_contain_text("Succeeded", timeout=90_000)
    expect(page.get_by_test_id("backfill-progress")).to_have_attribute("aria-valuenow", "100")
    assert page.evaluate("window.__sameDocument") is True
    assert set(
        Instance.objects.filter(backfill_id=backfill_id).values_list("status", flat=True)
    ) == {"success"}
    screenshot("backfill-succeeded")

    page.get_by_role("link", name="Backfills", exact=True).first.click()
    row = page.get_by_test_id("backfills-table").locator("tr.ant-table-row", has_text="January")
    expect(row).to_contain_text("Succeeded")
    expect(row).to_contain_text("2024-01-01 … 2024-01-03 (3 dates)")


def test_pause_resume_and_cancel_a_backfill(page, pipeline, user, screenshot):
    from scheduler import backfills

    project = pipeline["project"]
    slow = project_services.node_create(
        project=project,
        actor=user,
        name="slow",
        type="python",
        workflow=pipeline["nodes"]["extract"].workflow,
        code="import time\ntime.sleep(4)\nprint('done')\n",
        cron="0 2 * * *",
        instance_generation="next_day",
    )
    project_services.nodes_deploy(project=project, actor=user, items=[(slow, None)])
    with transaction.atomic():
        backfill = backfills.create(
            project=project,
            actor=user,
            spec=backfills.Spec(
                name="slow days",
                root_nodes=[slow.id],
                start_date=dt.date(2024, 2, 1),
                end_date=dt.date(2024, 2, 10),
            ),
        )
        backfills.pause(backfill=backfill, actor=user)

    steps.log_in(page)
    page.goto(f"/operations/backfills/{backfill.id}")
    status = page.get_by_test_id("backfill-status")
    expect(status).to_contain_text("Paused")
    expect(page.get_by_role("button", name="Pause")).to_be_disabled()
    expect(page.get_by_test_id("backfill-dates").locator("tbody tr.ant-table-row")).to_have_count(
        10
    )

    page.get_by_role("button", name="Resume").click()
    page.get_by_role("dialog").get_by_role("button", name="Resume").click()
    expect(status).to_contain_text("Running")
    expect(page.get_by_test_id("backfill-finish")).not_to_have_text("paused")
    # the first date starts running live
    expect(page.get_by_test_id("backfill-dates")).to_contain_text("Running", timeout=30_000)
    screenshot("backfill-running")

    page.get_by_role("button", name="Cancel").click()
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    expect(status).to_contain_text("Cancelled")
    expect(page.get_by_role("button", name="Resume")).to_be_disabled()
    # the running attempt is killed and the waiting dates are cancelled, at once
    final = wait_for_status(
        list(Instance.objects.filter(backfill=backfill).values_list("id", flat=True)),
        {"killed", "success"},
        timeout=30,
    )
    assert list(final.values()).count("killed") >= 8
    dates = page.get_by_test_id("backfill-dates")
    stopped = Instance.objects.filter(backfill=backfill, status="killed")
    stopped_dates = set(stopped.values_list("bizdate", flat=True))
    assert len(stopped_dates) >= 8
    expect(dates.locator('[data-status="cancelled"]')).to_have_count(len(stopped_dates))
    expect(dates.locator('[data-status="failed"]')).to_have_count(0)
    screenshot("backfill-cancelled")


def test_backfill_of_chosen_dates_and_downstream_previews_exactly_those(page, pipeline):
    steps.log_in(page)
    page.goto("/operations/backfills/new")
    choose(page, "Root nodes", "extract")
    page.keyboard.press("Escape")
    page.get_by_text("Chosen ones").click()
    choose(page, "Downstream nodes to include", "transform")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Next").click()

    page.get_by_text("A list of dates").click()
    page.locator(".ant-picker-multiple").click()
    month = dt.date.today().replace(day=1)
    for day in (month, month + dt.timedelta(days=2)):
        page.locator(f".ant-picker-dropdown:visible td[title='{day.isoformat()}']").click()
    page.get_by_role("heading", name="New backfill").click()
    expect(page.locator(".ant-picker-dropdown:visible")).to_have_count(0)
    page.get_by_text("Newest first").click()
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_test_id("preview-instance-count")).to_have_text("4")
    nodes = page.get_by_test_id("preview-nodes")
    expect(nodes).to_contain_text("transform")
    expect(nodes).not_to_contain_text("publish")
    preview = page.get_by_test_id("backfill-preview")
    expect(preview).to_contain_text("Newest first")
    expect(preview).to_contain_text(month.isoformat())
    expect(preview).to_contain_text((month + dt.timedelta(days=2)).isoformat())
