"""Spark SQL on a real standalone cluster: a master and one worker (pyspark's own scripts, Java
17) in a network namespace of their own, joined to this host by a veth pair, the way a cluster
on another machine would be. The Spark driver runs in the run's sandbox in client mode; the
cluster's executor connects back to it through the two ports forwarded to the run. The cluster
authenticates with a shared secret.

Needs root (a network namespace and a veth pair) and Java: CI runs as root and installs Java;
without them the tests fail, saying which is missing (a skip would pass without testing). The
JVMs take 5-20 s each to start on 2 cores: the module takes two to three minutes.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import NamedTuple

import pytest

from projects import services as project_services
from projects.models import DataSource
from scheduler import services
from scheduler.logs import read_log
from scheduler.models import Instance
from tests.scheduler.conftest import finished_test_run, wait_for_status
from tests.stack import start_worker

HOST_SIDE, CLUSTER_SIDE = "10.231.7.1", "10.231.7.2"
NETWORK = "10.231.7.0/24"
MASTER = f"spark://{CLUSTER_SIDE}:7077"
SECRET = f"cluster-{uuid.uuid4().hex}"
CONF = {
    "spark.executor.memory": "512m",
    "spark.cores.max": "1",
    "spark.sql.shuffle.partitions": "2",
}
# One statement of each kind: a temporary view, a count, and a sum whose tasks (four
# partitions) run on the cluster's executor: in client mode on a cluster the driver runs none.
CODE = (
    "CREATE OR REPLACE TEMPORARY VIEW numbers AS SELECT id FROM range(100000);\n"
    "SELECT count(*) AS n FROM numbers;\n"
    "SELECT sum(id) AS total FROM range(0, 1000000, 1, 4)"
)


def _spark_class() -> str:
    import pyspark

    return str(Path(pyspark.__file__).parent / "bin" / "spark-class")


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check)


def _wait_for(path: Path, text: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in path.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"{path.name}: no {text!r}:\n{path.read_text(errors='replace')[-3000:]}")


class Network(NamedTuple):
    enter: list[str]  # the command prefix that runs a program in the cluster's namespace
    host_interface: str  # this host's end of the veth pair


@pytest.fixture(scope="module")
def cluster_network():
    """A network namespace at 10.231.7.2 joined to this host (10.231.7.1) by a veth pair, the
    way a cluster on another machine would be (a Network). Torn down afterwards (the namespace and its veth pair go with the process holding
    them)."""
    # No skip: a run without these would pass without testing anything.
    assert os.geteuid() == 0, "a Spark cluster in a network namespace needs root (CI runs as root)"
    assert shutil.which("java"), "Java 17 is not installed (openjdk-17-jre-headless)"
    outside, inside = f"wbs{os.getpid()}a"[:15], f"wbs{os.getpid()}b"[:15]
    # The namespace is held by a process of its own rather than a name in /run/netns (that
    # name's mount may go away under us), and is gone when its last process is.
    holder = subprocess.Popen(
        ["unshare", "--net", "--", "sleep", "infinity"],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(0.3)
    if holder.poll() is not None:
        reason = holder.stderr.read().decode(errors="replace").strip()
        pytest.fail(f"a network namespace cannot be made here: {reason}")
    enter = ["nsenter", f"--net=/proc/{holder.pid}/ns/net", "--"]
    try:
        _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("link", "set", inside, "netns", str(holder.pid))
        _ip("addr", "add", f"{HOST_SIDE}/24", "dev", outside)
        _ip("link", "set", outside, "up")
        for args in (
            ("addr", "add", f"{CLUSTER_SIDE}/24", "dev", inside),
            ("link", "set", inside, "up"),
            ("link", "set", "lo", "up"),
        ):
            subprocess.run([*enter, "ip", *args], check=True, capture_output=True)
        yield Network(enter, outside)
    finally:
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
        _ip("link", "del", outside, check=False)


def _start(enter: list[str], command: list[str], log: Path, env=None) -> subprocess.Popen:
    """A program in the cluster's namespace, in a process group of its own (its children too)."""
    with open(log, "wb") as output:
        return subprocess.Popen(
            [*enter, *command],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def spark_cluster(cluster_network):
    """A standalone master and worker in the cluster's namespace; their JVMs' process groups
    are killed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="workbench-spark-cluster-"))
    processes: list[subprocess.Popen] = []
    try:
        properties = folder / "spark.conf"
        properties.write_text(f"spark.authenticate true\nspark.authenticate.secret {SECRET}\n")
        properties.chmod(0o600)
        (folder / "work").mkdir()
        env = {
            **os.environ,
            "SPARK_DAEMON_MEMORY": "256m",
            "SPARK_CONF_DIR": str(folder),
            "SPARK_LOG_DIR": str(folder),
            "SPARK_NO_DAEMONIZE": "1",
            "PYSPARK_PYTHON": sys.executable,
        }

        def start(label: str, *args: str) -> tuple[subprocess.Popen, Path]:
            log = folder / f"{label}.log"
            processes.append(_start(cluster_network.enter, [_spark_class(), *args], log, env))
            return processes[-1], log

        master, master_log = start(
            "master",
            "org.apache.spark.deploy.master.Master",
            *("--host", CLUSTER_SIDE, "--port", "7077", "--webui-port", "0"),
            *("--properties-file", str(properties)),
        )
        _wait_for(master_log, "I have been elected leader", master)
        worker, worker_log = start(
            "worker",
            "org.apache.spark.deploy.worker.Worker",
            MASTER,
            *("--cores", "1", "--memory", "1g", "--host", CLUSTER_SIDE, "--webui-port", "0"),
            *("--work-dir", str(folder / "work"), "--properties-file", str(properties)),
        )
        _wait_for(worker_log, "Successfully registered with master", worker)
        yield {"master_log": master_log, "worker_log": worker_log, "folder": folder}
    finally:
        _stop(processes)
        shutil.rmtree(folder, ignore_errors=True)


def _worker_reaching_the_cluster(log_dir, settings):
    """A worker (and this process) allowed the cluster's network, telling the cluster the
    address it reaches the worker at."""
    settings.WORKBENCH_DATASOURCE_ALLOW = [NETWORK]
    return start_worker(
        log_dir, WORKBENCH_DATASOURCE_ALLOW=NETWORK, WORKBENCH_SPARK_DRIVER_HOST=HOST_SIDE
    )


def _cluster_source(project, owner, name: str = "cluster", secret: str = SECRET):
    return project_services.datasource_create(
        project=project,
        actor=owner,
        name=name,
        kind="spark",
        config={"master": MASTER, "conf": CONF},
        secret={"authenticate_secret": secret},
    )


def _closed(port: int) -> bool:
    try:
        socket.create_connection((HOST_SIDE, port), timeout=3).close()
    except OSError:
        return True
    return False


def _forwarded_ports(log: str) -> list[int]:
    found = re.findall(r"Spark driver at \S+, ports (\d+), (\d+)", log)
    return [int(port) for pair in found for port in pair]


@pytest.mark.stack
def test_sql_runs_on_a_standalone_cluster_through_forwarded_ports(
    spark_cluster, transactional_db, log_dir, owner, project, make_node, client_for, settings
):
    # The worker is told the address the cluster reaches it at; the web process finds it on its
    # own (the address its traffic to the master leaves from).
    settings.WORKBENCH_DATASOURCE_ALLOW = [NETWORK]
    settings.WORKBENCH_SPARK_DRIVER_HOST = ""
    worker = start_worker(
        log_dir, WORKBENCH_DATASOURCE_ALLOW=NETWORK, WORKBENCH_SPARK_DRIVER_HOST=HOST_SIDE
    )
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}/datasources"
    try:
        created = client.post(
            f"{base}/",
            {
                "name": "cluster",
                "kind": "spark",
                "config": {"master": MASTER, "conf": CONF, "authenticate_secret": SECRET},
            },
            format="json",
        )
        assert created.status_code == 201, created.content
        shown = client.get(f"{base}/{created.json()['id']}/").json()
        assert SECRET not in str(shown) and "authenticate_secret" not in shown["config"], shown

        # (a) The connection test is a Spark job on the cluster: it answers with the master.
        answer = client.post(f"{base}/{created.json()['id']}/test/").json()
        assert answer["ok"] is True, answer.get("error", "")[:3000]
        assert answer["version"].startswith("Spark 3.") and MASTER in answer["version"], answer

        # (b) A SQL node's statements: the sum's tasks run on the cluster's executor.
        source = DataSource.objects.get(pk=created.json()["id"])
        node = make_node("on-cluster", type="sql", datasource=source, timeout_seconds=240)
        instance = services.node_test_run(node=node, actor=owner, code=CODE)
        wait_for_status([instance.id], {"success", "failed"}, timeout=300)
        instance = Instance.objects.get(pk=instance.id)
        log = read_log(instance.id)
        assert instance.status == "success", (instance.error, log)
        for line in (
            "[1/3] CREATE OR REPLACE TEMPORARY VIEW numbers",
            "[2/3] SELECT count(*) AS n FROM numbers",
            "[3/3] SELECT sum(id) AS total",
        ):
            assert line in log, log
        assert instance.result["rows"] == [[499999500000]], instance.result
        assert instance.result["columns"] == ["total"], instance.result
        assert SECRET not in log
        ports = _forwarded_ports(log)
        assert len(ports) == 2 and f"Spark driver at {HOST_SIDE}" in log, log
        # The cluster saw an application whose executor ran the tasks.
        assert "Asked to launch executor" in spark_cluster["worker_log"].read_text(errors="replace")

        # (c) A wrong secret: the cluster refuses the driver, and the run ends with a reason.
        wrong = _cluster_source(project, owner, name="impostor", secret="not-the-secret")
        node.datasource = wrong
        node.timeout_seconds = 90
        node.save(update_fields=["datasource", "timeout_seconds"])
        refused = services.node_test_run(node=node, actor=owner, code="SELECT 1")
        started = time.monotonic()
        wait_for_status([refused.id], {"success", "failed"}, timeout=180)
        refused = Instance.objects.get(pk=refused.id)
        refused_log = read_log(refused.id)
        assert refused.status == "failed", (refused.error, refused_log)
        assert time.monotonic() - started < 150
        assert "did not take this application" in refused.error, (refused.error, refused_log)
        assert "authenticate_secret" in refused.error and "\tat " not in refused.error
        assert "SaslException" in refused_log  # Spark's own reason, from its log
        ports += _forwarded_ports(refused_log)
        assert len(ports) == 4, refused_log

        # (d) Every run's forwards are gone with it: nothing listens on those ports any more.
        for port in ports:
            assert _closed(port), port
    finally:
        worker.stop()


class _Sniffer:
    """Every frame that crosses an interface while it runs (a raw packet socket: root)."""

    def __init__(self, interface: str):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.sock.bind((interface, 0))
        self.sock.settimeout(0.2)
        self.seen = bytearray()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            try:
                self.seen += self.sock.recv(65535)
            except TimeoutError:
                pass

    def stop(self) -> bytes:
        self.done.set()
        self.thread.join()
        self.sock.close()
        return bytes(self.seen)


@pytest.mark.stack
def test_what_crosses_the_forwarded_ports_is_encrypted(
    spark_cluster, cluster_network, transactional_db, log_dir, owner, project, make_node, settings
):
    """The rows the cluster's executor computes go back to the driver through the forwarded
    ports: on the wire between this host and the cluster none of them can be read."""
    worker = _worker_reaching_the_cluster(log_dir, settings)
    marker = f"mark{uuid.uuid4().hex[:12]}"
    try:
        source = _cluster_source(project, owner)
        node = make_node("marked", type="sql", datasource=source, timeout_seconds=240)
        code = (
            f"SELECT concat(reverse('{marker[::-1]}'), '-', string(id)) AS s "
            "FROM range(0, 40, 1, 4) ORDER BY id"
        )
        sniffer = _Sniffer(cluster_network.host_interface)
        try:
            run, log = finished_test_run(node, owner, code, timeout=300)
        finally:
            wire = sniffer.stop()
        assert run.status == "success", (run.error, log)
        assert run.result["rows"][:2] == [[f"{marker}-0"], [f"{marker}-1"]], run.result
        assert len(wire) > 100_000, len(wire)  # the run's traffic was seen (jobs, results)
        assert HOST_SIDE.encode() in wire or socket.inet_aton(HOST_SIDE) in wire
        assert marker.encode() not in wire  # (the query has it reversed: only rows carry it)
    finally:
        worker.stop()


@pytest.mark.stack
def test_a_sync_node_reads_a_query_on_the_cluster_into_duckdb(
    spark_cluster, transactional_db, log_dir, owner, project, make_node, client_for, settings
):
    import duckdb

    from projects.drivers.base import project_folder

    worker = _worker_reaching_the_cluster(log_dir, settings)
    try:
        cluster = _cluster_source(project, owner)
        target = project_services.datasource_create(
            project=project, actor=owner, name="dw", kind="duckdb", config={"path": "dw.duckdb"}
        )
        # A cluster's tables live in its own metastore: a sync does not write them.
        into_cluster = {
            "source": {"datasource": target.id, "table": "t"},
            "target": {"datasource": cluster.id, "table": "t"},
        }
        refused = client_for(owner).post(
            f"/api/v1/projects/{project.id}/nodes/",
            {
                "name": "into_cluster",
                "type": "sync",
                "code": json.dumps(into_cluster),
                "workflow": make_node("first").workflow_id,
            },
            format="json",
        )
        assert refused.status_code == 400 and "metastore" in str(refused.json()), refused.json()

        # The query's four partitions are computed on the cluster's executor.
        query = "SELECT id, id * 2 AS twice FROM range(0, 10000, 1, 4)"
        code = {
            "source": {"datasource": cluster.id, "query": query},
            "target": {"datasource": target.id, "table": "numbers"},
            "mode": "overwrite",
        }
        node = make_node("from_cluster", type="sync", code=json.dumps(code), timeout_seconds=240)
        run, log = finished_test_run(node, owner, timeout=300)
        assert run.status == "success", (run.error, log)
        assert run.result == {"sync": {"read": 10000, "written": 10000, "rejected": 0}}, log
        assert len(_forwarded_ports(log)) == 2 and SECRET not in log, log
        with duckdb.connect(str(project_folder(project.id) / "dw.duckdb"), read_only=True) as db:
            got = db.execute("SELECT count(*), sum(twice) FROM numbers").fetchone()
        assert got == (10000, 2 * sum(range(10000))), got
    finally:
        worker.stop()


@pytest.mark.stack
def test_a_yarn_master_gets_a_hadoop_configuration_from_its_settings(
    transactional_db, log_dir, owner, project, make_node, settings
):
    # No YARN here: the ResourceManager named is a port nobody listens on (the sandbox's own
    # loopback). Spark on YARN refuses to start without a Hadoop configuration folder; with the
    # one the run makes from the data source's spark.hadoop.* settings it starts, and its Hadoop
    # client tries that address (given few retries, it gives up in seconds).
    settings.WORKBENCH_DATASOURCE_ALLOW = ["127.0.0.0/8"]
    worker = start_worker(log_dir, WORKBENCH_DATASOURCE_ALLOW="127.0.0.0/8")
    try:
        conf = {
            "spark.hadoop.yarn.resourcemanager.address": "127.0.0.1:1",
            "spark.hadoop.yarn.resourcemanager.connect.max-wait.ms": "2000",
            "spark.hadoop.yarn.resourcemanager.connect.retry-interval.ms": "500",
            "spark.hadoop.ipc.client.connect.max.retries": "0",
        }
        source = project_services.datasource_create(
            project=project,
            actor=owner,
            name="yarn",
            kind="spark",
            config={"master": "yarn", "conf": conf},
        )
        node = make_node("on-yarn", type="sql", datasource=source, timeout_seconds=150)
        run = services.node_test_run(node=node, actor=owner, code="SELECT 1")
        wait_for_status([run.id], {"success", "failed"}, timeout=200)
        run = Instance.objects.get(pk=run.id)
        told = run.error + read_log(run.id)
        assert run.status == "failed", told[-3000:]
        assert "HADOOP_CONF_DIR" not in told, told[-3000:]
        # Hadoop names the address as it resolves it back.
        assert re.search(r"to (localhost|127\.0\.0\.1):1 failed", told), told[-3000:]
    finally:
        worker.stop()


# A Kubernetes API server that only records what it is asked and refuses it (403), as a server
# refuses a token without the rights to make pods: enough to see what Spark's client sends.
RECORDER = """
import http.server, json, ssl, sys

log_path, cert, key, host, port = sys.argv[1:6]


class Recorder(http.server.BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode(errors="replace") if length else ""
        seen = {"method": self.command, "path": self.path, "body": body,
                "authorization": self.headers.get("Authorization", "")}
        with open(log_path, "a") as log:
            log.write(json.dumps(seen) + "\\n")
        refusal = json.dumps({
            "kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 403,
            "reason": "Forbidden", "message": "pods is forbidden: this API server records only",
        }).encode()
        self.send_response(403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(refusal)))
        self.end_headers()
        self.wfile.write(refusal)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer((host, int(port)), Recorder)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
print("listening", flush=True)
server.serve_forever()
"""


def _self_signed(address: str) -> tuple[str, str]:
    """(certificate, key) in PEM of a CA that is also the server's certificate for `address`."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(address))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    return (
        certificate.public_bytes(serialization.Encoding.PEM).decode(),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    )


@pytest.mark.stack
def test_a_kubernetes_master_asks_the_api_server_for_executors_with_the_token(
    cluster_network, transactional_db, log_dir, owner, project, make_node, client_for, settings
):
    """No Kubernetes here: the API server at the master's address records the requests and
    refuses them. The run's driver reaches it over TLS checked against the data source's CA
    certificate and asks for executor pods with the data source's token, the image and
    namespace of its settings, and the forwarded address of the driver; the refusal ends
    the run with the API server's reason."""
    folder = Path(tempfile.mkdtemp(prefix="workbench-kubernetes-"))
    certificate, key = _self_signed(CLUSTER_SIDE)
    (folder / "cert.pem").write_text(certificate)
    (folder / "key.pem").write_text(key)
    (folder / "recorder.py").write_text(RECORDER)
    requests_log = folder / "requests.jsonl"
    server_log = folder / "server.log"
    server = _start(
        cluster_network.enter,
        [sys.executable, str(folder / "recorder.py"), str(requests_log)]
        + [str(folder / "cert.pem"), str(folder / "key.pem"), CLUSTER_SIDE, "6443"],
        server_log,
    )
    _wait_for(server_log, "listening", server, timeout=30)
    token = f"token-{uuid.uuid4().hex}"
    worker = _worker_reaching_the_cluster(log_dir, settings)
    client = client_for(owner)
    base = f"/api/v1/projects/{project.id}/datasources"
    try:
        config = {"master": f"k8s://https://{CLUSTER_SIDE}:6443", "conf": {"spark.cores.max": "1"}}
        refused = client.post(
            f"{base}/", {"name": "k8s", "kind": "spark", "config": config}, format="json"
        )
        assert refused.status_code == 400, refused.content
        assert "spark.kubernetes.container.image" in refused.json()["errors"]["config.conf"][0]
        config["conf"] = {
            "spark.kubernetes.container.image": "apache/spark:3.5.1",
            "spark.kubernetes.namespace": "analytics",
            "spark.executor.instances": "1",
        }
        config["ca_cert"] = "not a certificate"
        refused = client.post(
            f"{base}/", {"name": "k8s", "kind": "spark", "config": config}, format="json"
        )
        assert refused.status_code == 400, refused.content
        assert "not a PEM certificate" in refused.json()["errors"]["config.ca_cert"][0]
        config["ca_cert"] = certificate
        created = client.post(
            f"{base}/",
            {"name": "k8s", "kind": "spark", "config": {**config, "kubernetes_token": token}},
            format="json",
        )
        assert created.status_code == 201, created.content
        shown = client.get(f"{base}/{created.json()['id']}/").json()
        assert token not in str(shown) and "kubernetes_token" not in shown["config"], shown

        source = DataSource.objects.get(pk=created.json()["id"])
        node = make_node("on-kubernetes", type="sql", datasource=source, timeout_seconds=120)
        run, log = finished_test_run(node, owner, "SELECT count(*) FROM range(10)", timeout=200)
        told = run.error + log
        assert token not in told, told[-3000:]

        seen = [json.loads(line) for line in requests_log.read_text().splitlines()]
        assert seen, (server_log.read_text(), told[-3000:])
        assert {request["authorization"] for request in seen} == {f"Bearer {token}"}, seen
        pods = [r for r in seen if r["method"] == "POST" and r["path"].endswith("/pods")]
        assert pods and pods[0]["path"] == "/api/v1/namespaces/analytics/pods", seen
        pod = json.loads(pods[0]["body"])
        container = pod["spec"]["containers"][0]
        assert container["image"] == "apache/spark:3.5.1", pod
        driver_url = {e["name"]: e.get("value") for e in container["env"]}["SPARK_DRIVER_URL"]
        port = _forwarded_ports(log)[0]
        assert driver_url == f"spark://CoarseGrainedScheduler@{HOST_SIDE}:{port}", driver_url
        assert run.status == "failed", told[-3000:]
        assert "did not let the driver start its executors" in run.error, run.error
        assert "kubernetes_token" in run.error and "Message: Forbidden" in run.error, run.error
        assert "\tat " not in run.error, run.error
    finally:
        worker.stop()
        _stop([server])
        shutil.rmtree(folder, ignore_errors=True)
