"""A project's folder is handed to the sandbox's user before each run: what the application
made there since is found, and an unchanged tree is not walked again."""

import os
import time

import pytest

from scheduler.sandbox import ownership

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="handing files over takes root")

UID, GID = 4242, 4343


def _owner(path) -> tuple[int, int]:
    info = os.lstat(path)
    return info.st_uid, info.st_gid


def _settle(monkeypatch) -> None:
    """As if every folder's last change were long ago (the file system stamps in steps)."""
    monkeypatch.setattr(ownership, "SETTLED_SECONDS", -(10**6))


def test_what_the_application_made_is_handed_over_and_links_are_left_alone(tmp_path):
    root = tmp_path / "project"
    (root / "lake" / "2026").mkdir(parents=True)
    (root / "warehouse.duckdb").write_text("")
    (root / "lake" / "2026" / "day.parquet").write_text("")
    (root / "escape").symlink_to("/etc/passwd")
    ownership.give_tree(str(root), UID, GID)
    for path in (root, root / "warehouse.duckdb", root / "lake" / "2026" / "day.parquet"):
        assert _owner(path) == (UID, GID), path
    assert _owner(root / "escape") == (0, 0)
    assert _owner("/etc/passwd") == (0, 0)


def test_an_unchanged_tree_is_not_walked_again_and_a_new_file_is_found(tmp_path, monkeypatch):
    _settle(monkeypatch)
    root = tmp_path / "project"
    for day in range(20):
        (root / "lake" / f"d{day}").mkdir(parents=True)
        for part in range(50):
            (root / "lake" / f"d{day}" / f"{part}.parquet").write_text("")
    ownership.give_tree(str(root), UID, GID)

    scanned: list[str] = []
    real_scandir = os.scandir

    def counting(path):
        scanned.append(str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    ownership.give_tree(str(root), UID, GID)
    assert scanned == []  # 1,000 files, 22 folders: only the folders' times were read

    time.sleep(0.01)
    (root / "lake" / "d7" / "new.parquet").write_text("")  # made by the application, as root
    ownership.give_tree(str(root), UID, GID)
    assert scanned == [str(root / "lake" / "d7")]
    assert _owner(root / "lake" / "d7" / "new.parquet") == (UID, GID)


def test_a_folder_changed_just_now_is_looked_into_again(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    ownership.give_tree(str(root), UID, GID)
    before = os.lstat(root)
    (root / "made-in-the-same-tick").write_text("")
    os.utime(root, ns=(before.st_atime_ns, before.st_mtime_ns))  # the folder's time unchanged
    ownership.give_tree(str(root), UID, GID)
    assert _owner(root / "made-in-the-same-tick") == (UID, GID)
