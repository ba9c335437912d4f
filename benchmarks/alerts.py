"""A burst of 1,000 failures across 50 nodes, one alert rule, a webhook: one incident and one delivery per node, p95 <= 2 s."""

import datetime as dt
import json
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks._report import line, median, percentile

TARGET_P95_S = 2.0


class _Receiver:
    def __init__(self):
        self.received: list[tuple[float, dict]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append((time.time(), json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def run(quick: bool) -> str:
    import os

    from django.conf import settings

    from alerts import services
    from alerts.models import Alert, Delivery, Incident
    from benchmarks.generation import seed
    from projects.models import DataSource, Node, NodeVersion
    from scheduler import dispatch, generation
    from scheduler.models import Instance, InstanceEvent
    from tests.stack import start_worker, wait_until

    n_nodes, per_node = (10, 10) if quick else (50, 20)
    user, project, nodes = seed(n_nodes, cron=f"0 0-{per_node - 1} * * *")
    project.max_concurrent_instances = 10_000
    project.save()
    source = DataSource.objects.create(
        project=project, name="wh", kind="sqlite", config={"path": f"bench-{uuid.uuid4().hex}.db"}
    )
    failing = {"type": "sql", "code": "select * from no_such_table;", "datasource_id": source.id}
    for version in NodeVersion.objects.filter(node__in=nodes):
        version.snapshot = {**version.snapshot, **failing}
        version.save(update_fields=["snapshot"])
    Node.objects.filter(id__in=[n.id for n in nodes]).update(type="sql", datasource=source)

    receiver = _Receiver()
    os.environ["WORKBENCH_WEBHOOK_ALLOW"] = "127.0.0.1/32"
    settings.WEBHOOK_ALLOW = ["127.0.0.1/32"]
    channel = services.channel_create(
        project=project, actor=user, name="hook", kind="webhook", url=receiver.url, secret="s"
    )
    services.rule_create(
        project=project,
        actor=user,
        name="failures",
        events=["instance_failed"],
        channels=[channel.id],
        min_interval_minutes=30,
    )
    generation.generate_day(dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1))
    total = Instance.objects.count()
    assert total == n_nodes * per_node, total
    worker = start_worker(Path(tempfile.mkdtemp(prefix="bench-alerts-")), concurrency=2)
    try:
        started = time.perf_counter()
        dispatch.release()
        wait_until(
            lambda: Instance.objects.filter(status="failed").count() == total,
            timeout=900,
            interval=0.2,
            message="every instance to fail",
        )
        burst = time.perf_counter() - started
        wait_until(
            lambda: Delivery.objects.filter(status="delivered").count() == n_nodes,
            timeout=120,
            interval=0.2,
            message="the deliveries",
        )
        time.sleep(2)  # late duplicates would arrive now
    finally:
        worker.stop()
        receiver.server.shutdown()
    failed_at = dict(
        InstanceEvent.objects.filter(to_status="failed").values_list("instance_id", "created_at")
    )
    delays = [
        received - failed_at[body["instance"]["id"]].timestamp()
        for received, body in receiver.received
    ]
    per_node_deliveries = {body["instance"]["node_id"] for _, body in receiver.received}
    sent = Alert.objects.filter(state="sent").count()
    grouped = Alert.objects.filter(state="grouped").count()
    incidents = Incident.objects.count()
    ok = (
        len(receiver.received) == n_nodes
        and len(per_node_deliveries) == n_nodes
        and sent == n_nodes
        and grouped == total - n_nodes
        and incidents == n_nodes
    )
    print(
        f"{total} failures in {burst:.1f} s across {n_nodes} nodes: {incidents} incidents, "
        f"{sent} alerts sent, {grouped} appended to their node's open incident, "
        f"{len(receiver.received)} webhooks "
        f"received; failure -> webhook median {median(delays):.2f} s, p95 "
        f"{percentile(delays, 95):.2f} s",
        flush=True,
    )
    if not ok:
        return f"alerts: deliveries not as designed ({len(receiver.received)} received) MISSED"
    return line("alerts", percentile(delays, 95), "s p95", "<=", TARGET_P95_S)
