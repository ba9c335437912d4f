import datetime as dt

import pytest

from scheduler.models import Instance
from tests.stack import wait_until


@pytest.fixture
def project_files(project):
    """The project's file folder on the host: runs see it as /sandbox/data."""
    from projects.drivers.base import project_folder

    folder = project_folder(project.id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def yesterday() -> dt.date:
    return dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)


def wait_for_status(ids, statuses, timeout=60):
    statuses = set(statuses)

    def done():
        current = dict(Instance.objects.filter(id__in=ids).values_list("id", "status"))
        return current if all(current.get(i) in statuses for i in ids) else None

    return wait_until(
        done, timeout=timeout, interval=0.1, message=f"instances {ids} to reach {statuses}"
    )


def finished_test_run(node, actor, code: str | None = None, timeout: float = 240):
    """A test run of `node` (of `code`, when given) once it has ended: (instance, its log)."""
    from scheduler import services
    from scheduler.logs import read_log

    run = services.node_test_run(node=node, actor=actor, code=code)
    wait_for_status([run.id], {"success", "failed"}, timeout=timeout)
    run = Instance.objects.get(pk=run.id)
    return run, read_log(run.id)
