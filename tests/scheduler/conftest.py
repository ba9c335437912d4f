import datetime as dt
import uuid

import pytest

from projects import services
from scheduler.models import Instance
from tests.stack import wait_until


@pytest.fixture
def owner(make_user):
    return make_user("sched-owner")


@pytest.fixture
def project(owner):
    project = services.project_create(user=owner, name="etl", timezone="UTC")
    return project


@pytest.fixture
def workflow(project, owner):
    return services.workflow_create(project=project, actor=owner, name="flow")


@pytest.fixture
def warehouse(project, owner):
    return services.datasource_create(
        project=project,
        actor=owner,
        name="wh",
        kind="duckdb",
        config={"path": f"wh-{uuid.uuid4().hex}.duckdb"},
    )


@pytest.fixture
def project_files(project):
    """The project's file folder on the host: runs see it as /sandbox/data."""
    from projects.drivers.base import project_folder

    folder = project_folder(project.id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def make_node(project, owner, workflow):
    def make(name, type="virtual", upstream=(), deploy=True, **fields):
        node = services.node_create(
            project=project, actor=owner, name=name, type=type, workflow=workflow, **fields
        )
        for up in upstream:
            kind = "same_cycle"
            if isinstance(up, tuple):
                up, kind = up
            services.dependency_add(downstream=node, upstream=up, actor=owner, kind=kind)
        if deploy:
            services.nodes_deploy(project=project, actor=owner, items=[(node, None)])
        node.refresh_from_db()
        return node

    return make


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
