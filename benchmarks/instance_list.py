"""The operations center's instance list over 1,000,000 instances: filtered and paged (p95 <= 100 ms)."""

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from benchmarks._report import line, median, percentile

TARGET_P95_MS = 100
N_NODES = 1000
STATUSES = (
    ["success"] * 90
    + ["failed"] * 4
    + ["killed", "skipped", "pending", "running"] * 1
    + [
        "upstream_failed",
        "frozen",
    ]
)

_SEED_SQL = """
INSERT INTO scheduler_instance (
    project_id, node_id, run_kind, run_key, cyctime, bizdate, status, attempt, max_attempts,
    priority, queue, dry_run, params, version_snapshot, timeout_seconds, worker, reason, error,
    result, created_at, updated_at, started_at, finished_at
)
SELECT
    %(project)s,
    (%(nodes)s::bigint[])[1 + g %% %(n_nodes)s],
    CASE WHEN g %% 10 = 0 THEN 'manual' ELSE 'scheduled' END,
    CASE WHEN g %% 10 = 0 THEN 'manual:' || g ELSE 'scheduled' END,
    %(start)s::timestamptz + ((g / %(n_nodes)s) || ' days')::interval,
    %(start)s::date + (g / %(n_nodes)s) - 1,
    (%(statuses)s::text[])[1 + (g::bigint * 7919) %% %(n_statuses)s],
    1, 1, 0, 'default', false, '{}', '{}', 0, '', 'generated', '', '{}',
    now(), now(),
    %(start)s::timestamptz + ((g / %(n_nodes)s) || ' days')::interval,
    %(start)s::timestamptz + ((g / %(n_nodes)s) || ' days')::interval + ((g %% 300) || ' seconds')::interval
FROM generate_series(%(lo)s, %(hi)s - 1) AS g
"""


def seed(n: int):
    from django.db import connection

    from benchmarks.generation import seed as seed_nodes

    user, project, nodes = seed_nodes(N_NODES, cron="0 1 * * *")
    owners = [user.id]
    from projects.models import Node

    Node.objects.filter(id__in=[n.id for n in nodes[::2]]).update(owner_id=owners[0])
    start = dt.datetime(2024, 1, 1, 1, tzinfo=dt.UTC)
    with connection.cursor() as cursor:
        for lo in range(0, n, 200_000):
            cursor.execute(
                _SEED_SQL,
                {
                    "project": project.id,
                    "nodes": [node.id for node in nodes],
                    "n_nodes": N_NODES,
                    "start": start,
                    "statuses": STATUSES,
                    "n_statuses": len(STATUSES),
                    "lo": lo,
                    "hi": min(n, lo + 200_000),
                },
            )
        cursor.execute("ANALYZE scheduler_instance")
    last_day = (start + dt.timedelta(days=(n - 1) // N_NODES)).date() - dt.timedelta(days=1)
    return user, project, nodes, last_day


def run(quick: bool) -> str:
    import logging

    import httpx
    from django.db import connection

    from tests.stack import start_web
    from workbench.tokens import token_create

    if connection.vendor != "postgresql":
        return "instance_list: needs PostgreSQL (set DATABASE_URL) MISSED"
    n = 50_000 if quick else 1_000_000
    began = time.perf_counter()
    user, project, nodes, last_day = seed(n)
    print(f"seeded {n} instances in {time.perf_counter() - began:.1f} s", flush=True)
    token_key = token_create(user=user, name="bench")[1]
    rng = random.Random(3)
    base = f"/api/v1/projects/{project.id}/instances/"

    def queries():
        day = last_day - dt.timedelta(days=rng.randrange(0, 30))
        node = rng.choice(nodes)
        return rng.choice(
            [
                {},
                {"bizdate": day.isoformat()},
                {"bizdate": day.isoformat(), "status": "failed"},
                {"status": "failed"},
                {"status": "running,pending"},
                {"node": node.id},
                {"node": node.id, "bizdate_from": (day - dt.timedelta(days=7)).isoformat()},
                {"workflow": node.workflow_id, "bizdate": day.isoformat()},
                {"owner": user.id, "bizdate": day.isoformat()},
                {"run_kind": "manual"},
                {
                    "bizdate_from": (day - dt.timedelta(days=3)).isoformat(),
                    "bizdate_to": day.isoformat(),
                },
                {"search": node.name},
                {"ordering": "-cyctime"},
                {"ordering": "status", "bizdate": day.isoformat()},
                {"ordering": "bizdate", "status": "failed"},
            ]
        )

    logging.getLogger("httpx").setLevel(logging.WARNING)
    web, url = start_web(Path(tempfile.mkdtemp(prefix="bench-list-")))
    latencies = []
    by_kind: dict[str, list[float]] = {}
    try:
        with httpx.Client(base_url=url, headers={"Authorization": f"Token {token_key}"}) as client:
            for _ in range(10):  # warm up
                client.get(base, params=queries())
            for _ in range(60 if quick else 300):
                params = queries()
                started = time.perf_counter()
                response = client.get(base, params=params)
                latencies.append((time.perf_counter() - started) * 1000)
                by_kind.setdefault("+".join(sorted(params)) or "all", []).append(latencies[-1])
                if response.status_code != 200:
                    raise RuntimeError(
                        f"{params}: HTTP {response.status_code} {response.text[:300]}"
                    )
                page = response.json()
                if page.get("next"):  # the next page, as a user paging on would ask
                    started = time.perf_counter()
                    response = client.get(page["next"])
                    latencies.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise RuntimeError(f"next page: HTTP {response.status_code}")
    finally:
        web.stop()
    for kind, values in sorted(by_kind.items(), key=lambda kv: -percentile(kv[1], 95))[:4]:
        print(f"  slowest filters: {kind}: p95 {percentile(values, 95):.1f} ms", flush=True)
    p95 = percentile(latencies, 95)
    print(
        f"{len(latencies)} requests over {n} instances: median {median(latencies):.1f} ms, "
        f"p95 {p95:.1f} ms, p99 {percentile(latencies, 99):.1f} ms",
        flush=True,
    )
    return line("instance_list", p95, "ms p95", "<=", TARGET_P95_MS)
