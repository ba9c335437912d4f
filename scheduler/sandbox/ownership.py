"""Project folders belong to the sandbox's user: runs write there as that user, but the
application (running as root) may make files there too (a DuckDB file a connection test opened,
its write-ahead log), and those a run could not write.

Every run hands its project's folder over first. Walking the whole tree each time cost a run
time in proportion to the files kept there (50 ms for 10,000), so a folder is looked into again
only when its modification time changed since this process last did: making, renaming or
removing an entry changes it, so whatever the application made since is found there.
"""

import os
import stat
import time

# A folder modified this recently is looked into again next time, whatever its time says: the
# clock a file system stamps folders with moves in steps of a few milliseconds, so an entry made
# just after a look may leave the folder's time as it was.
SETTLED_SECONDS = 2.0

# folder -> (modification time, its subfolders); each access is one dict operation, so the
# slots of a worker share it without a lock (two looking into one folder at once is harmless)
_seen: dict[str, tuple[int, list[str]]] = {}


def give_tree(root: str, uid: int, gid: int) -> None:
    """Hand `root` and what is in it to uid:gid; links are left alone, never followed."""
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            continue  # a link where a folder was
        _own(folder, info, uid, gid)
        seen = _seen.get(folder)
        if seen is not None and seen[0] == info.st_mtime_ns:
            folders.extend(seen[1])
            continue
        subfolders = _give_entries(folder, uid, gid)
        settled = time.time_ns() - info.st_mtime_ns > SETTLED_SECONDS * 1e9
        if settled:
            _seen[folder] = (info.st_mtime_ns, subfolders)
        else:
            _seen.pop(folder, None)
        folders.extend(subfolders)


def _give_entries(folder: str, uid: int, gid: int) -> list[str]:
    """Hand the folder's entries over; its subfolders."""
    subfolders = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        _own(entry.path, info, uid, gid)
        if stat.S_ISDIR(info.st_mode):
            subfolders.append(entry.path)
    return subfolders


def _own(path: str, info: os.stat_result, uid: int, gid: int) -> None:
    if (info.st_uid, info.st_gid) != (uid, gid):
        try:
            os.chown(path, uid, gid, follow_symlinks=False)
        except FileNotFoundError:
            pass
