"""The worker's side of the launcher: start it once per process, hand it runs, relay their output.

A run ends when its process does: its exit arrives on the control socket and its output pipes
close with it (nothing is polled on a fixed sleep). Kill requests and timeouts are checked
between reads, at most every KILL_CHECK_SECONDS.
"""

import contextlib
import json
import logging
import os
import secrets
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from scheduler.sandbox import outer, ownership

log = logging.getLogger(__name__)

KILL_CHECK_SECONDS = 0.2
START_TIMEOUT_SECONDS = 30.0
EXIT_GRACE_SECONDS = 2.0  # output still arriving after the exit (a late writer) is waited for


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start here; the message says why and what to do."""


@dataclass
class RunRequest:
    kind: str  # python | shell | sql | sync | spark
    label: str  # names the run folder, e.g. "42-1" (instance and attempt)
    project_id: int
    files: dict[str, str] = field(default_factory=dict)  # written into the run folder
    script: str = ""  # the file of the run folder to run (python and shell)
    env: dict[str, str] = field(default_factory=dict)
    context: dict = field(default_factory=dict)  # parameters and bound credentials: memory only
    job: dict = field(default_factory=dict)  # more of the job (SQL statements, data source)
    network: bool = True
    # Limits other than the settings' WORKBENCH_TASK_* (a Spark run's JVM needs more)
    limits: dict = field(default_factory=dict)
    # SQL jobs of one project database go to a session kept open between them (see launcher)
    session: str = ""
    timeout_seconds: float = 0
    should_stop: Callable[[], str | None] = lambda: None
    on_output: Callable[[str], None] = lambda line: None
    on_result: Callable[[dict], None] = lambda item: None


@dataclass
class RunOutcome:
    code: int | None
    stopped: str | None = None  # "timeout" or "killed"
    truncated: bool = False  # output past WORKBENCH_LOG_MAX_BYTES was not kept
    crashed: str = ""  # the sandbox itself failed


def isolated() -> bool:
    return settings.WORKBENCH_SANDBOX == "on"


# Each process keeps a launcher per family of runs: forking a process that has DuckDB loaded
# costs four times what forking a bare interpreter does, so Python and shell runs fork from a
# lean launcher and only SQL on file engines from one with the engines loaded (and, needing
# none, without a network).
FAMILIES = {
    "code": {"preload": [], "network": True},
    "sql": {"preload": ["duckdb", "sqlite3"], "network": False},
    # A launcher started for one run only, with a network namespace and slirp4netns of its own:
    # ports forwarded to it reach that run and nothing else (a Spark driver that a cluster's
    # executors connect back to). See own_network_run in scheduler/sandbox/__init__.py.
    "single": {"preload": [], "network": True},
}


class PortTaken(SandboxUnavailable):
    """A port chosen for a forward was taken meanwhile: choose others."""


def family_of(kind: str) -> str:
    return "sql" if kind == "sql" else "code"


class Launcher:
    """One warm launcher process (in bubblewrap unless the sandbox is off) and its helpers."""

    def __init__(self, family: str = "code", forwards: tuple[int, ...] = ()):
        """`forwards`: TCP ports of the worker host forwarded to the same ports of the
        sandbox's network (slirp4netns' API), for as long as the launcher lives."""
        self.family = FAMILIES[family]
        self.isolate = isolated()
        self.pid = os.getpid()
        self.helpers: list[subprocess.Popen] = []
        self.slirp_exit: int | None = None
        self.forwards = tuple(forwards)
        self.api_folder: str | None = None
        self.forward_ids: list[int] = []
        self.sending = threading.Lock()
        self.control, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        _prepare_roots()
        try:
            self.process = self._start(child_end)
        except BaseException:
            self.close()
            raise
        finally:
            child_end.close()
        reply = self._receive(START_TIMEOUT_SECONDS)
        if not reply or reply.get("op") != "ready":
            self.close()
            raise SandboxUnavailable(f"the sandbox did not start: {self.errors() or 'no reply'}")
        if self.api_folder:
            try:
                for port in self.forwards:
                    self.forward_ids.append(self._forward(port))
            except BaseException:
                self.close()
                raise

    def _start(self, child_end: socket.socket) -> subprocess.Popen:
        control_fd = child_end.fileno()
        if not self.isolate:
            process = subprocess.Popen(
                _with_control_fd(
                    [outer.launcher_python(False), "-I", "-B", str(outer.RUNTIME / "launcher.py")],
                    control_fd,
                ),
                pass_fds=[control_fd],
                env={"PATH": outer.run_path(False), "LANG": "C.UTF-8"},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                cwd=outer.runs_root(),
            )
            self._relay_stderr(process)
            self._receive(START_TIMEOUT_SECONDS)  # hello
            self.control.send(
                json.dumps(
                    {
                        "isolate": False,
                        "preload": self.family["preload"],
                        "folders": {
                            "runs": str(outer.runs_root()),
                            "files": str(outer.files_root()),
                        },
                    }
                ).encode()
            )
            return process
        network = settings.WORKBENCH_SANDBOX_NETWORK and self.family["network"]
        _check_tools(network)
        info_r, info_w = os.pipe()
        args, data_fds = outer.build(network=network, info_fd=info_w)
        try:
            process = subprocess.Popen(
                _with_control_fd(args, control_fd),
                pass_fds=[control_fd, info_w, *data_fds],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        finally:
            for fd in (info_w, *data_fds):
                os.close(fd)
        self._relay_stderr(process)
        try:
            sandbox_pid = _read_info(info_r, process)["child-pid"]
        finally:
            os.close(info_r)
        # The launcher says hello once bubblewrap has set everything up; only then is the
        # network namespace left alone for slirp4netns to attach its device.
        hello = self._receive(START_TIMEOUT_SECONDS)
        if not hello or hello.get("op") != "hello":
            process.kill()
            raise SandboxUnavailable(f"the sandbox did not start: {self.errors() or 'no reply'}")
        folders = {"runs": outer.RUNS, "files": outer.FILES, "work": outer.WORK, "data": outer.DATA}
        config = {"isolate": True, "folders": folders, "preload": self.family["preload"]}
        if network:
            if self.forwards:
                # The API socket lives in a folder of the worker's alone, never in the sandbox.
                self.api_folder = tempfile.mkdtemp(prefix="workbench-slirp-")
            slirp, self.slirp_exit = _start_slirp(sandbox_pid, self.api_socket())
            self.helpers.append(slirp)
            config["network"] = {
                "device": "tap0",
                "mtu": 65520,
                "address": "10.0.2.100/24",
                "gateway": "10.0.2.2",
                "ip": _tool("ip"),
                "nft": _tool("nft"),
                "firewall": outer.firewall_rules(replies_from=self.forwards),
            }
        self.control.send(json.dumps(config).encode())
        return process

    def _relay_stderr(self, process: subprocess.Popen) -> None:
        self._stderr: list[str] = []

        def relay():
            for raw in iter(process.stderr.readline, b""):
                line = raw.decode(errors="replace").rstrip()
                self._stderr = [*self._stderr[-20:], line]
                log.warning("sandbox: %s", line)

        threading.Thread(target=relay, daemon=True, name="sandbox-stderr").start()

    def errors(self) -> str:
        time.sleep(0.05)  # let the relay catch the last lines of a process that just failed
        return " | ".join(self._stderr[-5:])

    def alive(self) -> bool:
        return self.pid == os.getpid() and self.process.poll() is None

    def api_socket(self) -> str | None:
        return os.path.join(self.api_folder, "slirp.sock") if self.api_folder else None

    def _slirp_api(self, request: dict) -> dict:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as api:
            api.settimeout(5)
            api.connect(self.api_socket())
            api.sendall(json.dumps(request).encode())
            api.shutdown(socket.SHUT_WR)
            data = b""
            while chunk := api.recv(65536):
                data += chunk
        return json.loads(data or b"{}")

    def _forward(self, port: int) -> int:
        """Forward the host's TCP `port` (every address) to the sandbox's; the forward's id."""
        arguments = {"proto": "tcp", "host_addr": "0.0.0.0", "host_port": port, "guest_port": port}
        reply = self._slirp_api({"execute": "add_hostfwd", "arguments": arguments})
        if "return" not in reply:
            raise PortTaken(f"port {port} could not be forwarded: {reply.get('error') or reply}")
        return int(reply["return"]["id"])

    def listed_forwards(self) -> list[dict]:
        """The forwards slirp4netns holds (empty once it is gone)."""
        if not self.api_folder:
            return []
        try:
            return self._slirp_api({"execute": "list_hostfwd"}).get("entries") or []
        except OSError:
            return []

    def _remove_forwards(self) -> None:
        while self.forward_ids:
            forward = self.forward_ids.pop()
            try:
                self._slirp_api({"execute": "remove_hostfwd", "arguments": {"id": forward}})
            except (OSError, ValueError) as exc:  # slirp4netns is gone: so is the forward
                log.warning("could not remove the forward %s: %s", forward, exc)

    def close(self) -> None:
        if self.api_folder:
            self._remove_forwards()
        with contextlib.suppress(OSError):
            self.control.close()
        if self.slirp_exit is not None:
            with contextlib.suppress(OSError):
                os.close(self.slirp_exit)
            self.slirp_exit = None
        started = [self.process] if hasattr(self, "process") else []
        for proc in (*started, *self.helpers):
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        if self.api_folder:
            shutil.rmtree(self.api_folder, ignore_errors=True)
            self.api_folder = None

    def _receive(self, timeout: float) -> dict | None:
        ready = readable(self.control, timeout)
        if not ready:
            return None
        try:
            data = self.control.recv(65536)
        except OSError:
            return None
        return json.loads(data) if data else None

    def send(self, message: dict, fds=()) -> None:
        """One message to the launcher (runs of several threads may share it)."""
        with self.sending:
            if fds:
                socket.send_fds(self.control, [json.dumps(message).encode()], list(fds))
            else:
                self.control.send(json.dumps(message).encode())

    def run(self, request: RunRequest) -> RunOutcome:
        return _Run(self, request).go()


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data) :]


def readable(fd, timeout: float) -> bool:
    return bool(select.select([fd], [], [], timeout)[0])


class _Run:
    def __init__(self, launcher: Launcher, request: RunRequest):
        self.launcher, self.request = launcher, request
        self.id = secrets.token_hex(8)
        self.name = f"{request.label}-{self.id}"
        self.folder = os.path.join(settings.DATA_DIR, "runs", self.name)
        self.kept = 0
        self.truncated = False
        self.partial = {"out": b"", "res": b""}

    def go(self) -> RunOutcome:
        request = self.request
        self._make_folders()
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        res_r, res_w = os.pipe()
        status_r, status_w = os.pipe()
        payload = json.dumps(
            {
                "kind": request.kind,
                "script": request.script,
                "env": request.env,
                "context": request.context,
                **request.job,
            }
        ).encode()
        message = {
            "op": "run",
            "id": self.id,
            "session": request.session,
            "run_dir": None if request.session else self.name,
            "project_dir": str(request.project_id),
            "network": request.network,
            "limits": {
                "memory_mb": settings.WORKBENCH_TASK_MEMORY_MB,
                "processes": settings.WORKBENCH_TASK_PROCESSES,
                "tmp_mb": settings.WORKBENCH_TASK_TMP_MB,
                "file_mb": settings.WORKBENCH_TASK_FILE_MB,
                **request.limits,
            },
        }
        theirs = [in_r, out_w, res_w, status_w]
        try:
            self.launcher.send(message, theirs)
        except OSError as exc:
            for fd in (*theirs, in_w, out_r, res_r, status_r):
                os.close(fd)
            self._remove_folder()
            return RunOutcome(None, crashed=f"the sandbox is gone: {exc}")
        for fd in theirs:
            os.close(fd)
        try:
            return self._relay(in_w, out_r, res_r, status_r, payload)
        finally:
            self._remove_folder()

    def _make_folders(self) -> None:
        # (os.path, not pathlib: every run passes here, and pathlib costs it noticeably more)
        uid, gid = outer.sandbox_ids()
        project = os.path.join(settings.DATA_DIR, "files", str(int(self.request.project_id)))
        try:
            os.mkdir(project, 0o700)
        except FileExistsError:
            pass
        as_root = outer.running_as_root()
        if as_root:
            ownership.give_tree(project, uid, gid)
        if self.request.session:
            return  # a session job has no folder of its own
        os.mkdir(self.folder, 0o700)
        for name, text in self.request.files.items():
            path = os.path.join(self.folder, name)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                _write_all(fd, text.encode())
                if as_root:
                    os.fchown(fd, uid, gid)
            finally:
                os.close(fd)
        if as_root:
            os.chown(self.folder, uid, gid)

    def _remove_folder(self) -> None:
        if self.request.session:
            return
        try:  # what we put there, by name: walking the tree costs a dozen system calls more
            for name in self.request.files:
                os.unlink(os.path.join(self.folder, name))
            os.rmdir(self.folder)
        except OSError:  # the run left files of its own (or took ours)
            shutil.rmtree(self.folder, ignore_errors=True)

    def _relay(self, in_w: int, out_r: int, res_r: int, status_r: int, payload: bytes):
        request = self.request
        # poll(), not an epoll selector: registering costs no system call (each one lets go of
        # the GIL, which the worker's other slot is likely waiting for).
        poller = select.poll()
        names = {status_r: "status", out_r: "out", res_r: "res"}
        for fd in names:
            poller.register(fd, select.POLLIN)
        os.set_blocking(in_w, False)
        payload = self._feed(in_w, payload)  # most fit in the pipe at once
        if payload:
            names[in_w] = "in"
            poller.register(in_w, select.POLLOUT)
        else:
            os.close(in_w)
            in_w = -1
        deadline = time.monotonic() + request.timeout_seconds if request.timeout_seconds else None
        next_check = time.monotonic() + KILL_CHECK_SECONDS
        code: int | None = None
        stopped = None
        crashed = ""
        exit_seen_at = None
        killed_at = None
        open_pipes = {"out", "res"}
        try:
            while open_pipes or code is None:
                now = time.monotonic()
                if exit_seen_at and now - exit_seen_at > EXIT_GRACE_SECONDS:
                    break  # a descendant still holds the output: the run itself is over
                if killed_at and code is None and now - killed_at > 10:
                    crashed = "the sandbox did not stop the run; it was restarted"
                    self.launcher.close()
                    break
                if code is None and stopped is None and now >= next_check:
                    next_check = now + KILL_CHECK_SECONDS
                    timed_out = deadline and now > deadline
                    stopped = "timeout" if timed_out else request.should_stop()
                    if stopped:
                        self._send({"op": "kill", "id": self.id})
                        killed_at = now
                wait = KILL_CHECK_SECONDS if code is None else EXIT_GRACE_SECONDS
                for fd, _ in poller.poll(max(0.0, min(wait, next_check - now)) * 1000):
                    name = names[fd]
                    if name == "in":
                        payload = self._feed(in_w, payload)
                        if not payload:
                            poller.unregister(in_w)
                            os.close(in_w)
                            in_w = -1
                    elif name == "status":
                        message = os.read(status_r, 4096)
                        poller.unregister(status_r)
                        if message:
                            code = json.loads(message)["exit"]
                        else:  # the launcher died without telling
                            crashed = f"the sandbox stopped: {self.launcher.errors()}"
                            code = -1
                        exit_seen_at = time.monotonic()
                    elif not self._read(fd, name):
                        poller.unregister(fd)
                        open_pipes.discard(name)
        finally:
            for fd in (in_w, out_r, res_r, status_r):
                if fd >= 0:
                    os.close(fd)
        self._flush_partial()
        return RunOutcome(code, stopped=stopped, truncated=self.truncated, crashed=crashed)

    def _send(self, message: dict) -> None:
        with contextlib.suppress(OSError):
            self.launcher.send(message)

    def _feed(self, fd: int, payload: bytes) -> bytes:
        try:
            written = os.write(fd, payload)
        except BlockingIOError:
            return payload  # the pipe is full: the rest when it has room
        except BrokenPipeError:
            return b""  # the run ended without reading it
        return payload[written:]

    def _read(self, fd: int, name: str) -> bool:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return False
        data = self.partial[name] + chunk
        *lines, self.partial[name] = data.split(b"\n")
        for line in lines:
            self._line(name, line)
        return True

    def _flush_partial(self) -> None:
        for name, rest in self.partial.items():
            if rest:
                self._line(name, rest)
        self.partial = {"out": b"", "res": b""}

    def _line(self, name: str, raw: bytes) -> None:
        if name == "res":
            try:
                self.request.on_result(json.loads(raw))
            except ValueError:
                self._output(raw)
            return
        self._output(raw)

    def _output(self, raw: bytes) -> None:
        if self.truncated:
            return
        self.kept += len(raw) + 1
        if self.kept > settings.WORKBENCH_LOG_MAX_BYTES:
            self.truncated = True
            limit = settings.WORKBENCH_LOG_MAX_BYTES // (1024 * 1024)
            self.request.on_output(f"... output beyond {limit} MB was not kept")
            return
        self.request.on_output(raw.decode(errors="replace"))


def _prepare_roots() -> None:
    uid, gid = outer.sandbox_ids()
    for root in (outer.runs_root(), outer.files_root()):
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o711)  # the sandbox's user may enter, not list
        if outer.running_as_root():
            os.chown(root, 0, 0)


def _with_control_fd(args: list[str], fd: int) -> list[str]:
    """The launcher learns its control socket from its command line (bubblewrap clears env)."""
    return [*args, "--control-fd", str(fd)]


def _read_info(fd: int, process: subprocess.Popen) -> dict:
    """bubblewrap's note of the sandbox's first process (written once it exists)."""
    data = b""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if not readable(fd, 0.5):
            if process.poll() is not None:
                break
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
        try:
            return json.loads(data)
        except ValueError:
            continue
    raise SandboxUnavailable(f"bubblewrap did not start (exit {process.poll()})")


def _start_slirp(pid: int, api_socket: str | None = None) -> tuple[subprocess.Popen, int]:
    """slirp4netns attached to the sandbox's network; it stops when the returned fd closes.
    With `api_socket`, it listens there for forwards to add and remove."""
    ready_r, ready_w = os.pipe()
    exit_r, exit_w = os.pipe()
    api = ["--api-socket", api_socket] if api_socket else []
    # slirp4netns' own sandbox makes only "/" private before it lets go of the old root: run as
    # root, in the host's mount namespace, that detach reaches the host's shared mounts under
    # it (every /run/netns/NAME of `ip netns`, say). A private mount namespace of its own first.
    private = ["unshare", "--mount", "--propagation", "private", "--"]
    process = subprocess.Popen(
        [
            *(private if outer.running_as_root() else []),
            "slirp4netns",
            *api,
            "--exit-fd",
            str(exit_r),
            "--disable-host-loopback",
            "--enable-sandbox",
            "--enable-seccomp",
            "--ready-fd",
            str(ready_w),
            str(pid),
            "tap0",
        ],
        pass_fds=[ready_w, exit_r],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(ready_w)
    os.close(exit_r)
    try:
        ready = readable(ready_r, 10)
        if not ready or not os.read(ready_r, 1):
            process.kill()
            raise SandboxUnavailable("slirp4netns did not set up the sandbox's network")
    finally:
        os.close(ready_r)
    os.set_inheritable(exit_w, False)
    return process, exit_w


REQUIRED_TOOLS = {
    "bwrap": "bubblewrap",
    "slirp4netns": "slirp4netns",
    "nft": "nftables",
    "ip": "iproute2",
    "setpriv": "util-linux",
    "unshare": "util-linux",
}


def _check_tools(network: bool) -> None:
    needed = dict(REQUIRED_TOOLS)
    if not network:
        needed.pop("slirp4netns")
        needed.pop("nft")
        needed.pop("ip")
    if not outer.running_as_root():
        needed.pop("setpriv")
        needed.pop("unshare")
    missing = [
        tool for tool in needed if not shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin")
    ]
    if missing:
        packages = " ".join(sorted({needed[t] for t in missing}))
        raise SandboxUnavailable(
            f"{', '.join(missing)} not found: install the Debian packages {packages} "
            "(make run does), or set WORKBENCH_SANDBOX=off to run user code without a sandbox"
        )


def _tool(name: str) -> str | None:
    return shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
