"""The warm launcher: a Python process that starts every run of user code as a fork of itself.

It is started once per worker process, inside bubblewrap (the outer sandbox: read-only system,
no application files, its own network, user and process namespaces), and it never runs user
code itself. For each run it forks straight into fresh user, mount, process, IPC and UTS
namespaces (and an empty network namespace when the run has no network); the fork is PID 1
there, sees only its own run folder (/work) and its project's file folder (/data), gets a
private /tmp and /proc, limits, no capabilities, and becomes the run: Python code runs in the already-warm interpreter, shell
code is exec'd, SQL on file engines runs on the preloaded drivers.

Nothing confidential passes through this process: a run's code lies in its folder and its
parameters and credentials come down a pipe that only the run reads, so a later run of another
project forked from here finds none of them in its memory.

Protocol (a SOCK_SEQPACKET socket, its fd given as --control-fd N; JSON messages):
  -> {"op": "hello"}, then <- the configuration, then -> {"op": "ready"}
  <- {"op": "run", "id": ID, "run_dir": NAME, "project_dir": NAME|null, "network": bool,
      "limits": {...}}  with four file descriptors: input, output, results, status
  <- {"op": "kill", "id": ID}
A run's exit code is written to its status pipe as {"exit": N}; the run itself never holds it.
Runs may overlap (a worker process with several threads).
"""

import json
import os
import resource
import select
import signal
import socket
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves this folder out

import linux  # noqa: E402

RUN_UID = 1000  # the run's user inside its namespace
LAUNCHER_IDS = (os.getuid(), os.getgid())  # what a run's user is outside its namespace


def unlock_proc() -> None:
    """Take away the read-only covers bubblewrap put inside /proc, so a run may mount a /proc of
    its own process namespace (the kernel refuses that while any part of /proc is covered)."""
    covered = []
    with open("/proc/self/mountinfo") as mounts:
        for line in mounts:
            point = line.split()[4]
            if point.startswith("/proc/"):
                covered.append(point)
    for point in sorted(covered, key=len, reverse=True):
        linux.umount(point)


def _command(*args: str, stdin: str = "") -> None:
    """Run a tool (given by its full path) and wait for it. Not through `subprocess`: that
    imports `threading`, whose after-fork hook would then cost every run a hundred pages."""
    in_r, in_w = os.pipe()
    err_r, err_w = os.pipe()
    try:
        actions = [(os.POSIX_SPAWN_DUP2, in_r, 0), (os.POSIX_SPAWN_DUP2, err_w, 2)]
        pid = os.posix_spawn(args[0], list(args), {}, file_actions=actions)
    finally:
        os.close(in_r)
        os.close(err_w)
    with os.fdopen(in_w, "w") as feed:
        feed.write(stdin)
    with os.fdopen(err_r, "rb") as errors:
        said = errors.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)}: {said.strip()}")


def set_up_network(network: dict) -> None:
    """Address and route of the tap device slirp4netns attached, then the firewall rules."""
    ip, device = network["ip"], network["device"]
    _command(ip, "link", "set", device, "mtu", str(network["mtu"]), "up")
    _command(ip, "addr", "add", network["address"], "dev", device)
    _command(ip, "route", "add", "default", "via", network["gateway"], "dev", device)
    _command(network["nft"], "-f", "-", stdin=network["firewall"])


def preload(modules: list[str]) -> None:
    """Import what runs use, once: each fork starts with it loaded. Only what every run of
    this launcher needs: a larger process costs every fork more."""
    import contextlib
    import gc

    for name in ["types", "jobs", "workbench_task", *modules]:
        with contextlib.suppress(ImportError):
            __import__(name)
    # A fork pays for every page it writes to. The compiler's first use sets up much of its
    # state, and the garbage collector walking the launcher's objects writes to all of them:
    # do the first here, and keep the second off the launcher's objects.
    exec(compile("import os\nvalue = [1, 2]\n", "<warm-up>", "exec"), {})
    gc.collect()
    gc.freeze()


SESSION_IDLE_SECONDS = 1.0


class Session:
    def __init__(self, pid: int, pidfd: int, channel: socket.socket):
        self.pid, self.pidfd, self.channel = pid, pidfd, channel
        self.jobs: set[str] = set()  # the one it runs
        self.waiting: list[tuple[dict, list[int]]] = []  # jobs waiting for it, with their fds
        self.idle_since = time.monotonic()
        self.closing = False


class Launcher:
    def __init__(self, control: socket.socket, config: dict):
        self.control = control
        self.isolate = config["isolate"]
        self.folders = config["folders"]
        self.children: dict[str, tuple[int, int, int]] = {}  # run id -> (pid, pidfd, status)
        self.sessions: dict[str, Session] = {}  # SQL sessions by database
        self.session_of: dict[str, str] = {}  # job id -> session key
        self.retired: dict[int, Session] = {}  # killed sessions not reaped yet, by pidfd
        self.alive: dict[int, int] = {}  # run pid -> the write end of its launcher-alive pipe

    def serve(self) -> None:
        try:
            self._serve()
        finally:
            for pid, _, _ in self.children.values():
                self.kill(pid)
            for session in [*self.sessions.values(), *self.retired.values()]:
                self.kill(session.pid)

    def _serve(self) -> None:
        while True:
            pidfds = {pidfd: run_id for run_id, (_, pidfd, _) in self.children.items()}
            ends = {session.pidfd: key for key, session in self.sessions.items()}
            channels = {session.channel: key for key, session in self.sessions.items()}
            waiting = [self.control, *pidfds, *ends, *channels, *self.retired]
            readable, _, _ = select.select(waiting, [], [], self.next_idle_check())
            for item in readable:
                if item is self.control:
                    if not self.receive():
                        return
                    continue
                try:  # an item may belong to a session an earlier item of this round ended
                    if item in pidfds:
                        self.reap(pidfds[item])
                    elif item in ends and ends[item] in self.sessions:
                        self.session_ended(ends[item])
                    elif item in self.retired:
                        session = self.retired.pop(item)
                        os.waitpid(session.pid, 0)
                        self.ended(session.pid, session.pidfd)
                        session.channel.close()
                    elif item in channels and self.sessions.get(channels[item]) is not None:
                        self.session_said(channels[item])
                except Exception:  # one run's bookkeeping must not take the others down
                    traceback.print_exc()
            self.close_idle_sessions()

    def receive(self) -> bool:
        try:
            data, fds, _, _ = socket.recv_fds(self.control, 65536, 4)
        except ConnectionResetError:
            return False
        if not data:
            return False  # the worker went away: so do we (and with us, every run)
        message = json.loads(data)
        if message["op"] == "run" and message.get("session"):
            self.to_session(message, fds)
        elif message["op"] == "run":
            self.start(message, fds)
        elif message["op"] == "kill":
            for fd in fds:
                os.close(fd)
            child = self.children.get(message["id"])
            if child:
                self.kill(child[0])
            key = self.session_of.get(message["id"])
            if key in self.sessions:
                self.retire(key, message["id"])
        return True

    # --- SQL sessions: one process per project database, kept while jobs keep coming ----------

    def to_session(self, message: dict, fds: list[int]) -> None:
        """A session runs one job at a time; the others wait here (not in the session, so that
        killing the session for one job loses none of them)."""
        key = message["session"]
        session = self.sessions.get(key)
        if session is None:
            session = self.sessions[key] = self.open_session(message, fds)
            session.jobs.add(message["id"])
        else:
            session.waiting.append((message, fds))
            self.forward_next(session)
        self.session_of[message["id"]] = key

    def forward_next(self, session: "Session") -> None:
        if session.jobs or not session.waiting or session.closing:
            return
        message, fds = session.waiting.pop(0)
        socket.send_fds(session.channel, [json.dumps({"id": message["id"]}).encode()], fds)
        for fd in fds:
            os.close(fd)
        session.jobs.add(message["id"])

    def open_session(self, message: dict, fds: list[int]) -> "Session":
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid, pidfd = self.fork_run(message, fds, channel=theirs, close=[ours])
        theirs.close()
        return Session(pid, pidfd, ours)

    def retire(self, key: str, job_id: str) -> None:
        """Kill the job: drop it if it still waits, else kill its session (the jobs waiting
        behind it then get a new session)."""
        session = self.sessions[key]
        self.session_of.pop(job_id, None)
        for waiting in session.waiting:
            if waiting[0]["id"] == job_id:
                session.waiting.remove(waiting)
                for fd in waiting[1]:
                    os.close(fd)
                return
        del self.sessions[key]
        self.kill(session.pid)
        self.retired[session.pidfd] = session
        for message, fds in session.waiting:
            self.to_session(message, fds)

    def session_said(self, key: str) -> None:
        session = self.sessions[key]  # (a session ended this round is no longer there)
        try:
            data = session.channel.recv(65536)
        except OSError:
            data = b""
        if not data:
            return  # it is ending; its pidfd says when
        done = json.loads(data).get("done")
        session.jobs.discard(done)
        self.session_of.pop(done, None)
        session.idle_since = time.monotonic()
        self.forward_next(session)

    def session_ended(self, key: str) -> None:
        session = self.sessions.pop(key)
        os.waitpid(session.pid, 0)
        self.ended(session.pid, session.pidfd)
        session.channel.close()
        for job in session.jobs:
            self.session_of.pop(job, None)
        for message, fds in session.waiting:  # it ended (idle) as jobs came: a new one runs them
            self.to_session(message, fds)

    def next_idle_check(self) -> float | None:
        idle = [s.idle_since for s in self.sessions.values() if not s.jobs and not s.closing]
        if not idle:
            return None
        return max(0.0, min(idle) + SESSION_IDLE_SECONDS - time.monotonic())

    def close_idle_sessions(self) -> None:
        """A session lets its database go once idle: other processes (a Python node, the web)
        may want the file, and DuckDB lets one process at a time have it."""
        now = time.monotonic()
        for session in self.sessions.values():
            if (
                not session.jobs
                and not session.closing
                and now - session.idle_since > SESSION_IDLE_SECONDS
            ):
                session.closing = True
                session.channel.shutdown(socket.SHUT_WR)

    def start(self, message: dict, fds: list[int]) -> None:
        *fds, status = fds
        pid, pidfd = self.fork_run(message, fds, close=[status])
        self.children[message["id"]] = (pid, pidfd, status)

    def fork_run(self, message: dict, fds: list[int], *, close: list, channel=None):
        """Start a run (or a SQL session, given its channel): (pid, pidfd). The fds given are
        the run's, and closed here."""
        sys.stdout.flush()
        sys.stderr.flush()
        alive_r, alive_w = os.pipe()  # closed when the launcher dies: the run checks it once
        if self.isolate:
            pid, pidfd = fork_isolated(message)
        else:
            pid = os.fork()
            pidfd = os.pidfd_open(pid) if pid else -1
        if pid == 0:
            try:
                for item in (*close, self.control, alive_w):
                    os.close(item) if isinstance(item, int) else item.close()
                if self.isolate:
                    enter_namespaces(message, fds, self.folders, alive_r, channel=channel)
                else:
                    os.setsid()
                    become_run(message, fds, self.folders, isolated=False, channel=channel)
            except BaseException:
                traceback.print_exc()
            os._exit(127)
        os.close(alive_r)
        self.alive[pid] = alive_w
        for fd in fds:
            os.close(fd)
        return pid, pidfd

    def kill(self, pid: int) -> None:
        try:
            if self.isolate:
                os.kill(pid, signal.SIGKILL)  # its process namespace goes with it
            else:
                os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def reap(self, run_id: str) -> None:
        pid, pidfd, status_fd = self.children.pop(run_id)
        _, status = os.waitpid(pid, 0)
        self.ended(pid, pidfd)
        if not self.isolate:  # what the run left behind goes too
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            os.write(status_fd, json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
        except OSError:
            pass  # the worker stopped waiting for it
        os.close(status_fd)

    def ended(self, pid: int, pidfd: int) -> None:
        os.close(pidfd)
        os.close(self.alive.pop(pid))

    def send(self, message: dict) -> None:
        self.control.send(json.dumps(message).encode())


RUN_NAMESPACES = (
    linux.CLONE_NEWUSER | linux.CLONE_NEWNS | linux.CLONE_NEWPID | linux.CLONE_NEWIPC
    | linux.CLONE_NEWUTS
)  # fmt: skip


def fork_isolated(message: dict) -> tuple[int, int]:
    """Fork a run straight into new namespaces: it is PID 1 of its own process namespace."""
    flags = RUN_NAMESPACES
    if not message.get("network", True):
        flags |= linux.CLONE_NEWNET
    nproc = int(message["limits"].get("processes") or 0)
    soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
    if nproc:  # the new user namespace takes its process limit from ours when it is made
        resource.setrlimit(resource.RLIMIT_NPROC, (min(nproc, hard), hard))
    try:
        return linux.fork_into(flags)
    finally:
        if nproc:
            resource.setrlimit(resource.RLIMIT_NPROC, (soft, hard))


def enter_namespaces(message: dict, fds: list[int], folders: dict, alive: int, channel=None):
    """In the run, PID 1 of its namespaces: its user, then the rest (never returns)."""
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    if select.select([alive], [], [], 0)[0]:
        os._exit(137)  # the launcher was killed before the line above: stop too
    os.close(alive)
    nproc = int(message["limits"].get("processes") or 0)
    if nproc:
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
    linux.prctl(linux.PR_SET_DUMPABLE, 1)  # its own /proc files must be its own
    uid, gid = LAUNCHER_IDS
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{RUN_UID} {uid} 1\n")
    _write("/proc/self/gid_map", f"{RUN_UID} {gid} 1\n")
    become_run(message, fds, folders, isolated=True, channel=channel)
    os._exit(127)


def become_run(message: dict, fds: list[int], folders: dict, *, isolated: bool, channel=None):
    """Set up the run's view and limits, then turn into the run, or into a SQL session when
    given its `channel` (never returns)."""
    limits = message["limits"]
    runs_root, files_root = folders["runs"], folders["files"]
    run_dir = message.get("run_dir")
    run_dir = os.path.join(runs_root, _plain_name(run_dir)) if run_dir else None
    project_dir = message.get("project_dir")
    project_dir = os.path.join(files_root, _plain_name(project_dir)) if project_dir else None
    if isolated:
        work, data = folders["work"], folders["data"] if project_dir else ""
        linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
        if run_dir:
            linux.mount(run_dir, work, None, linux.MS_BIND | linux.MS_REC)
        else:  # a SQL session has no folder of its own
            linux.mount("tmpfs", work, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, "size=64m")
        if project_dir:
            linux.mount(project_dir, data, None, linux.MS_BIND | linux.MS_REC)
        hidden = linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC
        linux.mount("tmpfs", runs_root, "tmpfs", hidden, "size=4k,mode=555")
        linux.mount("tmpfs", files_root, "tmpfs", hidden, "size=4k,mode=555")
        tmp_size = f"size={int(limits.get('tmp_mb') or 256)}m"
        linux.mount("tmpfs", "/tmp", "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, tmp_size)
        linux.mount("tmpfs", "/dev/shm", "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, tmp_size)
        linux.mount("proc", "/proc", "proc", hidden)
        linux.sethostname("sandbox")
        if not message.get("network", True):
            linux.loopback_up()
    else:
        work, data = run_dir or project_dir or runs_root, project_dir or ""
    os.chdir(work)
    _set_limits(limits)
    if isolated:
        linux.drop_capabilities()
    linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)
    import jobs

    if channel is not None:
        _close_all_but([0, 1, 2, channel.fileno(), *fds])  # other sessions' channels above all
        jobs.serve_session(channel, (message["id"], fds))
        os._exit(0)
    input_fd, output_fd, result_fd = fds
    job = _read_all(input_fd)
    devnull = os.open("/dev/null", os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.dup2(result_fd, 3)
    os.closerange(4, 65536)
    environment = dict(job.get("env") or {})
    environment.update(HOME=work, TMPDIR="/tmp", WORKBENCH_WORK_DIR=work, WORKBENCH_DATA_DIR=data)
    environment["WORKBENCH_CONTEXT"] = json.dumps(job.get("context") or {})
    jobs.run(job, environment)


def _close_all_but(keep: list[int]) -> None:
    low = 0
    for fd in sorted(set(keep)):
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 65536)


def _set_limits(limits: dict) -> None:
    memory = int(limits.get("memory_mb") or 0) * 1024 * 1024
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    file_size = int(limits.get("file_mb") or 0) * 1024 * 1024
    if file_size:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _read_all(fd: int) -> dict:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    os.close(fd)
    return json.loads(b"".join(chunks) or b"{}")


def _plain_name(name: str) -> str:
    if not name or "/" in name or name in (".", ".."):
        raise ValueError(f"not a folder name: {name!r}")
    return name


def _write(path: str, text: str) -> None:
    # (os.open, not open(): a file object's layers would write to more of the launcher's pages)
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[sys.argv.index("--control-fd") + 1]))
    # The fd may come non-blocking: then a reply the worker has not sent yet (a busy worker)
    # would end this launcher at its first recv.
    control.setblocking(True)
    control.send(json.dumps({"op": "hello", "pid": os.getpid()}).encode())
    config = json.loads(control.recv(65536))
    if config["isolate"]:
        unlock_proc()
        if config.get("network"):
            set_up_network(config["network"])
        linux.drop_capabilities()
        linux.prctl(linux.PR_SET_DUMPABLE, 0)  # runs share our user: keep them out of our memory
    preload(config.get("preload") or [])
    launcher = Launcher(control, config)
    launcher.send({"op": "ready", "pid": os.getpid()})
    launcher.serve()


if __name__ == "__main__":
    main()
