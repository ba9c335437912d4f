"""The demo pipeline carries two quality rules, and a run of it passes them on a real worker."""

import io

from projects.demo import create_demo
from projects.models import Node
from quality.demo import add_demo_rules
from quality.models import QualityRule, QualityRun
from scheduler import services as scheduler_services
from tests.scheduler.conftest import wait_for_status, yesterday


def test_demo_pipeline_runs_its_quality_rules(worker, user):
    # The worker shares this run's data folder, where the demo warehouse lives.
    project = create_demo(user, io.StringIO())
    assert add_demo_rules(user, io.StringIO()) == 2
    assert add_demo_rules(user, io.StringIO()) == 0  # idempotent
    assert QualityRule.objects.filter(project=project).count() == 2

    start = Node.objects.get(project=project, name="start")
    instances = scheduler_services.node_run_manual(
        node=start, bizdate=yesterday(), with_downstream=True, actor=user
    )
    final = wait_for_status([i.id for i in instances], {"success"}, timeout=90)
    assert set(final.values()) == {"success"}
    verdicts = dict(QualityRun.objects.values_list("rule__name", "verdict"))
    assert verdicts == {"dwd_orders has rows": "passed", "one row per customer and day": "passed"}
