"""The security regression suite: an owner's project, one member per role and an outsider (the
shared fixtures of tests/conftest.py), plus helpers its tests share."""

import pytest

from tests.factories import node  # noqa: F401 - the suite's tests import it from here


@pytest.fixture
def project_fields():
    return {"name": "sec-a", "timezone": "UTC"}


def raw_json(client, method: str, url: str, text: str):
    """Send `text` as the JSON body as it is (escapes such as \\ud800 included)."""
    return getattr(client, method)(url, data=text.encode(), content_type="application/json")
