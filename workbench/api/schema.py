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
