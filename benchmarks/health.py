"""Latency of /healthz and GET /api/v1/me under 50 concurrent clients (target p99 <= 50 ms)."""

import tempfile
from pathlib import Path

from benchmarks._load import load
from benchmarks._report import line, median, percentile

TARGET_P99_MS = 50


def run(quick: bool) -> str:
    from django.contrib.auth import get_user_model

    from tests.stack import start_scheduler, start_web, start_worker, wait_until
    from workbench.tokens import token_create

    seconds = 2 if quick else 10
    clients = 50
    user = get_user_model().objects.create_user("bench", password="bench-pass")
    token_key = token_create(user=user, name="bench")[1]
    logs = Path(tempfile.mkdtemp(prefix="bench-health-"))
    web, url = start_web(logs)
    worker = start_worker(logs, concurrency=1)
    scheduler = start_scheduler(logs)
    try:
        import httpx

        wait_until(
            lambda: httpx.get(f"{url}/healthz").status_code == 200, timeout=30, message="healthy"
        )
        load(f"{url}/healthz", clients=5, seconds=1)  # warm up connections and caches
        worst = 0.0
        for path, headers in [
            ("/healthz", {}),
            ("/api/v1/me", {"Authorization": f"Token {token_key}"}),
        ]:
            latencies, errors = load(
                f"{url}{path}", clients=clients, seconds=seconds, headers=headers
            )
            p99 = percentile(latencies, 99)
            worst = max(worst, p99)
            print(
                f"{path}: {len(latencies)} requests, {len(latencies) / seconds:.0f}/s, "
                f"median {median(latencies):.1f} ms, p99 {p99:.1f} ms, errors {len(errors)}",
                flush=True,
            )
            if errors:
                raise RuntimeError(f"{path} answered {len(errors)} errors, e.g. HTTP {errors[0]}")
    finally:
        for proc in (scheduler, worker, web):
            proc.stop()
    return line("health", worst, "ms p99", "<=", TARGET_P99_MS)
