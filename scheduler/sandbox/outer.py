"""The outer sandbox: the bubblewrap command around the warm launcher, and its network.

The launcher sees a read-only system (/usr and a few files of /etc), the Python it runs on, the
runtime folder, and two folders it hands out to runs: the run folders and the projects' file
folders. Nothing else of the host: no application code or settings, no data folder, no
database file, no Redis socket, no environment.

A worker running as root starts the sandbox as an unprivileged user (root without
capabilities may still write kernel settings such as core_pattern). That user may not be
allowed to walk to the folders it needs (a Python under /root, say), so they are first bound
into a staging folder in a mount namespace of the starting process only; the host sees an
empty folder.

The network is a namespace of its own, connected by slirp4netns (a user-mode TCP/IP stack)
without access to the host's loopback; nftables rules inside refuse the host's own addresses
and the application's database and broker wherever they are.
"""

import functools
import glob
import ipaddress
import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings

from workbench import netguard

RUNTIME = Path(__file__).resolve().parent / "runtime"

# Where things are inside the sandbox.
WORK = "/sandbox/work"  # the run's own folder
DATA = "/sandbox/data"  # the project's file folder (DuckDB and SQLite data sources)
RUNS = "/sandbox/.runs"  # every run folder: hidden from each run but its own
FILES = "/sandbox/.files"  # every project's file folder: hidden likewise
OPT = "/sandbox/.runtime"  # the launcher and the helper module
RUN_USER = "workbench"
DEVICES = ("null", "zero", "full", "random", "urandom")

ETC_FILES = (
    "nsswitch.conf",
    "host.conf",
    "gai.conf",
    "services",
    "protocols",
    "localtime",
    "timezone",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "ssl",
    "ca-certificates",
    "ca-certificates.conf",
    "mime.types",
    "os-release",
    "debian_version",
)

STAGE_SCRIPT = r"""
set -e
stage=$1 uid=$2 gid=$3; shift 3
mount -t tmpfs -o mode=755,size=64k workbench-stage "$stage"
i=0
while [ "$1" != "--" ]; do
  mkdir "$stage/$i"; mount --bind "$1" "$stage/$i"; i=$((i + 1)); shift
done
shift
exec setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all -- "$@"
"""


def running_as_root() -> bool:
    return os.geteuid() == 0


def sandbox_ids() -> tuple[int, int]:
    """The host user and group the sandbox's processes are."""
    if running_as_root():
        return settings.WORKBENCH_SANDBOX_UID, settings.WORKBENCH_SANDBOX_GID
    return os.getuid(), os.getgid()


def runs_root() -> Path:
    return Path(settings.DATA_DIR) / "runs"


def files_root() -> Path:
    return Path(settings.DATA_DIR) / "files"


# Paths the sandbox has its own of: a Python kept under one of them is bound elsewhere.
SANDBOX_OWNED = ("/tmp/", "/var/tmp/", "/dev/", "/proc/", "/sandbox/", "/etc/")
PYTHON = "/sandbox/.python"  # where a virtual environment under such a path is bound


@functools.lru_cache(maxsize=8)
def _real(path: str) -> str:
    """A Python installation's real path (every run's environment names it: read it once)."""
    return os.path.realpath(path)


def python_folders() -> dict[str, str]:
    """Host folder -> where it is in the sandbox: the Python installation and the virtual
    environment the launcher runs on. Both stay at their own path (a virtual environment
    names its installation by path) unless that path is one the sandbox has its own of, such as
    /tmp: a virtual environment is bound at /sandbox/.python then (it finds its installation
    through its pyvenv.cfg wherever it is)."""
    folders: dict[str, str] = {}
    base, venv = _real(sys.base_prefix), _real(sys.prefix)
    for prefix in dict.fromkeys((base, venv)):
        if prefix.startswith("/usr/"):
            continue
        inside = prefix
        if (prefix + "/").startswith(SANDBOX_OWNED):
            if prefix == base:
                from scheduler.sandbox.client import SandboxUnavailable

                raise SandboxUnavailable(
                    f"the Python installation is under {prefix}, a path the sandbox has its "
                    "own of: install it elsewhere (a virtual environment there is fine)"
                )
            inside = PYTHON
        folders[prefix] = inside
    return folders


def venv_inside() -> str:
    venv = _real(sys.prefix)
    return python_folders().get(venv, venv)


def stage_folder() -> Path:
    """An empty folder every user may walk through, owned by us; staging mounts go on it."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"workbench-stage-{os.getuid()}"
    try:
        path.mkdir(mode=0o755)
    except FileExistsError:
        pass
    info = path.lstat()
    if not path.is_dir() or path.is_symlink() or info.st_uid != os.getuid():
        raise RuntimeError(f"{path} is not a folder of this user; remove it")
    path.chmod(0o755)
    return path


def build(*, network: bool, info_fd: int) -> tuple[list[str], list[int]]:
    """The command that starts the launcher in its sandbox, and the descriptors it inherits."""
    staged: list[str] = []  # host folders, bound through the staging folder when root
    fds: list[int] = []

    def source(path: str) -> str:
        if not running_as_root():
            return path
        staged.append(path)
        return f"{stage_folder()}/{len(staged) - 1}"

    def data(text: str, dest: str) -> list[str]:
        read, write = os.pipe()
        os.write(write, text.encode())
        os.close(write)
        fds.append(read)
        return ["--ro-bind-data", str(read), dest]

    args = [
        "bwrap",
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--unshare-net",
        "--die-with-parent",
        "--new-session",
        "--cap-add",
        "CAP_SYS_ADMIN",  # the launcher gives both up once it has set up /proc and the rules
        "--cap-add",
        "CAP_NET_ADMIN",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = f"/{name}"
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for name in ETC_FILES:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for path in sorted(glob.glob("/etc/java-*")):  # Java's settings (Spark), linked from /usr
        args += ["--ro-bind", path, path]
    args += data(f"{RUN_USER}:x:1000:1000:Workbench run:{WORK}:/bin/bash\n", "/etc/passwd")
    args += data(f"{RUN_USER}:x:1000:\n", "/etc/group")
    args += data(hosts_file(), "/etc/hosts")
    args += data("nameserver 10.0.2.3\n" if network else "", "/etc/resolv.conf")
    for folder, inside in python_folders().items():
        args += ["--ro-bind", source(folder), inside]
    args += ["--ro-bind", source(str(RUNTIME)), OPT]
    args += ["--bind", source(str(runs_root())), RUNS, "--bind", source(str(files_root())), FILES]
    args += ["--dir", WORK, "--dir", DATA]
    # Device nodes one by one: bubblewrap's --dev nests a second user namespace, which would
    # leave the network namespace owned by one the launcher has no capability in.
    for device in DEVICES:
        args += ["--dev-bind", f"/dev/{device}", f"/dev/{device}"]
    args += ["--tmpfs", "/dev/shm", "--symlink", "/proc/self/fd", "/dev/fd"]
    for number, name in enumerate(("stdin", "stdout", "stderr")):
        args += ["--symlink", f"/proc/self/fd/{number}", f"/dev/{name}"]
    args += ["--proc", "/proc", "--tmpfs", "/tmp", "--remount-ro", "/"]
    args += ["--clearenv", "--setenv", "PATH", run_path(True), "--setenv", "LANG", "C.UTF-8"]
    args += ["--info-fd", str(info_fd)]
    args += ["--", launcher_python(True), "-I", "-B", f"{OPT}/launcher.py"]
    if staged:
        uid, gid = sandbox_ids()
        args = [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "--",
            "/bin/sh",
            "-c",
            STAGE_SCRIPT,
            "sh",
            str(stage_folder()),
            str(uid),
            str(gid),
            *staged,
            "--",
            *args,
        ]
    return args, fds


def hosts_file() -> str:
    """The host's /etc/hosts and the sandbox's own name (runs are called "sandbox"): programs
    that look their own name up, as Java does, find it."""
    try:
        with open("/etc/hosts") as handle:
            text = handle.read()
    except OSError:
        text = "127.0.0.1 localhost\n"
    return text.rstrip("\n") + "\n127.0.1.1 sandbox\n"


def launcher_python(isolated: bool) -> str:
    """The virtual environment's interpreter (its packages are what runs may import), where
    the launcher sees it."""
    venv = venv_inside() if isolated else _real(sys.prefix)
    return os.path.join(venv, "bin", "python")


def run_path(isolated: bool) -> str:
    venv = venv_inside() if isolated else _real(sys.prefix)
    return f"{venv}/bin:/usr/local/bin:/usr/bin:/bin"


# --- network ----------------------------------------------------------------------------------


def application_services() -> list[tuple[str, int]]:
    """(address, port) of the application's database and broker when they are on the network."""
    services = []
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3") and database.get("HOST"):
        services.append((database["HOST"], int(database.get("PORT") or 5432)))
    redis = urlparse(settings.REDIS_URL)
    if redis.scheme in ("redis", "rediss") and redis.hostname:
        services.append((redis.hostname, redis.port or 6379))
    resolved = []
    for host, port in services:
        try:
            addresses = {i[4][0] for i in socket.getaddrinfo(host, port, socket.AF_INET)}
        except OSError:
            continue
        resolved += [(address, port) for address in sorted(addresses)]
    return resolved


def firewall_rules(replies_from: tuple[int, ...] = ()) -> str:
    """nftables rules for the sandbox's own network namespace. `replies_from`: ports forwarded
    into the sandbox (slirp4netns shows a forwarded connection as coming from its true source,
    which may be one of the refused addresses); what answers there may reply, never open a
    connection (a packet with SYN and not ACK)."""
    refused = sorted(
        netguard.this_host_addresses() | {"10.0.2.2"}
    )  # 10.0.2.2: slirp4netns' host side
    denied = [n for n in settings.WORKBENCH_SANDBOX_DENY if _ipv4_network(n)]
    lines = [
        "table inet workbench {",
        "  chain output {",
        "    type filter hook output priority 0; policy accept;",
    ]
    if replies_from:
        ports = ", ".join(str(int(port)) for port in replies_from)
        lines.append(f"    tcp sport {{ {ports} }} tcp flags & (syn | ack) != syn accept")
    lines += [
        f"    ip daddr {{ {', '.join(refused + denied)} }} reject",
    ]
    for address, port in application_services():
        if not ipaddress.ip_address(address).is_loopback:
            lines.append(f"    ip daddr {address} tcp dport {port} reject with tcp reset")
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def _ipv4_network(text: str) -> bool:
    try:
        return ipaddress.ip_network(text, strict=False).version == 4
    except ValueError:
        return False
