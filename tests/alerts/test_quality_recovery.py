"""A quality rule that passes again resolves its incident, and a rule that notifies owners
emails the node's owner: a real worker, a real SMTP server and a real HTTP receiver."""

import datetime as dt

from alerts import services
from alerts.models import Delivery, Incident
from quality import services as quality
from quality.models import QualityRun
from tests.alerts.test_delivery import delivered
from tests.quality.conftest import load_orders
from tests.quality.conftest import warehouse as warehouse  # noqa: F401 (a fixture)
from tests.quality.test_rules_api import row_count_rule

DAY = dt.date(2026, 5, 1)


def _check(rule, project):
    run = QualityRun.objects.create(project=project, rule=rule, bizdate=DAY, strength=rule.strength)
    return quality.execute_run(run, cyctime_local=dt.datetime(2026, 5, 2))  # noqa: DTZ001


def test_the_rule_passing_again_resolves_and_the_owner_is_emailed(
    receiver,
    smtp,
    alert_worker,
    project,
    owner,
    make_node,
    warehouse,  # noqa: F811
):
    receiver.start()
    channel = services.channel_create(
        project=project, actor=owner, name="hook", kind="webhook", url=receiver.url
    )
    services.rule_create(
        project=project,
        actor=owner,
        name="dq",
        events=["quality_failed"],
        channels=[channel.id],
        notify_owner=True,
    )
    node = make_node("orders_load")
    assert node.owner_id == owner.id
    rule = quality.rule_create(
        project=project,
        actor=owner,
        nodes=[node.id],
        **{**row_count_rule(warehouse), "datasource": warehouse},
    )
    assert _check(rule, project).verdict == "failed"  # no orders yet
    assert _check(rule, project).verdict == "failed"
    incident = Incident.objects.get()
    assert incident.count == 2 and incident.node_id == node.id
    delivered(count=2)  # the webhook and the owner, once for the incident
    assert {d.recipient for d in Delivery.objects.all()} == {"", "owner@example.com"}
    [(recipients, message)] = smtp.messages
    assert recipients == ["owner@example.com"]
    assert "failed a quality rule" in message["Subject"]

    load_orders(warehouse, f"{DAY:%Y%m%d}", [(1, "c", 10)])
    assert _check(rule, project).verdict == "passed"
    incident.refresh_from_db()
    assert incident.status == "resolved" and "passed again" in incident.resolution
    delivered(count=4)
    recoveries = Delivery.objects.filter(event="incident_resolved")
    assert sorted(d.recipient for d in recoveries) == ["", "owner@example.com"]
    assert len(receiver.requests) == 2 and "recovered" in receiver.requests[1]["json"]["subject"]
    assert "recovered" in smtp.messages[1][1]["Subject"]
