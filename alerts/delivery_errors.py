"""A failed delivery in words a user can act on; the exception's own text stays as the detail.

`ConnectionRefusedError: [Errno 111]` tells a data engineer little; "nothing is listening at that
address" tells them to check the URL or the receiving service.
"""

import smtplib
import socket
import ssl

import httpx

DETAIL = "\nDetail: "

# (exception types, words in the text) -> plain words; the first match wins.
_BY_TYPE: list[tuple[tuple[type[BaseException], ...], str]] = [
    (
        (httpx.TimeoutException, TimeoutError, socket.timeout),
        "The receiving server did not answer in time.",
    ),
    (
        (smtplib.SMTPAuthenticationError,),
        "The mail server refused the login: check the mail account settings.",
    ),
    (
        (smtplib.SMTPRecipientsRefused,),
        "The mail server refused the recipients: check the addresses.",
    ),
    (
        (smtplib.SMTPSenderRefused,),
        "The mail server refused the sender address.",
    ),
    (
        (smtplib.SMTPServerDisconnected,),
        "The mail server closed the connection before the message was sent.",
    ),
    ((ssl.SSLError,), "The secure connection failed: the server's certificate was not accepted."),
    ((socket.gaierror,), "The server's name could not be found: check the address."),
    (
        (ConnectionRefusedError,),
        "The connection was refused: nothing is listening at that address and port.",
    ),
]
_BY_TEXT: list[tuple[str, str]] = [
    ("certificate", "The secure connection failed: the server's certificate was not accepted."),
    ("ssl", "The secure connection failed: the server's certificate was not accepted."),
    ("errno 111", "The connection was refused: nothing is listening at that address and port."),
    (
        "connection refused",
        "The connection was refused: nothing is listening at that address and port.",
    ),
    ("name or service not known", "The server's name could not be found: check the address."),
    ("nodename nor servname", "The server's name could not be found: check the address."),
    (
        "temporary failure in name resolution",
        "The server's name could not be found: check the address.",
    ),
    ("network is unreachable", "The receiving server cannot be reached from here (no route)."),
    ("no route to host", "The receiving server cannot be reached from here (no route)."),
    ("connection reset", "The receiving server dropped the connection."),
    ("timed out", "The receiving server did not answer in time."),
]
_GENERIC = "The message could not be sent."


def plain(exc: BaseException) -> str:
    """What went wrong, in plain words."""
    for types, words in _BY_TYPE:
        if isinstance(exc, types):
            return words
    text = str(exc).lower()
    for needle, words in _BY_TEXT:
        if needle in text:
            return words
    return _GENERIC


def http_status(code: int) -> str:
    """An answer outside 2xx, in plain words."""
    if code in (401, 403):
        return (
            f"The receiver refused the message (HTTP {code}): check the webhook's token or secret."
        )
    if code == 404:
        return f"There is no webhook at this address (HTTP {code}): check the URL."
    if code == 429:
        return f"The receiver is limiting how often it accepts messages (HTTP {code})."
    if code >= 500:
        return f"The receiving server had an error (HTTP {code})."
    return f"The receiver did not accept the message (HTTP {code})."


def describe(exc: BaseException) -> str:
    """Plain words first, then the exception as it was, for whoever debugs it."""
    return f"{plain(exc)}{DETAIL}{type(exc).__name__}: {exc}"
