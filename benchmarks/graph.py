"""Graph endpoint of a 5,000-node / 10,000-edge project (p95 <= 300 ms); batch deploy of 1,000 nodes (<= 5 s)."""

import random
import tempfile
import time
from pathlib import Path

from benchmarks._report import line, percentile

TARGET_P95_MS = 300
TARGET_DEPLOY_S = 5


def _seed(n_nodes: int, n_edges: int):
    from django.contrib.auth import get_user_model

    from projects import services
    from projects.models import Dependency, Node, NodeVersion

    user = get_user_model().objects.create_user("bench", password="bench-pass")
    project = services.project_create(user=user, name="bench")
    workflow = services.workflow_create(project=project, actor=user, name="all")
    nodes = Node.objects.bulk_create(
        [
            Node(
                project=project, workflow=workflow, name=f"node_{i:05d}", type="virtual", owner=user
            )
            for i in range(n_nodes)
        ],
        batch_size=2000,
    )
    NodeVersion.objects.bulk_create(
        [NodeVersion(node=n, number=1, snapshot=n.snapshot(), author=user) for n in nodes],
        batch_size=2000,
    )
    rng = random.Random(7)
    pairs = set()
    while len(pairs) < n_edges:  # edges only go forward in the list: a DAG
        a, b = sorted(rng.sample(range(n_nodes), 2))
        pairs.add((a, b))
    Dependency.objects.bulk_create(
        [Dependency(project=project, upstream=nodes[a], downstream=nodes[b]) for a, b in pairs],
        batch_size=5000,
    )
    return user, project, nodes


def run(quick: bool) -> str:
    import httpx

    from projects import services
    from tests.stack import start_web
    from workbench.tokens import token_create

    n_nodes, n_edges, n_deploy = (500, 1_000, 100) if quick else (5_000, 10_000, 1_000)
    user, project, nodes = _seed(n_nodes, n_edges)
    print(f"seeded {n_nodes} nodes and {n_edges} edges", flush=True)

    # Deploy the first n_deploy nodes (upstreams come first, so every batch is self-contained).
    batch = [(n, None) for n in nodes[:n_deploy]]
    started = time.perf_counter()
    services.nodes_deploy(project=project, actor=user, items=batch, message="bench")
    deploy_s = time.perf_counter() - started
    print(
        line("graph_deploy", deploy_s, f"s for {n_deploy} nodes", "<=", TARGET_DEPLOY_S), flush=True
    )

    token_key = token_create(user=user, name="bench")[1]
    web, url = start_web(Path(tempfile.mkdtemp(prefix="bench-graph-")))
    try:
        client = httpx.Client(
            base_url=url, headers={"Authorization": f"Token {token_key}"}, timeout=30
        )
        graph_url = f"/api/v1/projects/{project.id}/graph/"
        body = client.get(graph_url).json()
        assert len(body["nodes"]) == n_nodes and len(body["edges"]) == n_edges, "incomplete graph"
        timings = []
        for _ in range(10 if quick else 40):
            started = time.perf_counter()
            response = client.get(graph_url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(
            f"graph: {len(response.content) / 1024:.0f} KiB, median {sorted(timings)[len(timings) // 2]:.0f} ms",
            flush=True,
        )
    finally:
        web.stop()
    return line("graph", percentile(timings, 95), "ms p95", "<=", TARGET_P95_MS)
