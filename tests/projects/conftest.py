import pytest

from tests import factories


@pytest.fixture
def project_fields():
    return {"name": "sales", "timezone": "Asia/Shanghai"}


@pytest.fixture
def admin(owner, client_for):
    """An API client of the project's owner."""
    return client_for(owner)


def sql_node(project, owner, workflow, name, code="select 1", **extra):
    return factories.node(project, owner, workflow, name, type="sql", code=code, **extra)
