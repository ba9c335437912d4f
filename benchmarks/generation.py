"""Daily instances and edges for 100,000 deployed nodes (target <= 10 s)."""

import datetime as dt
import random
import time

from benchmarks._report import line

TARGET_S = 10


def seed(n_nodes: int, *, cron: str = "0 1 * * *"):
    from django.contrib.auth import get_user_model

    from projects import services
    from projects.models import Node, NodeVersion

    user = get_user_model().objects.create_user(f"bench-{random.random()}", password="x")
    project = services.project_create(
        user=user, name=f"bench-{random.randint(0, 10**9)}", timezone="Asia/Shanghai"
    )
    # The benchmark's project has the resource group to itself (a dedicated group).
    project.group_slots = {"default": 1_000_000}
    project.save()
    workflow = services.workflow_create(project=project, actor=user, name="all")
    nodes = Node.objects.bulk_create(
        [
            Node(project=project, workflow=workflow, name=f"n{i:06d}", type="virtual", cron=cron)
            for i in range(n_nodes)
        ],
        batch_size=5000,
    )
    versions = NodeVersion.objects.bulk_create(
        [NodeVersion(node=n, number=1, snapshot=n.snapshot()) for n in nodes], batch_size=5000
    )
    for node, version in zip(nodes, versions, strict=True):
        node.deployed_version = version
    Node.objects.bulk_update(nodes, ["deployed_version"], batch_size=5000)
    return user, project, nodes


def run(quick: bool) -> str:
    from django.db.models import F

    from projects.models import Dependency
    from scheduler import generation
    from scheduler.models import Instance, InstanceDependency

    n = 2_000 if quick else 100_000
    started = time.perf_counter()
    _, project, nodes = seed(n)
    rng = random.Random(1)
    # about one upstream per node, always earlier in the list: a DAG like a real warehouse
    Dependency.objects.bulk_create(
        [
            Dependency(project=project, upstream=nodes[rng.randrange(i)], downstream=nodes[i])
            for i in range(1, n)
        ],
        batch_size=5000,
    )
    print(f"seeded {n} deployed nodes in {time.perf_counter() - started:.1f} s", flush=True)
    day = dt.date(2024, 7, 2)
    started = time.perf_counter()
    counts = generation.generate_day(day)
    elapsed = time.perf_counter() - started
    assert Instance.objects.count() == n and InstanceDependency.objects.count() == n - 1, counts
    # each edge joins the instances of a dependency's two nodes
    linked = InstanceDependency.objects.filter(
        upstream__node__downstream_edges__downstream=F("downstream__node")
    )
    assert linked.count() == n - 1
    again = time.perf_counter()
    generation.generate_day(day)  # idempotent: a second run adds nothing
    assert Instance.objects.count() == n and InstanceDependency.objects.count() == n - 1
    print(
        f"generated {n} instances and {n - 1} edges in {elapsed:.2f} s; "
        f"second run {time.perf_counter() - again:.2f} s",
        flush=True,
    )
    return line("generation", elapsed, f"s for {n} nodes", "<=", TARGET_S)
