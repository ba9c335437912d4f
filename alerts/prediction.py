"""When a baseline's runs will finish: pure, a day's instances and their edges in, times out.

Each instance's predicted finish follows its live status:
- done (success, skipped): its actual end;
- running: its start plus its expected duration (now, if it is already over that);
- anything else (pending, queued, frozen, failed and waiting for a rerun): it starts when its
  time has come, its last upstream is predicted to finish and not before now, and takes its
  expected duration.
The expected duration of a node is the median of its recent successful runs (a robust average:
one slow day does not move it much). The upstream that decided an instance's start is kept, so
the path from a baseline's last run back through them is its critical path.
"""

import datetime as dt
import statistics
from collections import deque
from dataclasses import dataclass

# A node that never succeeded yet is expected to take this long.
DEFAULT_SECONDS = 60.0
DONE = frozenset({"success", "skipped"})


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    node_id: int
    status: str
    cyctime: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


def expected_seconds(durations: list[float]) -> float:
    """A node's expected duration from its recent successful run times (seconds)."""
    return statistics.median(durations) if durations else DEFAULT_SECONDS


def predict(
    runs: dict[int, Run],
    edges: list[tuple[int, int]],
    expected: dict[int, float],
    now: dt.datetime,
) -> dict[int, tuple[dt.datetime, int | None]]:
    """Each run's predicted finish and the upstream run that decided it (None: its own time,
    its status or now). Edges are (upstream, downstream) ids; ends outside `runs` are ignored.
    In topological order, so a chain of any length costs one pass and no recursion."""
    upstream: dict[int, list[int]] = {}
    downstream: dict[int, list[int]] = {}
    waiting = dict.fromkeys(runs, 0)
    for up, down in edges:
        if up in runs and down in runs:
            upstream.setdefault(down, []).append(up)
            downstream.setdefault(up, []).append(down)
            waiting[down] += 1
    durations: dict[int, dt.timedelta] = {}  # per node, made once
    default = dt.timedelta(seconds=DEFAULT_SECONDS)
    ready = deque(run_id for run_id, n in waiting.items() if n == 0)
    finish: dict[int, tuple[dt.datetime, int | None]] = {}
    while ready:
        run_id = ready.popleft()
        run = runs[run_id]
        duration = durations.get(run.node_id)
        if duration is None:
            seconds = expected.get(run.node_id)
            duration = durations[run.node_id] = (
                default if seconds is None else dt.timedelta(seconds=seconds)
            )
        finish[run_id] = _finish(run, upstream.get(run_id, ()), finish, duration, now)
        for down in downstream.get(run_id, ()):
            waiting[down] -= 1
            if waiting[down] == 0:
                ready.append(down)
    return finish


def _finish(run: Run, ups, finish, duration: dt.timedelta, now) -> tuple[dt.datetime, int | None]:
    if run.status in DONE:  # what it waited for last, to show the path it actually took
        last = max(ups, key=lambda up: finish[up][0], default=None)
        return run.finished_at or now, last
    if run.status == "running" and run.started_at is not None:
        return max(run.started_at + duration, now), None
    start, decided_by = max(run.cyctime, now), None
    for up in ups:
        if finish[up][0] >= start:  # (a run overdue ends "now": it still decides)
            start, decided_by = finish[up][0], up
    return start + duration, decided_by


def critical_path(finish: dict[int, tuple[dt.datetime, int | None]], last: int) -> list[int]:
    """The runs from the first to `last` along the upstream that decided each one's start."""
    path = [last]
    while (previous := finish[path[-1]][1]) is not None:
        path.append(previous)
    return path[::-1]


def verdict(
    *,
    committed_at: dt.datetime,
    margin: dt.timedelta,
    predicted_at: dt.datetime | None,
    finished_at: dt.datetime | None,
    now: dt.datetime,
) -> str:
    """A baseline day's status (BaselineStatus): `finished_at` when every run is done,
    `predicted_at` None when it has no run that day."""
    if finished_at is not None:
        return "met" if finished_at <= committed_at else "broken"
    if predicted_at is None:
        return "empty"
    if now > committed_at:
        return "broken"
    return "warning" if predicted_at > committed_at - margin else "safe"
