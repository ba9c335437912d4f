"""Quiet hours as the server applies them: [start, end) in the project's zone, possibly over
midnight; no range, or an empty one, is never quiet."""

import datetime as dt

import pytest

from alerts.models import AlertRule
from alerts.services import in_quiet_hours

T = dt.time


@pytest.mark.parametrize(
    ("start", "end", "at", "quiet"),
    [
        (T(22), T(8), T(23), True),
        (T(22), T(8), T(7, 59), True),
        (T(22), T(8), T(8), False),
        (T(22), T(8), T(22), True),
        (T(22), T(8), T(12), False),
        (T(12), T(13), T(12, 30), True),
        (T(12), T(13), T(13), False),
        (T(12), T(13), T(11, 59), False),
        (None, T(8), T(6), False),
        (T(22), None, T(23), False),
        (T(8), T(8), T(8), False),
    ],
)
def test_quiet_hours(start, end, at, quiet):
    rule = AlertRule(quiet_start=start, quiet_end=end)
    assert in_quiet_hours(rule, at) is quiet
