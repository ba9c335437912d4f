"""OpenAPI schema adjustments."""


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
    return result
