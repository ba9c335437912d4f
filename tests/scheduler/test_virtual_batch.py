"""Virtual nodes released together run in batches on the worker, each exactly once."""

from projects import services as project_services
from scheduler import dispatch
from scheduler.execution import execute_virtual_batch
from scheduler.logs import read_log
from scheduler.models import Instance, InstanceEvent
from tests.scheduler.conftest import wait_for_status
from tests.scheduler.test_runs import _generate


def test_a_fan_out_of_virtual_nodes_runs_in_batches(worker, make_node):
    root = make_node("root")
    leaves = [make_node(f"leaf{i}", upstream=[root]) for i in range(120)]
    ids = _generate(root, *leaves)
    dispatch.release()
    wait_for_status(list(ids.values()), {"success"}, timeout=60)
    for instance_id in ids.values():
        assert (
            InstanceEvent.objects.filter(instance_id=instance_id, to_status="running").count() == 1
        )
    leaf = ids[leaves[7].id]
    assert "virtual node: nothing to run" in read_log(leaf)
    assert Instance.objects.get(pk=leaf).attempt == 1
    assert "run_virtual_instances" in worker.log()  # they did not go one message each


def test_a_redeployed_node_in_a_batch_runs_its_new_version(make_node, owner, project, db):
    a = make_node("a")
    b = make_node("b")
    ids = _generate(a, b)
    project_services.node_update(node=b, actor=owner, type="shell", code="echo now a shell")
    project_services.nodes_deploy(project=project, actor=owner, items=[(b, None)])
    dispatch.queue(list(ids.values()))
    execute_virtual_batch(list(ids.values()), worker="w")
    assert "virtual node" in read_log(ids[a.id])
    b_log = read_log(ids[b.id])
    assert "now a shell" in b_log and "virtual node" not in b_log
    assert set(Instance.objects.filter(id__in=ids.values()).values_list("status", flat=True)) == {
        "success"
    }
    # a second delivery of the same message claims nothing
    assert execute_virtual_batch(list(ids.values()), worker="w") == "not claimed"
