"""Spark SQL on a real standalone cluster: a master and one worker (pyspark's own scripts, Java
17) in a network namespace of their own, joined to this host by a veth pair, the way a cluster
on another machine would be. The Spark driver runs in the run's sandbox in client mode; the
cluster's executor connects back to it through the two ports forwarded to the run. The cluster
authenticates with a shared secret.

Needs root (a network namespace and a veth pair) and Java: CI runs as root and installs Java;
without them the tests fail, saying which is missing (a skip would pass without testing). The
JVMs take 5-20 s each to start on 2 cores: the module takes two to three minutes.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from projects import services as project_services
from projects.models import DataSource
from scheduler import services
from scheduler.logs import read_log
from scheduler.models import Instance
from tests.scheduler.conftest import wait_for_status
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


@pytest.fixture(scope="module")
def spark_cluster():
    """A standalone master and worker in a network namespace at 10.231.7.2, this host at
    10.231.7.1; torn down afterwards (the JVMs' process groups, then the namespace and its veth
    pair, which go with the process holding them)."""
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
    folder = Path(tempfile.mkdtemp(prefix="workbench-spark-cluster-"))
    processes: list[subprocess.Popen] = []
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
            with open(log, "wb") as output:
                process = subprocess.Popen(
                    [*enter, _spark_class(), *args],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: the executors too
                )
            processes.append(process)
            return process, log

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
        for process in [*processes, holder]:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=30)
        # The namespace ends with its last process, and the veth pair with it.
        _ip("link", "del", outside, check=False)
        shutil.rmtree(folder, ignore_errors=True)


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
        wrong = project_services.datasource_create(
            project=project,
            actor=owner,
            name="impostor",
            kind="spark",
            config={"master": MASTER, "conf": CONF},
            secret={"authenticate_secret": "not-the-secret"},
        )
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
