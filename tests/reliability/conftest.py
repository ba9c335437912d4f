import pytest


@pytest.fixture
def project_fields():
    # These tests want many instances queued at once.
    return {
        "name": "rel",
        "timezone": "UTC",
        "max_concurrent_instances": 100,
        "group_slots": {"default": 100},
    }
