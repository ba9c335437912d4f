import pytest

from projects import services


@pytest.fixture
def project_fields():
    return {"name": "sales", "timezone": "Asia/Shanghai"}


def sql_node(project, owner, workflow, name, code="select 1", **extra):
    return services.node_create(
        project=project, actor=owner, name=name, type="sql", workflow=workflow, code=code, **extra
    )
