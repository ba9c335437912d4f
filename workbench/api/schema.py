"""OpenAPI schema adjustments."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Personal API tokens (workbench.tokens) in the schema: `Authorization: Token <key>`."""

    target_class = "workbench.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A personal API token, sent as "Token <key>"',
        }


def require_response_fields(result, generator, request, public):
    """Every field of a response body is always present: mark them all required.

    drf-spectacular leaves fields with model defaults optional, which would make typed clients
    treat `status` or `description` as possibly missing. Request bodies keep their own rules.
    """
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or name.startswith("Patched"):
            continue
        properties = schema.get("properties")
        if properties:
            schema["required"] = sorted(properties)
    return result


def integer_path_ids(result, generator, request, public):
    """Path parameters matched by `\\d+` (router regexes such as `projects/(?P<project_id>\\d+)`)
    are integers, as `<int:...>` ones already are; drf-spectacular describes them as strings."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {})
                if parameter.get("in") == "path" and schema.get("pattern") == r"^\d+$":
                    parameter["schema"] = {"type": "integer"}
                if parameter.get("in") == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"]["minimum"] = 1  # ids
    return result


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer: a message, and for invalid input the fields at fault.",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": 'field -> reasons, e.g. {"cron": ["..."]} (400 only)',
        },
        "cycle": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "a refused dependency: the loop's node ids, first == last",
        },
    },
    "required": ["detail"],
}
ERROR_TEXT = {
    "400": "Invalid input: `errors` names the fields at fault",
    "401": "Not logged in (no session, or a missing, expired or revoked token)",
    "403": "The caller's role does not allow this, or the CSRF check failed",
    "404": "No such object, or one of a project the caller is not a member of",
    "429": "Too many requests: wait for Retry-After seconds",
}
# Operations that answer 429 besides (login throttling; member lookups).
THROTTLED = {
    ("/api/v1/auth/login/", "post"),
    ("/api/v1/auth/token/", "post"),
    ("/api/v1/projects/{project_id}/members/", "post"),
}
PUBLIC = {"/api/v1/auth/csrf/", "/api/v1/auth/login/", "/api/v1/auth/token/"}


def declare_errors(result, generator, request, public):
    """Every operation lists the error answers it may give, with the one error shape."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400"]
            if path not in PUBLIC:
                codes += ["401", "403"]
            elif method != "get":
                codes.append("403")  # the CSRF check of the session login
            paged = any(p.get("name") == "page" for p in operation.get("parameters", []))
            if "{" in path or paged:  # a page past the last one is a 404 too
                codes.append("404")
            if (path, method) in THROTTLED:
                codes.append("429")
            for code in codes:
                operation["responses"].setdefault(
                    code, {"description": ERROR_TEXT[code], "content": reference}
                )
    return result
