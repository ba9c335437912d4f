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
