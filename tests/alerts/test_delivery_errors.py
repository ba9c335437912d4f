"""A failed delivery reads in plain words, with the exception kept as its detail (pure)."""

import smtplib
import socket

import httpx
import pytest

from alerts import delivery_errors, messages
from tests.stack import free_port


def test_a_refused_connection_says_nothing_listens_and_keeps_the_exception():
    with pytest.raises(httpx.ConnectError) as caught:
        httpx.post(f"http://127.0.0.1:{free_port()}/hook", timeout=5)
    text = delivery_errors.describe(caught.value)
    first, detail = text.split(delivery_errors.DETAIL)
    assert first == "The connection was refused: nothing is listening at that address and port."
    assert detail.startswith("ConnectError: ") and "111" in detail


@pytest.mark.parametrize(
    "exc, words",
    [
        (httpx.ReadTimeout("read timed out"), "did not answer in time"),
        (socket.gaierror(-2, "Name or service not known"), "name could not be found"),
        (smtplib.SMTPAuthenticationError(535, b"bad"), "refused the login"),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]"), "certificate"),
        (RuntimeError("something odd"), "could not be sent"),
    ],
)
def test_common_failures_read_in_plain_words(exc, words):
    assert words in delivery_errors.plain(exc)


@pytest.mark.parametrize(
    "code, words", [(403, "token or secret"), (404, "no webhook"), (502, "had an error")]
)
def test_answers_outside_2xx_say_what_to_check(code, words):
    assert words in delivery_errors.http_status(code) and str(code) in delivery_errors.http_status(
        code
    )


@pytest.mark.parametrize(
    "name, subject",
    [
        (
            "backfill dwd_orders 2024-01-01..2024-01-31",
            "[etl] backfill dwd_orders 2024-01-01..2024-01-31 finished",
        ),
        ("January fix", "[etl] backfill January fix finished"),
    ],
)
def test_a_backfill_alert_says_backfill_once(name, subject):
    context = {
        "event": "backfill_finished",
        "project": {"id": 1, "name": "etl"},
        "rule": {"id": 2, "name": "r"},
        "backfill": {"id": 3, "name": name, "status": "succeeded", "counts": {}},
    }
    assert messages.subject(context) == subject
