"""The baseline prediction as a pure function: live status along the longest upstream path."""

import datetime as dt

from alerts.prediction import Run, critical_path, expected_seconds, predict, verdict

T0 = dt.datetime(2026, 1, 2, 0, 0, tzinfo=dt.UTC)
NOW = T0 + dt.timedelta(hours=1)


def _run(run_id, status="pending", started=None, finished=None, node=None):
    return Run(run_id, node or run_id, status, T0, started, finished)


def test_waiting_runs_start_after_their_slowest_upstream():
    runs = {
        1: _run(1, "success", T0, T0 + dt.timedelta(minutes=10)),
        2: _run(2, "running", NOW - dt.timedelta(minutes=5)),
        3: _run(3),
        4: _run(4),
    }
    edges = [(1, 3), (2, 3), (3, 4)]
    expected = {1: 600, 2: 1200, 3: 300, 4: 60}
    finish = predict(runs, edges, expected, NOW)
    assert finish[1][0] == T0 + dt.timedelta(minutes=10)
    assert finish[2][0] == NOW + dt.timedelta(minutes=15)  # started 5 min ago, takes 20
    assert finish[3] == (NOW + dt.timedelta(minutes=20), 2)  # waits for 2, not for 1
    assert finish[4] == (NOW + dt.timedelta(minutes=21), 3)
    assert critical_path(finish, 4) == [2, 3, 4]


def test_a_run_longer_than_usual_pushes_the_prediction_with_the_clock():
    runs = {1: _run(1, "running", NOW - dt.timedelta(hours=1)), 2: _run(2)}
    early = predict(runs, [(1, 2)], {1: 60, 2: 60}, NOW)
    later = predict(runs, [(1, 2)], {1: 60, 2: 60}, NOW + dt.timedelta(minutes=30))
    assert early[2][0] == NOW + dt.timedelta(minutes=1)
    assert later[2][0] == NOW + dt.timedelta(minutes=31)


def test_a_run_does_not_start_before_its_cycle_time():
    late = Run(1, 1, "pending", NOW + dt.timedelta(hours=2), None, None)
    assert predict({1: late}, [], {1: 60}, NOW)[1][0] == late.cyctime + dt.timedelta(minutes=1)


def test_a_long_chain_is_one_pass():
    runs = {i: _run(i, node=1) for i in range(20_000)}
    finish = predict(runs, [(i, i + 1) for i in range(19_999)], {1: 1}, NOW)
    assert finish[19_999][0] == NOW + dt.timedelta(seconds=20_000)
    assert len(critical_path(finish, 19_999)) == 20_000


def test_expected_duration_is_robust_to_one_slow_day():
    assert expected_seconds([60, 62, 58, 61, 3600]) == 61
    assert expected_seconds([]) > 0


def test_verdicts():
    committed = NOW + dt.timedelta(hours=1)
    margin = dt.timedelta(minutes=30)

    def at(predicted=None, finished=None, now=NOW):
        return verdict(
            committed_at=committed,
            margin=margin,
            predicted_at=predicted,
            finished_at=finished,
            now=now,
        )

    assert at(NOW + dt.timedelta(minutes=20)) == "safe"
    assert at(NOW + dt.timedelta(minutes=40)) == "warning"
    assert at(NOW + dt.timedelta(minutes=90)) == "warning"
    assert at(NOW + dt.timedelta(minutes=90), now=committed + dt.timedelta(seconds=1)) == "broken"
    assert at(finished=committed) == "met"
    assert at(finished=committed + dt.timedelta(seconds=1)) == "broken"
    assert at() == "empty"
