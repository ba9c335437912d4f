"""User code on a real worker tries every way out of its sandbox; each fails or is contained.

Each test runs a node as its author would (a test run or a scheduled instance) and reads what
the node printed. The probes print JSON, so a failure shows what the code could see.
"""

import json
import os
import textwrap
import time

import pytest
from django.conf import settings
from django.db import connection

from projects import services as project_services
from projects.models import DataSource
from scheduler import services
from scheduler.logs import read_log
from scheduler.models import Instance
from tests import factories
from tests.scheduler.conftest import wait_for_status

pytestmark = pytest.mark.stack


def run(node, owner, *, code=None, statuses=("success", "failed"), timeout=60) -> Instance:
    instance = services.node_test_run(node=node, actor=owner, code=code)
    wait_for_status([instance.id], set(statuses), timeout=timeout)
    return Instance.objects.get(pk=instance.id)


def report(instance: Instance) -> dict:
    """The JSON object the probe printed on a line of its own."""
    for line in read_log(instance.id).splitlines():
        text = line.split(" ", 1)[-1]  # the log's time stamp
        if text.startswith("{"):
            return json.loads(text)
    raise AssertionError(f"no report in the log:\n{read_log(instance.id)}")


def probe(make_node, owner, code: str, **fields) -> dict:
    node = make_node(f"probe-{time.monotonic_ns()}", type="python", code=code, **fields)
    instance = run(node, owner)
    assert instance.status == "success", read_log(instance.id)
    return report(instance)


PROBE_HEADER = """
import json, os, socket
found = {}
def attempt(name, action):
    try:
        found[name] = ["ok", repr(action())[:300]]
    except BaseException as exc:
        found[name] = ["refused", f"{type(exc).__name__}: {exc}"[:300]]
"""


def probe_code(body: str) -> str:
    return PROBE_HEADER + textwrap.dedent(body) + "\nprint(json.dumps(found))\n"


def test_code_sees_no_environment_settings_or_files_of_the_application(worker, make_node, owner):
    data_dir = str(settings.DATA_DIR)
    app_root = str(settings.BASE_DIR)
    found = probe(
        make_node,
        owner,
        probe_code(
            f"""
            attempt("own environment", lambda: sorted(os.environ))
            attempt("pid 1 environment", lambda: open("/proc/1/environ", "rb").read())
            attempt("every process", lambda: sorted(p for p in os.listdir("/proc") if p.isdigit()))
            attempt("settings", lambda: __import__("workbench.settings"))
            attempt("django settings", lambda: __import__("django.conf").conf.settings.DATABASES)
            attempt("application code", lambda: open({app_root + "/workbench/settings/base.py"!r}).read())
            attempt("data folder", lambda: os.listdir({data_dir!r}))
            attempt("sqlite database", lambda: open({data_dir + "/workbench.sqlite3"!r}, "rb"))
            attempt("redis socket", lambda: os.stat({data_dir + "/redis.sock"!r}))
            attempt("shadow", lambda: open("/etc/shadow").read())
            attempt("core pattern", lambda: open("/proc/sys/kernel/core_pattern", "w").write("|x"))
            attempt("user", lambda: (os.getuid(), open("/proc/self/uid_map").read().split()))
            """
        ),
    )
    names = set(json.loads(found["own environment"][1].replace("'", '"')))
    assert names <= {
        "HOME", "LANG", "PATH", "PYTHONPATH", "PYTHONUNBUFFERED", "TMPDIR", "TZ",
        "WORKBENCH_BIZDATE", "WORKBENCH_CYCTIME", "WORKBENCH_CONTEXT", "WORKBENCH_DATA_DIR",
        "WORKBENCH_WORK_DIR",
    }, names  # fmt: skip
    pid1 = found["pid 1 environment"][1]
    for secret in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"):
        assert secret not in pid1
    assert len(json.loads(found["every process"][1].replace("'", '"'))) <= 3  # only its own
    for name in (
        "settings",
        "django settings",
        "application code",
        "data folder",
        "sqlite database",
        "redis socket",
        "shadow",
        "core pattern",
    ):
        assert found[name][0] == "refused", (name, found[name])
    if os.geteuid() == 0:  # the sandbox's user on the host is not root
        uid_map = found["user"][1]
        assert f"'{settings.WORKBENCH_SANDBOX_UID}'" in uid_map, uid_map


def test_code_cannot_reach_the_applications_database_broker_or_web(worker, make_node, owner):
    from workbench.netguard import this_host_addresses

    database = connection.settings_dict
    targets = [("127.0.0.1", 5432), ("127.0.0.1", 6379), ("10.0.2.2", 6379)]
    if database.get("HOST"):
        targets.append((database["HOST"], int(database.get("PORT") or 5432)))
    targets += [(address, 5432) for address in sorted(this_host_addresses())]
    targets += [(address, 8000) for address in sorted(this_host_addresses())]
    checks = "\n".join(
        f"attempt('{host}:{port}', lambda: socket.create_connection(('{host}', {port}), 3))"
        for host, port in targets
    )
    found = probe(make_node, owner, probe_code(checks))
    for target, (verdict, detail) in found.items():
        assert verdict == "refused", (target, detail)


def test_a_run_sees_only_its_own_folder_and_its_bound_credentials(
    worker, make_node, owner, project, make_user, warehouse
):
    other_owner = make_user("other-owner")
    other = project_services.project_create(user=other_owner, name="other", timezone="UTC")
    factories.postgres_source(
        other, other_owner, name="their-db", password="their-password", host="warehouse.invalid"
    )
    unbound = factories.postgres_source(
        project, owner, name="unbound", password="unbound-password", host="warehouse.invalid"
    )
    # A file another project keeps, and a run folder of another run.
    from projects.drivers.base import project_folder

    theirs = project_folder(other.id)
    theirs.mkdir(parents=True, exist_ok=True)
    (theirs / "secret.txt").write_text("theirs")
    runs = settings.DATA_DIR / "runs"
    found = probe(
        make_node,
        owner,
        probe_code(
            f"""
            import workbench_task
            attempt("context", lambda: os.environ["WORKBENCH_CONTEXT"])
            attempt("runs", lambda: os.listdir("/sandbox/.runs"))
            attempt("files", lambda: os.listdir("/sandbox/.files"))
            attempt("host runs", lambda: os.listdir({str(runs)!r}))
            attempt("their file", lambda: open({str(theirs / "secret.txt")!r}).read())
            attempt("my folder", lambda: os.listdir("."))
            attempt("sources", lambda: sorted(workbench_task._context()["datasources"]))
            """
        ),
        datasource=warehouse,
    )
    context = found["context"][1]
    assert "their-password" not in context and "unbound-password" not in context
    assert found["sources"][1] == repr([warehouse.name])
    assert found["runs"] == ["ok", "[]"] and found["files"] == ["ok", "[]"]
    assert found["host runs"][0] == "refused" and found["their file"][0] == "refused"
    assert "main.py" in found["my folder"][1]
    assert unbound.id  # bound to nothing, it stayed out


def test_a_node_reads_its_parameters_and_its_bound_data_sources(
    worker, make_node, owner, project, warehouse
):
    second = project_services.datasource_create(
        project=project, actor=owner, name="side", kind="sqlite", config={"path": "side.db"}
    )
    code = textwrap.dedent(
        """
        import json, os, workbench_task
        with workbench_task.connect() as conn:
            conn.execute("create table if not exists t as select 41 as x")
            x = conn.execute("select x + 1 from t").fetchone()[0]
        with workbench_task.connect("side") as conn:
            conn.execute("create table if not exists s (v text)")
            conn.execute("insert into s values (?)", (workbench_task.params["region"],))
            conn.commit()
        print(json.dumps({"x": x, "region": workbench_task.params["region"],
                          "env": os.environ["WORKBENCH_PARAM_REGION"],
                          "bizdate": workbench_task.bizdate}))
        """
    )
    found = probe(
        make_node,
        owner,
        code,
        datasource=warehouse,
        uses_datasources=[second.id],
        parameters={"region": "east-${yyyymmdd}"},
    )
    assert found["x"] == 42
    assert found["region"] == found["env"] and found["region"].startswith("east-20")
    assert len(found["bizdate"]) == 8
    shell = make_node(
        "shell-params", type="shell", code='echo "{\\"r\\": \\"$WORKBENCH_PARAM_REGION\\"}"',
        parameters={"region": "west"},
    )  # fmt: skip
    assert report(run(shell, owner)) == {"r": "west"}


def test_file_engine_sql_cannot_reach_other_files(worker, make_node, owner, project, warehouse):
    sqlite = project_services.datasource_create(
        project=project, actor=owner, name="lite", kind="sqlite", config={"path": "lite.db"}
    )
    attempts = {
        "duckdb read_csv": (warehouse, "select * from read_csv('/etc/passwd')"),
        "duckdb copy to": (warehouse, "copy (select 1) to '/sandbox/data/out.csv'"),
        "duckdb attach": (warehouse, "attach '/sandbox/data/other.duckdb' as o"),
        "duckdb install": (warehouse, "install httpfs"),
        "sqlite attach": (sqlite, "attach database '/sandbox/data/other.db' as o"),
        "sqlite vacuum into": (sqlite, "vacuum into '/sandbox/data/copy.db'"),
    }
    for name, (datasource, sql) in attempts.items():
        node = make_node(f"sql-{name}".replace(" ", "-"), type="sql", datasource=datasource)
        instance = run(node, owner, code=sql)
        assert instance.status == "failed", (name, read_log(instance.id))
    fine = make_node("sql-fine", type="sql", datasource=warehouse)
    assert run(fine, owner, code="select 42 as answer").result["rows"] == [[42]]


def test_stored_data_sources_that_break_the_rules_are_refused_at_run_time(
    worker, make_node, owner, project, settings
):
    outside = DataSource.objects.create(
        project=project, name="outside", kind="sqlite", config={"path": "../../workbench.sqlite3"}
    )
    loopback = DataSource.objects.create(
        project=project,
        name="loop",
        kind="postgres",
        config={"host": "127.0.0.1", "port": 5432, "database": "postgres", "user": "postgres"},
    )
    for datasource, reason in ((outside, "'..'"), (loopback, "private or loopback")):
        node = make_node(f"uses-{datasource.name}", type="sql", datasource=datasource)
        instance = run(node, owner, code="select 1")
        assert instance.status == "failed" and reason in instance.error, instance.error


def test_limits_contain_a_fork_bomb_a_memory_hog_and_a_run_past_its_time(
    worker, make_node, owner, project
):
    bomb = make_node("bomb", type="shell", timeout_seconds=20)
    started = time.monotonic()
    instance = run(bomb, owner, code=":(){ :|:& };:", timeout=90)
    assert time.monotonic() - started < 60
    assert instance.status in ("failed", "success")  # contained either way: the worker lives
    counted = probe(
        make_node,
        owner,
        textwrap.dedent(
            """
            import json, os, time
            children = 0
            try:
                while children < 5000:
                    if os.fork() == 0:
                        time.sleep(30)
                        os._exit(0)
                    children += 1
            except OSError as exc:
                error = str(exc)
            print(json.dumps({"children": children, "error": error}))
            """
        ),
    )
    assert counted["children"] < settings.WORKBENCH_TASK_PROCESSES, counted
    assert "Resource temporarily unavailable" in counted["error"]

    hog = make_node("hog", type="python")
    instance = run(hog, owner, code="x = bytearray(64 * 1024 ** 3)")
    assert instance.status == "failed" and "MemoryError" in read_log(instance.id)

    project.default_timeout_seconds = 2
    project.save()
    sleeper = make_node("sleeper", type="python", timeout_seconds=0)
    instance = run(sleeper, owner, code="import time; time.sleep(60)", timeout=30)
    assert instance.status == "failed" and instance.reason == "timeout"
    assert "timed out after 2 s" in instance.error

    after = make_node("after", type="shell")
    assert run(after, owner, code="echo still here").status == "success"


def test_versions_from_before_declared_data_sources_keep_the_ones_their_code_names(
    worker, make_node, owner, project
):
    from scheduler import dispatch, generation
    from tests.scheduler.conftest import yesterday

    project_services.datasource_create(
        project=project, actor=owner, name="side", kind="sqlite", config={"path": "side.db"}
    )
    code = "import workbench_task\nwith workbench_task.connect('side') as conn:\n    conn.execute('select 1')\n"
    old = make_node("old-style", type="python", code=code)
    new = make_node("new-style", type="python", code=code)
    generation.generate_day(yesterday(), node_ids=[old.id, new.id])
    instances = {i.node_id: i for i in Instance.objects.filter(node__in=[old, new])}
    snapshot = dict(instances[old.id].version_snapshot)
    snapshot.pop("uses_datasources")  # as a version saved by the previous release
    Instance.objects.filter(pk=instances[old.id].pk).update(version_snapshot=snapshot)
    dispatch.release()
    wait_for_status([i.id for i in instances.values()], {"success", "failed"})
    assert Instance.objects.get(pk=instances[old.id].pk).status == "success"
    refused = Instance.objects.get(pk=instances[new.id].pk)
    assert refused.status == "failed"
    assert "is bound to this node; bound: none" in read_log(refused.id)


def test_run_folders_of_the_previous_release_are_removed(settings, tmp_path):
    """They held every data source's decrypted secrets in .workbench.json, and were kept."""
    from scheduler import sandbox

    settings.DATA_DIR = tmp_path
    old = tmp_path / "runs" / "42" / "1"
    old.mkdir(parents=True)
    (old / ".workbench.json").write_text('{"datasources": {"pg": {"secret": "hunter2"}}}')
    current = tmp_path / "runs" / "43-1-0a1b2c3d"
    current.mkdir()
    assert sandbox.clean_stale_runs() == 1
    assert not (tmp_path / "runs" / "42").exists() and current.exists()


def test_a_virtual_environment_under_tmp_is_bound_where_the_runs_tmp_cannot_hide_it(
    monkeypatch,
):
    """/tmp is the sandbox's own (each run mounts a fresh one): a virtual environment kept
    there (a CI checkout, say) is bound at /sandbox/.python instead."""
    import sys

    from scheduler.sandbox import outer

    monkeypatch.setattr(sys, "prefix", "/tmp/checkout/.venv")
    folders = outer.python_folders()
    assert folders["/tmp/checkout/.venv"] == outer.PYTHON
    assert outer.launcher_python(True) == f"{outer.PYTHON}/bin/python"
    assert outer.run_path(True).startswith(f"{outer.PYTHON}/bin:")
    assert outer.launcher_python(False) == "/tmp/checkout/.venv/bin/python"


def test_ports_forwarded_to_a_run_of_its_own_reach_it_and_close_when_it_ends():
    """How a cluster's executors reach a Spark driver in the sandbox (own_network_run): a
    launcher, network namespace and slirp4netns of the run's own, host ports forwarded to the
    same ports of its sandbox, removed when the run ends (here by its timeout)."""
    import socket
    import threading

    from scheduler import sandbox

    listening = threading.Event()
    lines: list[str] = []
    answers: list[bytes] = []
    chosen: list[int] = []

    def output(line: str) -> None:
        lines.append(line)
        if line == "listening":
            listening.set()

    def request(ports: list[int]) -> sandbox.RunRequest:
        chosen[:] = ports
        code = textwrap.dedent(
            f"""
            import socket, time
            server = socket.socket()
            server.bind(("0.0.0.0", {ports[0]}))
            server.listen()
            print("listening", flush=True)
            conn, _ = server.accept()
            conn.sendall(b"from the run")
            conn.close()
            time.sleep(600)
            """
        )
        return sandbox.RunRequest(
            kind="python",
            label="forwarded",
            project_id=0,
            files={"main.py": code},
            script="main.py",
            timeout_seconds=10,
            on_output=output,
        )

    def visit() -> None:
        if listening.wait(30):
            with socket.create_connection(("127.0.0.1", chosen[0]), timeout=5) as visitor:
                answers.append(visitor.recv(100))

    visitor = threading.Thread(target=visit)
    visitor.start()
    outcome = sandbox.own_network_run(request, 2)
    visitor.join()
    assert answers == [b"from the run"], lines
    assert outcome.stopped == "timeout"
    assert len(set(chosen)) == 2
    for port in chosen:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
