import os

import pytest
from rest_framework.test import APIClient

from projects import services
from tests import factories
from workbench import embedded
from workbench.redis_client import get_redis

# Child processes (web, worker) inherit this; the test process gets it through `settings`.
os.environ["WORKBENCH_FAST_PASSWORD_HASHING"] = "true"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _broker():
    """Make sure the broker answers; with no REDIS_URL, start the embedded Redis for the run."""
    server = embedded.ensure_redis()
    get_redis().ping()
    yield
    embedded.stop(server)


@pytest.fixture(autouse=True)
def _no_login_failures():
    """Failed-login counts live in Redis: each test starts with none."""
    from workbench.login_guard import PREFIX

    client = get_redis()
    keys = list(client.scan_iter(match=f"{PREFIX}*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def log_dir(tmp_path):
    path = tmp_path / "logs"
    path.mkdir()
    return path


@pytest.fixture
def make_user(django_user_model):
    counter = iter(range(1, 10_000))

    def make(username=None, password="pw-123456", **extra):
        username = username or f"user{next(counter)}"
        return django_user_model.objects.create_user(username=username, password=password, **extra)

    return make


# One project of one owner, with a workflow: what most tests start from. A folder's conftest
# overrides `project_fields` (or a fixture) where its tests want something else.
@pytest.fixture
def owner(make_user):
    return make_user("owner")


@pytest.fixture
def project_fields():
    return {"name": "etl", "timezone": "UTC"}


@pytest.fixture
def project(owner, project_fields):
    return factories.project(owner, **project_fields)


@pytest.fixture
def workflow(project, owner):
    return services.workflow_create(project=project, actor=owner, name="flow")


@pytest.fixture
def members(project, owner, make_user):
    return factories.members(project, owner, make_user)


@pytest.fixture
def warehouse(project, owner):
    return factories.duckdb_source(project, owner)


@pytest.fixture
def make_node(project, owner, workflow):
    """make_node(name, type="virtual", upstream=(), deploy=True, **fields) in `project`."""

    def make(name, type="virtual", upstream=(), deploy=True, **fields):
        return factories.node(
            project, owner, workflow, name, type=type, upstream=upstream, deploy=deploy, **fields
        )

    return make


@pytest.fixture
def base(project):
    """The project's API root."""
    return f"/api/v1/projects/{project.id}"


@pytest.fixture
def client_for():
    return factories.api_client


@pytest.fixture
def user(make_user):
    return make_user("alice")


@pytest.fixture
def api(user):
    """An API client logged in as `user`."""
    return factories.api_client(user)


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def web(transactional_db, log_dir):
    """The real ASGI server (uvicorn) on a free port: yields its base URL."""
    from tests.stack import start_web

    proc, url = start_web(log_dir)
    yield url
    proc.stop()


@pytest.fixture
def worker(transactional_db, log_dir):
    """A real Celery worker (2 processes) on the default queue."""
    from tests.stack import start_worker

    proc = start_worker(log_dir)
    yield proc
    proc.stop()


@pytest.fixture
def scheduler_proc(transactional_db, log_dir):
    from tests.stack import start_scheduler

    proc = start_scheduler(log_dir)
    yield proc
    proc.stop()
