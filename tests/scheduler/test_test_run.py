"""A test run for a chosen business date gets that date's cycle time (and so its parameters)."""

import datetime as dt
import zoneinfo

from scheduler import services


def test_test_run_for_a_chosen_date_uses_its_cycle(project, owner, make_node, db):
    project.timezone = "Asia/Shanghai"
    project.save()
    node = make_node("probe", type="shell", code="echo $[yyyymmdd]", cron="30 2 * * *")
    chosen = services.node_test_run(node=node, actor=owner, bizdate=dt.date(2024, 3, 1))
    local = chosen.cyctime.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert (local.date(), local.hour, local.minute) == (dt.date(2024, 3, 2), 2, 30)
    assert chosen.bizdate == dt.date(2024, 3, 1)

    now = services.node_test_run(node=node, actor=owner)
    assert abs((now.cyctime - dt.datetime.now(dt.UTC)).total_seconds()) < 60
