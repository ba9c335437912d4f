"""Request-wide rules, kept in one place rather than in each view."""

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse

from workbench.api.parsers import text_problem

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _api(request) -> bool:
    return request.path.startswith("/api/")


class ContentSecurityPolicyMiddleware:
    """CONTENT_SECURITY_POLICY on every answer that has none of its own: the SPA, the admin,
    the API docs and the API itself (whose JSON should never be run or framed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and policy != "off" and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class AtomicWritesMiddleware:
    """Every write request to the API runs in one transaction, rolled back unless it succeeds.

    A request that answers an error (4xx or 5xx), or raises, leaves nothing committed, whatever
    the services it called committed on their own. Work queued with `transaction.on_commit`
    runs only when the request succeeds. Reads are left alone (SQLite would otherwise take
    its write lock for every GET). A view action may opt out by naming itself in its view
    class's `non_atomic_actions` (one that waits on the network and writes nothing).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or not _api(request):
            return None
        action = (getattr(view_func, "actions", None) or {}).get(request.method.lower())
        if action and action in getattr(getattr(view_func, "cls", None), "non_atomic_actions", ()):
            return None
        with transaction.atomic():
            response = view_func(request, *view_args, **view_kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response


class QueryStringMiddleware:
    """Query parameters of the API must be usable text: NUL is refused with a 400 naming it
    (PostgreSQL refuses NUL in any text, so a filter holding one would fail with a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _api(request) and request.META.get("QUERY_STRING"):
            for name, values in request.GET.lists():
                for value in (name, *values):
                    problem = text_problem(value)
                    if problem:
                        field = name if text_problem(name) is None else "query"
                        return JsonResponse(
                            {"detail": f"{field}: {problem}", "errors": {field: [problem]}},
                            status=400,
                        )
        return self.get_response(request)
