"""The one extension mechanism (workbench/hooks.py) and the hooks the apps register with it."""

import logging

from alerts.apps import AlertsConfig
from quality import services as quality
from scheduler import backfills, generation, loop, transitions
from workbench import hooks


def test_a_failing_hook_is_logged_and_the_next_still_runs(monkeypatch, caplog):
    told = []
    known = {"tests.broken": lambda value: 1 / 0, "tests.told": told.append}
    monkeypatch.setattr(hooks, "import_string", known.__getitem__)

    with caplog.at_level(logging.ERROR, logger="workbench.hooks"):
        hooks.call(["tests.broken", "tests.told"], 7)

    assert told == [7]
    assert "hook tests.broken failed" in caplog.text


def test_alerts_register_each_hook_once_however_often_django_starts():
    points = [
        transitions.AFTER_TRANSITION_HOOKS,
        loop.STEPS,
        quality.RULE_FAILED_HOOKS,
        quality.RULE_PASSED_HOOKS,
        backfills.BACKFILL_ENDED_HOOKS,
        generation.GENERATION_FAILED_HOOKS,
    ]
    before = [list(point) for point in points]
    import alerts

    AlertsConfig("alerts", alerts).ready()

    assert [list(point) for point in points] == before
    assert "alerts.events.on_quality_failed" in quality.RULE_FAILED_HOOKS
    assert "alerts.events.on_quality_passed" in quality.RULE_PASSED_HOOKS
    assert "alerts.baselines.watch" in loop.STEPS
    assert "alerts.events.on_backfill_finished" in backfills.BACKFILL_ENDED_HOOKS
    assert "alerts.events.on_generation_failed" in generation.GENERATION_FAILED_HOOKS
