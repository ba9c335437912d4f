"""The warm launcher: a Python process that starts every run of user code as a fork of itself.

It is started once per worker process, inside bubblewrap (the outer sandbox: read-only system,
no application files, its own network, user and process namespaces), and it never runs user
code itself. For each run it forks; the fork enters fresh user, mount, process, IPC and UTS
namespaces (and an empty network namespace when the run has no network), sees only its own run
folder (/work) and its project's file folder (/data), gets a private /tmp and /proc, limits,
no capabilities, and becomes the run: Python code runs in the already-warm interpreter, shell
code is exec'd, SQL on file engines runs on the preloaded drivers.

Nothing confidential passes through this process: a run's code lies in its folder and its
parameters and credentials come down a pipe that only the run reads, so a later run of another
project forked from here finds none of them in its memory.

Protocol (a SOCK_SEQPACKET socket, its fd given as --control-fd N; JSON messages):
  <- {"op": "run", "id": ID, "run_dir": NAME, "project_dir": NAME|null, "network": bool,
      "limits": {...}}  with three file descriptors: input, output, results
  -> {"op": "started", "id": ID}  or  {"op": "exit", "id": ID, "code": N}
  <- {"op": "kill", "id": ID}
"""

import json
import os
import resource
import select
import signal
import socket
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves this folder out

import linux  # noqa: E402

RUN_UID = 1000  # the run's user inside its namespace


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
    import subprocess

    done = subprocess.run(args, input=stdin, text=True, capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")


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


class Launcher:
    def __init__(self, control: socket.socket, config: dict):
        self.control = control
        self.isolate = config["isolate"]
        self.folders = config["folders"]
        self.children: dict[str, tuple[int, int]] = {}  # run id -> (pid, pidfd)

    def serve(self) -> None:
        try:
            self._serve()
        finally:
            for pid, _ in self.children.values():
                self.kill(pid)

    def _serve(self) -> None:
        while True:
            pidfds = {pidfd: run_id for run_id, (_, pidfd) in self.children.items()}
            readable, _, _ = select.select([self.control, *pidfds], [], [])
            for item in readable:
                if item is self.control:
                    if not self.receive():
                        return
                else:
                    self.reap(pidfds[item])

    def receive(self) -> bool:
        try:
            data, fds, _, _ = socket.recv_fds(self.control, 65536, 3)
        except ConnectionResetError:
            return False
        if not data:
            return False  # the worker went away: so do we (and with us, every run)
        message = json.loads(data)
        if message["op"] == "run":
            self.start(message, fds)
        elif message["op"] == "kill":
            for fd in fds:
                os.close(fd)
            child = self.children.get(message["id"])
            if child:
                self.kill(child[0])
        return True

    def start(self, message: dict, fds: list[int]) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            try:
                self.control.close()
                linux.prctl(linux.PR_SET_DUMPABLE, 1)  # its own /proc files must be its own
                if self.isolate:
                    enter_namespaces(message, fds, self.folders)
                else:
                    os.setsid()
                    become_run(message, fds, self.folders, isolated=False)
            except BaseException:
                traceback.print_exc()
            os._exit(127)
        for fd in fds:
            os.close(fd)
        self.children[message["id"]] = (pid, os.pidfd_open(pid))
        self.send({"op": "started", "id": message["id"]})

    def kill(self, pid: int) -> None:
        try:
            if self.isolate:
                os.kill(pid, signal.SIGKILL)  # its process namespace goes with it
            else:
                os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def reap(self, run_id: str) -> None:
        pid, pidfd = self.children.pop(run_id)
        _, status = os.waitpid(pid, 0)
        os.close(pidfd)
        if not self.isolate:  # what the run left behind goes too
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.send({"op": "exit", "id": run_id, "code": os.waitstatus_to_exitcode(status)})

    def send(self, message: dict) -> None:
        self.control.send(json.dumps(message).encode())


def enter_namespaces(message: dict, fds: list[int], folders: dict) -> None:
    """The run's first fork: new namespaces, then a second fork that is PID 1 of the run."""
    limits = message["limits"]
    nproc = int(limits.get("processes") or 0)
    if nproc:  # taken as the new user namespace's limit when it is made
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
    uid, gid = os.getuid(), os.getgid()
    flags = (
        linux.CLONE_NEWUSER
        | linux.CLONE_NEWNS
        | linux.CLONE_NEWPID
        | linux.CLONE_NEWIPC
        | linux.CLONE_NEWUTS
    )
    if not message.get("network", True):
        flags |= linux.CLONE_NEWNET
    linux.unshare(flags)
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{RUN_UID} {uid} 1\n")
    _write("/proc/self/gid_map", f"{RUN_UID} {gid} 1\n")
    alive_r, alive_w = os.pipe()  # closed when this process dies: the run checks it once
    pid = os.fork()
    if pid == 0:
        os.close(alive_w)
        linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
        if select.select([alive_r], [], [], 0)[0]:
            os._exit(137)  # the parent was killed before the line above: stop too
        os.close(alive_r)
        become_run(message, fds, folders, isolated=True)
        os._exit(127)
    os.close(alive_r)
    for fd in fds:
        os.close(fd)
    linux.drop_capabilities(bounding=False)  # it only waits, and never execs
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):  # pass a death by signal on as such
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def become_run(message: dict, fds: list[int], folders: dict, *, isolated: bool):
    """Set up the run's view and limits, then turn into the run (never returns)."""
    limits = message["limits"]
    runs_root, files_root = folders["runs"], folders["files"]
    run_dir = os.path.join(runs_root, _plain_name(message["run_dir"]))
    project_dir = message.get("project_dir")
    project_dir = os.path.join(files_root, _plain_name(project_dir)) if project_dir else None
    if isolated:
        work, data = folders["work"], folders["data"] if project_dir else ""
        linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
        linux.mount(run_dir, work, None, linux.MS_BIND | linux.MS_REC)
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
    else:
        work, data = run_dir, project_dir or ""
    os.chdir(work)
    _set_limits(limits)
    if isolated:
        linux.drop_capabilities()
    linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)
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
    import jobs

    jobs.run(job, environment)


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
    with open(path, "w") as handle:
        handle.write(text)


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[sys.argv.index("--control-fd") + 1]))
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
