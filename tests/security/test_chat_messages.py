"""Chat messages keep user text as text: names and error texts cannot mention everyone, add
links or formatting in Slack, DingTalk or Feishu."""

import json

from alerts import messages


def _context(name: str, error: str) -> dict:
    return {
        "event": "instance_failed",
        "project": {"id": 1, "name": "etl"},
        "rule": {"id": 2, "name": "failures"},
        "occurred_at": "2026-01-01T00:00:00+00:00",
        "instance": {
            "id": 7,
            "node_id": 3,
            "node_name": name,
            "workflow_id": 1,
            "bizdate": "2026-01-01",
            "status": "failed",
            "attempt": 1,
            "error": error,
            "url": "http://127.0.0.1:8000/operations/instances/7",
        },
    }


def _text(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False)


def test_slack_mentions_and_links_stay_text():
    body = messages.slack_body(_context("<!channel> load", "see <http://evil.example|the docs>"))
    sent = _text(body)
    assert "<!channel>" not in sent and "<http://evil.example|" not in sent
    assert "&lt;!channel&gt; load" in body["text"]
    assert "&lt;http://evil.example|the docs&gt;" in body["blocks"][1]["text"]["text"]
    # Our own link still is one.
    assert body["blocks"][2]["text"]["text"].startswith("<http://127.0.0.1:8000/")


def test_dingtalk_markdown_stays_text():
    body = messages.dingtalk_body(
        _context("[click me](http://evil.example)", '<font color="red">x</font>\n# Boom\n- item')
    )
    sent = body["markdown"]["text"]
    assert "[click me](http" not in sent
    assert "\\[click me\\]\\(http://evil.example\\)" in sent
    assert "<font" not in sent and "\n# Boom" not in sent and "\n- item" not in sent
    assert sent.endswith("[Open in Workbench](http://127.0.0.1:8000/operations/instances/7)")
    assert "<" not in body["markdown"]["title"]


def test_feishu_cannot_mention_everyone():
    body = messages.feishu_body(_context('<at user_id="all">all</at>', "<b>bold</b>"))
    assert "<at" not in body["content"]["text"] and "<b>" not in body["content"]["text"]
    assert "\uff1cat user_id" in body["content"]["text"]


def test_ordinary_names_read_as_they_are():
    body = messages.dingtalk_body(_context("load_orders", "exit code 3 (see log)"))
    assert "load_orders" in body["markdown"]["text"]
    assert messages.slack_body(_context("load_orders", ""))["text"].startswith("[etl] load_orders")
