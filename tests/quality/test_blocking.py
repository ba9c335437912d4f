"""After a bound node succeeds its rules run on the worker: strong failures block, weak ones do not."""

from quality import services
from quality.models import QualityRun
from scheduler import dispatch, generation
from scheduler.logs import read_log
from scheduler.models import Instance, InstanceEvent
from tests.scheduler.conftest import wait_for_status, yesterday


def pipeline(make_node, warehouse, name):
    load = make_node(
        f"{name}_load",
        type="sql",
        datasource=warehouse,
        cron="0 1 * * *",
        code="insert into orders values ('${bizdate}', 1, null, 5);",
    )
    report = make_node(f"{name}_report", upstream=[load], cron="0 1 * * *")
    return load, report


def bind(project, owner, warehouse, node, strength):
    return services.rule_create(
        project=project,
        actor=owner,
        name=f"{strength} customers filled",
        datasource=warehouse,
        table="orders",
        partition_filter="dt = '${bizdate}'",
        kind="null_ratio",
        column="customer",
        max_value=0,
        strength=strength,
        nodes=[node.id],
    )


def test_strong_rule_blocks_downstream_weak_rule_does_not(
    worker, project, owner, warehouse, make_node
):
    strong_load, strong_report = pipeline(make_node, warehouse, "strong")
    weak_load, weak_report = pipeline(make_node, warehouse, "weak")
    bind(project, owner, warehouse, strong_load, "strong")
    bind(project, owner, warehouse, weak_load, "weak")

    generation.generate_day(yesterday())
    by_node = {i.node_id: i.id for i in Instance.objects.all()}
    dispatch.release()
    wait_for_status([by_node[weak_report.id]], {"success"})
    final = wait_for_status([by_node[strong_load.id]], {"failed"})
    assert final

    failed = Instance.objects.get(pk=by_node[strong_load.id])
    assert failed.reason == "quality" and "strong customers filled" in failed.error
    assert Instance.objects.get(pk=by_node[strong_report.id]).status == "pending"
    moves = list(
        InstanceEvent.objects.filter(instance_id=failed.id)
        .order_by("id")
        .values_list("to_status", flat=True)
    )
    assert moves[-3:] == ["running", "checking", "failed"]
    assert "quality rule 'strong customers filled' (strong): failed" in read_log(failed.id)

    runs = {r.rule.strength: r for r in QualityRun.objects.select_related("rule")}
    assert runs["strong"].verdict == runs["weak"].verdict == "failed"
    assert runs["weak"].instance_id == by_node[weak_load.id]
    assert Instance.objects.get(pk=by_node[weak_load.id]).status == "success"
