"""Property-based tests of the whole API from its OpenAPI schema (schemathesis), in-process.

Every operation, as a member of one project and against a project the caller is no member of:
no 5xx, only status codes, content types and bodies the schema declares, and nothing of the
other project (its name, its nodes, its credentials) in any answer. Then stateful runs: chains of
calls following the links schemathesis infers between operations (create a project, its
workflow, a node, deploy it, run it, ...), with the same checks at every step.

The number of examples is bounded for CI: WORKBENCH_FUZZ_EXAMPLES (6 by default) per operation,
WORKBENCH_FUZZ_SCENARIOS (20) stateful scenarios of up to 10 steps.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from projects import services
from tests import factories
from workbench.tokens import token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "6"))
SCENARIOS = int(os.environ.get("WORKBENCH_FUZZ_SCENARIOS", "20"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SECRET = "fuzz-secret-password-7741"
OTHER_NAME = "hidden-project-9163"
LEAKS = (SECRET, OTHER_NAME, "hidden-node-3388", "hidden-flow-5521")


@pytest.fixture
def in_process():
    """Like Django's test client: keep the test transaction's connection open across requests."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(monkeypatch):
    """Member lookups are rate limited per minute: a run of hundreds of calls would meet 429s
    that depend on what ran before, which hypothesis would take for flaky generation."""
    from projects.api.views import MemberAddThrottle

    monkeypatch.setattr(MemberAddThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def world(django_user_model, in_process, unthrottled):
    # Staff: the stateful runs create projects of their own.
    member = django_user_model.objects.create_user("fuzzer", password="x", is_staff=True)
    stranger = django_user_model.objects.create_user("stranger-owner", password="x")
    mine = services.project_create(user=member, name="fuzz-mine")
    other = services.project_create(user=stranger, name=OTHER_NAME)
    workflow = services.workflow_create(project=other, actor=stranger, name="hidden-flow-5521")
    factories.postgres_source(other, stranger, name="hidden-ds", password=SECRET)
    services.node_create(
        project=other, actor=stranger, name="hidden-node-3388", type="virtual", workflow=workflow
    )
    return {"token": token_create(user=member, name="fuzz")[1], "mine": mine, "other": other}


def _no_leak(case, response) -> None:
    body = response.text if hasattr(response, "text") else response.get_data(as_text=True)
    for leak in LEAKS:
        assert leak not in body, f"{case.method} {case.formatted_path} leaked {leak}"


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("target", ["mine", "other"])
def test_api_fuzz(case, target, world):
    if "project_id" in (case.path_parameters or {}):
        case.path_parameters["project_id"] = world[target].id
    elif (
        case.path_parameters
        and "id" in case.path_parameters
        and case.formatted_path.startswith("/api/v1/projects/")
    ):
        case.path_parameters["id"] = world[target].id
    case.headers = {**(case.headers or {}), "Authorization": f"Token {world['token']}"}
    response = case.call_and_validate(checks=CHECKS)
    _no_leak(case, response)
    if target == "other" and str(world["other"].id) in case.formatted_path:
        assert response.status_code in (400, 401, 404, 405), (
            case.method,
            case.formatted_path,
            response.status_code,
        )


# Stateful runs: not the calls that end the caller's own session or tokens (the rest of the
# scenario would only see 401s) nor the login paths (throttled by design).
stateful = schema.exclude(path_regex=r"^/api/v1/auth/").as_state_machine()


class Scenario(stateful):
    token = ""
    user = None
    project_id = 0
    failures: list[BaseException] = []
    steps = 0

    def setup(self):
        # Each scenario starts from the same database: what one wrote is rolled back after it,
        # and ids start again where they did (hypothesis replays scenarios and expects the same
        # answers, ids included, to the same calls).
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection, transaction

        self._savepoint = transaction.savepoint()
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def teardown(self):
        from django.db import transaction

        transaction.savepoint_rollback(self._savepoint)

    def before_call(self, case):
        # A call that starts a chain works in a project of the caller's (a random id would only
        # meet 404s); the calls that follow a link keep the ids the link gave them.
        from projects.access import as_id
        from projects.models import Project

        params = case.path_parameters or {}
        if "project_id" in params:
            given = as_id(params["project_id"])
            mine = Project.objects.for_user(self.user).filter(pk=given) if given else None
            if mine is None or not mine.exists():
                params["project_id"] = self.project_id

    def get_call_kwargs(self, case):
        return {"headers": {"Authorization": f"Token {self.token}"}}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        Scenario.steps += 1
        try:
            case.validate_response(
                response, checks=CHECKS, transport_kwargs=kwargs or None, recorder=self.recorder
            )
            _no_leak(case, response)
        except BaseException as exc:  # kept: a replay that does not repeat it must not hide it
            Scenario.failures.append(exc)
            raise


@pytest.mark.django_db
def test_api_stateful(world):
    """Chains of linked calls; a failing chain is shrunk to the shortest that fails."""
    from hypothesis import Phase
    from hypothesis.errors import Flaky
    from schemathesis.generation.stateful import run_state_machine_as_test

    Scenario.token = world["token"]
    Scenario.user = world["mine"].memberships.get().user
    Scenario.project_id = world["mine"].id
    Scenario.failures, Scenario.steps = [], 0
    # As schemathesis runs them: generation only (a real API answers a replayed call a little
    # differently: times, throttles), and a replay that comes out differently starts a new run
    # rather than failing, unless a check failed on the way.
    for _ in range(3):
        try:
            run_state_machine_as_test(
                Scenario,
                settings=settings(
                    max_examples=SCENARIOS,
                    stateful_step_count=10,
                    deadline=None,
                    phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck),
                ),
            )
            break
        except Flaky:
            if Scenario.failures:
                raise Scenario.failures[0] from None
    assert Scenario.steps > SCENARIOS  # the scenarios ran
