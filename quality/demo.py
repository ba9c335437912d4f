"""Quality rules on the demo pipeline, so a new user sees rules run with the nightly runs."""

from projects.demo import DEMO_PROJECT
from projects.models import Node, Project
from quality import services
from quality.models import QualityRule


def add_demo_rules(admin_user, stdout) -> int:
    project = Project.objects.for_user(admin_user).filter(name=DEMO_PROJECT).first()
    if project is None or QualityRule.objects.filter(project=project).exists():
        return 0
    nodes = {n.name: n for n in Node.objects.filter(project=project)}
    if "dwd_orders" not in nodes or "dws_customer_1d" not in nodes:
        return 0
    warehouse = nodes["dwd_orders"].datasource
    services.rule_create(
        project=project,
        actor=admin_user,
        name="dwd_orders has rows",
        datasource=warehouse,
        table="dwd_orders",
        partition_filter="bizdate = '${bizdate}'",
        kind="row_count",
        min_value=1,
        strength="strong",
        nodes=[nodes["dwd_orders"].id],
    )
    services.rule_create(
        project=project,
        actor=admin_user,
        name="one row per customer and day",
        datasource=warehouse,
        table="dws_customer_1d",
        partition_filter="bizdate = '${bizdate}'",
        kind="uniqueness",
        columns=["bizdate", "customer_id"],
        strength="weak",
        nodes=[nodes["dws_customer_1d"].id],
    )
    stdout.write("Added two quality rules to the demo pipeline.")
    return 2
