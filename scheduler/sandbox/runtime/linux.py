"""The few Linux calls the launcher needs that Python 3.11's `os` lacks (through libc)."""

import ctypes
import os
import platform
import signal

_libc = ctypes.CDLL(None, use_errno=True)
_libc_holding_gil = ctypes.PyDLL(None, use_errno=True)  # calls that must not let go of the GIL
# Every function looked up once, here: ctypes makes a function object on a name's first use,
# and a forked run that made one would write to (and so copy) a hundred pages of the launcher.
for _name in ("unshare", "mount", "umount2", "prctl", "sethostname", "capset"):
    getattr(_libc, _name)
_syscall = _libc_holding_gil.syscall
_before_fork = ctypes.pythonapi.PyOS_BeforeFork
_after_fork_child = ctypes.pythonapi.PyOS_AfterFork_Child
_after_fork_parent = ctypes.pythonapi.PyOS_AfterFork_Parent

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4

_LINUX_CAPABILITY_VERSION_3 = 0x20080522
LAST_CAP = 63


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


class _CloneArgs(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_uint64)
        for name in (
            "flags", "pidfd", "child_tid", "parent_tid", "exit_signal", "stack", "stack_size",
            "tls", "set_tid", "set_tid_size", "cgroup",
        )
    ]  # fmt: skip


SYS_CLONE3 = 435  # the same number on every architecture
SYS_CLONE = {"x86_64": 56, "aarch64": 220}.get(platform.machine())
CLONE_PIDFD = 0x00001000


def fork_into(flags: int) -> tuple[int, int]:
    """fork() with new namespaces: (0, -1) in the child, (pid, pidfd) in the parent.

    One process instead of fork, unshare, fork: the child is at once PID 1 of its new process
    namespace. Python's own bookkeeping around it is the one os.fork does.
    """
    args = _CloneArgs(flags=flags | CLONE_PIDFD, exit_signal=signal.SIGCHLD)
    pidfd = ctypes.c_int(-1)
    args.pidfd = ctypes.addressof(pidfd)
    _before_fork()
    pid = _syscall(SYS_CLONE3, ctypes.byref(args), ctypes.sizeof(args))
    if pid == -1 and ctypes.get_errno() == 38 and SYS_CLONE is not None:  # ENOSYS: filtered out
        pid = _syscall(SYS_CLONE, flags | signal.SIGCHLD, 0, 0, 0, 0)
    if pid == 0:
        _after_fork_child()
        return 0, -1
    errno = ctypes.get_errno()
    _after_fork_parent()
    if pid < 0:
        raise OSError(errno, f"clone: {os.strerror(errno)}")
    return pid, pidfd.value if pidfd.value >= 0 else os.pidfd_open(pid)


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    _check(
        _libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def umount(target: str) -> None:
    _check(_libc.umount2(target.encode(), MNT_DETACH), f"umount {target}")


def prctl(option: int, arg: int = 0) -> None:
    _check(
        _libc.prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(0), ctypes.c_ulong(0), 0),
        f"prctl {option}",
    )


SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def loopback_up() -> None:
    """Bring up `lo` of a new network namespace (it starts down): a run without network still
    talks to itself, as Spark's driver and its Python side do."""
    import fcntl
    import socket
    import struct

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        flags = struct.unpack(
            "16sH", fcntl.ioctl(sock, SIOCGIFFLAGS, struct.pack("16sH", b"lo", 0))
        )[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))


def sethostname(name: str) -> None:
    raw = name.encode()
    _check(_libc.sethostname(raw, len(raw)), "sethostname")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _last_capability() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap") as handle:
            return int(handle.read())
    except (OSError, ValueError):
        return LAST_CAP


KERNEL_LAST_CAP = _last_capability()  # read once, in the launcher, before any fork


def drop_capabilities(*, bounding: bool = True) -> None:
    """Give up every capability: the bounding and ambient sets (which matter only to programs
    it execs), then effective and permitted."""
    if bounding:
        for cap in range(KERNEL_LAST_CAP + 1):
            if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                break  # none left to drop (no CAP_SETPCAP any more)
        _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), ctypes.byref(data)), "capset")
