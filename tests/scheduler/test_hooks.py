"""The extension points of a run: after-transition hooks and after-run checks, and what each is
told. A hook or check that says which runs concern it is left out of the others."""

import pytest
from django.db import connection

from alerts.models import AlertRule
from scheduler import execution, generation, transitions
from scheduler.models import Instance
from tests.scheduler.test_generation import DAY, _node

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    seen: dict[str, list[int]] = {}

    def record(name):
        return lambda events: seen.setdefault(name, []).extend(e.instance_id for e in events)

    hooks = {"tests.every": record("every"), "tests.choosy": record("choosy")}
    monkeypatch.setattr(transitions, "import_string", lambda path: hooks[path])
    monkeypatch.setattr(
        transitions,
        "AFTER_TRANSITION_HOOKS",
        [
            transitions.Hook("tests.every"),
            transitions.Hook("tests.choosy", wants="i.project_id = -1 OR i.id % 2 = 0"),
        ],
    )
    return seen


def _slots(project, owner, workflow, count=4):
    _node(project, owner, workflow, "n", f"0 0-{count - 1} * * *")
    generation.generate_day(DAY)
    return list(Instance.objects.order_by("id").values_list("id", flat=True))


def test_a_hook_that_says_what_concerns_it_is_told_only_of_that(
    project, owner, workflow, calls, django_capture_on_commit_callbacks
):
    ids = _slots(project, owner, workflow)
    with django_capture_on_commit_callbacks(execute=True):
        for instance_id in ids:  # one move each: the worker's and the scheduler's usual path
            transitions.transition([instance_id], "frozen", reason="test")
    assert calls["every"] == ids
    if connection.vendor == "postgresql":  # read with the move itself
        assert calls["choosy"] == [i for i in ids if i % 2 == 0]
    else:  # no one-statement move: the hook is told of every move and looks for itself
        assert calls["choosy"] == ids


def test_a_bulk_move_tells_every_hook(
    project, owner, workflow, calls, django_capture_on_commit_callbacks
):
    ids = _slots(project, owner, workflow)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.transition(ids, "frozen", reason="test")
    assert sorted(calls["every"]) == sorted(calls["choosy"]) == ids


def test_the_alert_hook_hears_only_of_projects_with_an_enabled_rule(project, owner, workflow):
    ids = _slots(project, owner, workflow, count=1)
    instance_id = ids[0]
    alerts_hook = next(h for h in transitions.AFTER_TRANSITION_HOOKS if "alerts" in h.path)
    transitions.transition([instance_id], "frozen", reason="test")
    sql = f"SELECT ({alerts_hook.wants}) FROM scheduler_instance i WHERE i.id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [instance_id])
        assert cursor.fetchone()[0] in (False, 0)
        rule = AlertRule.objects.create(project=project, name="r", events=["instance_failed"])
        cursor.execute(sql, [instance_id])
        assert cursor.fetchone()[0] in (True, 1)
        rule.enabled = False
        rule.save()
        cursor.execute(sql, [instance_id])
        assert cursor.fetchone()[0] in (False, 0)


def test_a_check_that_does_not_apply_is_known_at_the_claim(project, owner, workflow, monkeypatch):
    monkeypatch.setattr(
        execution,
        "AFTER_RUN_CHECKS",
        [
            execution.AfterRunCheck("tests.never", applies="1 = 0"),
            execution.AfterRunCheck("tests.always", applies="i.id > 0"),
        ],
    )
    instance_id = _slots(project, owner, workflow, count=1)[0]
    transitions.transition([instance_id], "queued", reason="test")
    instance = execution._claim(instance_id, "w")
    assert instance.checks == ["tests.always"]
    assert instance.node.workflow_id == workflow.id  # the claim's own read is intact
