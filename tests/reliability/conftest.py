import pytest

from projects import services
from tests.scheduler.conftest import make_node  # noqa: F401 - same fixture, this project


@pytest.fixture
def owner(make_user):
    return make_user("rel-owner")


@pytest.fixture
def project(owner):
    project = services.project_create(user=owner, name="rel", timezone="UTC")
    project.max_concurrent_instances = 100
    project.group_slots = {"default": 100}  # these tests want many instances queued at once
    project.save()
    return project


@pytest.fixture
def workflow(project, owner):
    return services.workflow_create(project=project, actor=owner, name="flow")
