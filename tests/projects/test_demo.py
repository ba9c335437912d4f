import io

import pytest

from projects.demo import create_demo
from projects.drivers import connect
from projects.models import Dependency, Node


@pytest.mark.django_db
def test_demo_project_is_created_once_with_a_deployed_pipeline(user, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    project = create_demo(user, io.StringIO())
    assert create_demo(user, io.StringIO()) is None  # idempotent
    nodes = Node.objects.filter(project=project)
    assert nodes.count() == 4 and all(n.deployed_version_id for n in nodes)
    assert Dependency.objects.filter(project=project).count() == 3
    with connect(project.default_datasource) as conn:
        assert conn.execute("select count(*) from ods_orders").fetchone() == (100,)
