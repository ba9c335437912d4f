"""A Python node's script runs in a fork of the warm launcher and ends as a fresh interpreter's
run of it would: its threads waited for, its exit functions run, its exit code kept."""

import os
import textwrap

from django.conf import settings

from scheduler import sandbox
from scheduler.sandbox import RunRequest


def _run(code: str, label: str = "python-run", **env) -> tuple[int | None, list[str]]:
    lines: list[str] = []
    outcome = sandbox.run(
        RunRequest(
            kind="python",
            label=label,
            project_id=1,
            files={"main.py": textwrap.dedent(code)},
            script="main.py",
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **env},
            timeout_seconds=30,
            on_output=lines.append,
        )
    )
    return outcome.code, lines


def test_the_scripts_threads_finish_and_its_exit_functions_run_before_it_ends():
    code, lines = _run(
        """
        import atexit, threading, time
        atexit.register(lambda: print("exit function", flush=True))
        def late():
            time.sleep(0.3)
            print("thread done", flush=True)
        threading.Thread(target=late).start()
        print("main done", flush=True)
        """
    )
    assert code == 0
    assert lines == ["main done", "thread done", "exit function"]


def test_exit_codes_are_a_fresh_interpreters():
    assert _run("import sys; sys.exit(3)")[0] == 3
    assert _run("import sys; sys.exit('bad input')") == (1, ["bad input"])
    code, lines = _run("def f():\n    raise ValueError('no')\nf()")
    assert code == 1
    assert lines[0] == "Traceback (most recent call last):"
    assert 'File "main.py", line 3, in <module>' in lines[1]
    assert lines[-1] == "ValueError: no"


def test_a_run_forks_from_a_launcher_without_threading_loaded():
    """`threading`'s after-fork hook would cost every run a hundred pages of the launcher's
    memory copied: the launcher leaves it to the scripts that use it."""
    code, lines = _run("import sys; print('threading' in sys.modules)")
    assert (code, lines) == (0, ["False"])


def test_a_request_larger_than_the_pipe_reaches_the_run_whole():
    """What the run is given goes through a pipe of 64 KiB, fed as the run reads it."""
    code = "import os; print(len(os.environ['BIG']))"
    assert _run(code, label="python-big", BIG="x" * 300_000) == (0, ["300000"])


def _runs_named(label: str) -> list[str]:
    return [name for name in os.listdir(settings.DATA_DIR / "runs") if name.startswith(label)]


def test_the_runs_folder_goes_whatever_the_run_left_or_took_from_it():
    left = """
        import os
        os.makedirs("out/deeper")
        open("out/deeper/rows.csv", "w").write("1,2\\n")
        open("notes.txt", "w").write("kept?")
    """
    for label, code in (("python-left", left), ("python-took", "import os; os.remove('main.py')")):
        assert _run(code, label=label)[0] == 0
        assert _runs_named(label) == []
