"""Local Spark runs on one metastore folder take turns (the lock, without Spark)."""

import threading
import time

import pytest

from scheduler.executors import spark_turns


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_a_second_run_on_the_folder_waits_for_the_first():
    order, lines = [], []
    with spark_turns.turn(1, "spark") as waited:
        assert waited == 0

        def second():
            with spark_turns.turn(1, "spark", on_wait=lines.append) as waited:
                order.append(("second", waited))

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)  # the window in which the second must not get in
        order.append(("first done", None))
    thread.join(5)
    assert [what for what, _ in order] == ["first done", "second"]
    assert order[1][1] >= 0.4
    assert "take turns" in lines[0] and lines[1].startswith("its turn came after")


def test_other_folders_and_projects_do_not_wait():
    with spark_turns.turn(1, "spark"):
        for project, folder in ((1, "other"), (2, "spark")):
            with spark_turns.turn(project, folder, timeout_seconds=0.3) as waited:
                assert waited == 0


def test_waiting_ends_at_the_timeout_or_a_kill():
    with spark_turns.turn(1, "spark"):
        with (
            pytest.raises(spark_turns.Waited) as timed_out,
            spark_turns.turn(1, "spark", timeout_seconds=0.3),
        ):
            pass
        assert timed_out.value.reason == "timeout"
        with (
            pytest.raises(spark_turns.Waited) as killed,
            spark_turns.turn(1, "spark", should_stop=lambda: "killed"),
        ):
            pass
        assert killed.value.reason == "killed"
    with spark_turns.turn(1, "spark", timeout_seconds=0.3) as waited:  # free again
        assert waited == 0


def test_the_lock_file_is_the_workers_own(settings):
    path = spark_turns.lock_path(7, "spark")
    assert path.parent == settings.DATA_DIR / "locks"
    assert (path.parent.stat().st_mode & 0o777) == 0o700
