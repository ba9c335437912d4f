"""Message formats and signatures (pure)."""

import base64
import hashlib
import hmac

from alerts import messages

CONTEXT = {
    "event": "instance_failed",
    "project": {"id": 1, "name": "etl"},
    "rule": {"id": 2, "name": "failures"},
    "instance": {
        "id": 7,
        "node_name": "load_orders",
        "bizdate": "2026-11-24",
        "status": "failed",
        "attempt": 2,
        "error": "ZeroDivisionError: <b>division</b> by zero",
        "duration_seconds": 3.2,
        "url": "http://wb.example/operations/instances/7",
    },
}


def test_subject_and_text_name_node_date_status_and_link():
    assert messages.subject(CONTEXT) == "[etl] load_orders (2026-11-24) failed"
    text = messages.text(CONTEXT)
    for expected in ("Node: load_orders", "Status: failed", "ZeroDivisionError", "instances/7"):
        assert expected in text


def test_html_escapes_the_error():
    body = messages.html_body(CONTEXT)
    assert "&lt;b&gt;division&lt;/b&gt;" in body and "<b>division" not in body


def test_signature_is_hmac_over_timestamp_and_body():
    body = messages.encode(messages.webhook_body(CONTEXT))
    signed = messages.signature("s3cret", "1700000000", body)
    expected = hmac.new(b"s3cret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert signed == f"sha256={expected}"
    assert messages.signature("other", "1700000000", body) != signed


def test_chat_formats():
    assert messages.slack_body(CONTEXT)["text"] == messages.subject(CONTEXT)
    ding = messages.dingtalk_body(CONTEXT)
    assert ding["msgtype"] == "markdown" and "**Node**: load_orders" in ding["markdown"]["text"]
    feishu = messages.feishu_body(CONTEXT, "key", now=1700000000)
    digest = hmac.new(b"1700000000\nkey", b"", hashlib.sha256).digest()
    assert feishu["sign"] == base64.b64encode(digest).decode()
    assert feishu["content"]["text"].startswith("[etl] load_orders")
