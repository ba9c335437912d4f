"""The project's parameter dialect (or the node's) is the one every run renders with, on real
workers: scheduled runs, backfills, test runs and quality rules."""

import datetime as dt
import zoneinfo

from projects import services as project_services
from quality import services as quality_services
from quality.models import QualityRun
from scheduler import backfills, dispatch, generation, services
from scheduler.logs import read_log
from scheduler.models import Instance
from tests.scheduler.conftest import wait_for_status, yesterday

# $[i+1] is no time format: left for bash, which evaluates it (i unset: 1).
DS_CODE = (
    'echo "last=$[month_last_day(yyyyMMdd)] biz=${system.biz.date} '
    'at=$[yyyy-MM-dd HH:mm:ss] prev=${prev} arith=$[i+1]"'
)


def _expected(instance: Instance) -> str:
    local = instance.cyctime.astimezone(zoneinfo.ZoneInfo(instance.project.timezone))
    first_next = (local.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = first_next - dt.timedelta(days=1)
    return (
        f"last={last:%Y%m%d} biz={local - dt.timedelta(days=1):%Y%m%d} "
        f"at={local:%Y-%m-%d %H:%M:%S} prev={local - dt.timedelta(days=1):%Y%m%d} arith=1"
    )


def _dolphin(project, owner):
    project_services.project_update(
        project=project, actor=owner, parameter_dialect="dolphinscheduler"
    )


def test_scheduled_runs_render_in_the_projects_dolphinscheduler_dialect(
    worker, project, owner, make_node
):
    _dolphin(project, owner)
    node = make_node(
        "ds_shell",
        type="shell",
        cron="30 7 * * *",
        code=DS_CODE,
        parameters={"prev": "$[yyyyMMdd-1]"},
    )
    generation.generate_day(yesterday(), node_ids=[node.id])
    instance = Instance.objects.select_related("project").get(node=node)
    dispatch.release()
    wait_for_status([instance.id], {"success"})
    instance.refresh_from_db()
    assert _expected(instance) in read_log(instance.id)
    assert instance.params == {"prev": _expected(instance).split("prev=")[1].split()[0]}


def test_a_node_may_keep_the_other_dialect(worker, project, owner, make_node):
    _dolphin(project, owner)
    node = make_node(
        "dw_shell",
        type="shell",
        code='echo "biz=$bizdate hour=$[hh24miss-1/24]"',
        parameter_dialect="dataworks",
    )
    generation.generate_day(yesterday(), node_ids=[node.id])
    instance = Instance.objects.get(node=node)
    dispatch.release()
    wait_for_status([instance.id], {"success"})
    assert f"biz={yesterday() - dt.timedelta(days=1):%Y%m%d} hour=230000" in read_log(instance.id)


def test_a_form_of_the_other_dialect_fails_the_run_naming_it(worker, project, owner, make_node):
    # DataWorks project: before, $[yyyy-MM-dd HH:mm:ss] came out as a wrong time without error.
    node = make_node("wrong_form", type="shell", code='echo "at=$[yyyy-MM-dd HH:mm:ss]"')
    generation.generate_day(yesterday(), node_ids=[node.id])
    instance = Instance.objects.get(node=node)
    dispatch.release()
    wait_for_status([instance.id], {"failed"})
    instance.refresh_from_db()
    assert "$[yyyy-MM-dd HH:mm:ss]" in instance.error
    assert "position 9" in instance.error and "DolphinScheduler" in instance.error


def test_backfills_and_test_runs_render_in_the_dialect(worker, project, owner, make_node):
    _dolphin(project, owner)
    node = make_node(
        "ds_backfill",
        type="shell",
        cron="30 7 * * *",
        code=DS_CODE,
        parameters={"prev": "$[yyyyMMdd-1]"},
    )
    day = dt.date(2024, 2, 10)
    backfill = backfills.create(
        project=project,
        actor=owner,
        spec=backfills.Spec(name="bf", root_nodes=[node.id], dates=[day]),
    )
    filled = Instance.objects.select_related("project").get(backfill=backfill)
    tested = services.node_test_run(node=node, actor=owner, bizdate=day)
    dispatch.release()
    wait_for_status([filled.id, tested.id], {"success"})
    assert "last=20240229 biz=20240210 at=2024-02-11 07:30:00" in read_log(filled.id)
    assert "last=20240229 biz=20240210" in read_log(tested.id)


def test_quality_rules_render_in_the_projects_dialect(worker, project, owner, warehouse, make_node):
    _dolphin(project, owner)
    load = make_node(
        "ds_load",
        type="sql",
        datasource=warehouse,
        cron="0 1 * * *",
        code="create table if not exists orders as select '${system.biz.date}' as dt, 1 as n;",
    )
    rule = quality_services.rule_create(
        project=project,
        actor=owner,
        name="rows of the day",
        datasource=warehouse,
        table="orders",
        partition_filter="dt = '${system.biz.date}'",
        kind="row_count",
        min_value=1,
        strength="strong",
        nodes=[load.id],
    )
    generation.generate_day(yesterday(), node_ids=[load.id])
    instance = Instance.objects.get(node=load)
    dispatch.release()
    wait_for_status([instance.id], {"success"})
    run = QualityRun.objects.get(rule=rule)
    assert run.verdict == "passed" and f"'{instance.bizdate:%Y%m%d}'" in run.sql
