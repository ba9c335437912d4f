"""One JSON error shape for the whole API: {"detail": "...", "errors": {"field": ["reason"]}}.

A refused dependency also carries "cycle": the node ids of the loop it would close.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def _flatten(detail, prefix=""):
    """Turn DRF's nested error detail into {"field.sub": ["reason", ...]}."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            out.update(_flatten(item, f"{prefix}[{index}]" if prefix else str(index)))
        return out
    return {prefix or "non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    cycle = getattr(exc, "cycle", None)  # projects.validation.LoopError: the loop's node ids
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        summary = "; ".join(
            f"{field}: {reasons[0]}" if field != "non_field_errors" else reasons[0]
            for field, reasons in errors.items()
        )
        response.data = {"detail": summary or _("Invalid input."), "errors": errors}
        if cycle:
            response.data["cycle"] = cycle
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"detail": str(detail)}
    return response


def not_found(request, exception=None):
    """404 for paths nothing answers: JSON under /api/ (the API's error shape), the SPA's route
    handling everything else."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def server_error(request):
    from django.http import JsonResponse
    from django.views.defaults import server_error as html_server_error

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return html_server_error(request)


def csrf_failure(request, reason=""):
    """CSRF refusals as the API's JSON error, so the SPA can show the reason."""
    from django.http import JsonResponse

    return JsonResponse({"detail": f"CSRF check failed: {reason}"}, status=403)
