"""DingTalk, Slack and Feishu messages delivered by a real worker to a real HTTP receiver: the
body each expects, DingTalk's and Feishu's signatures, and their success and failure answers
(DingTalk and Feishu answer 200 with an error code in the body)."""

import base64
import hashlib
import hmac
from urllib.parse import parse_qs, urlsplit

import pytest

from alerts import messages, services
from alerts.models import Delivery
from scheduler import generation
from scheduler.models import Instance
from scheduler.states import InstanceState as S
from scheduler.transitions import transition
from tests.alerts.test_delivery import delivered, rule_for
from tests.scheduler.conftest import yesterday
from tests.stack import wait_until


def _failed_run(project, owner, make_node, channel):
    rule_for(project, owner, channel)
    node = make_node("orders", cron="0 0 * * *")
    generation.generate_day(yesterday(), node_ids=[node.id])
    instance = Instance.objects.get(node=node)
    transition([instance.id], S.QUEUED, reason="test")
    transition([instance.id], S.FAILED, reason="error", error="disk <full> *now*")
    return instance


def _refused(delivery, words):
    """The delivery failed an attempt, is being retried, and says why."""
    found = wait_until(
        lambda: (
            Delivery.objects.filter(pk=delivery.pk, attempts__gte=1)
            .exclude(status__in=["pending", "sending"])
            .first()
        ),
        timeout=20,
        message="a refused attempt",
    )
    assert found.status == "retrying", found.status
    for word in words:
        assert word in found.error, found.error
    return found


@pytest.fixture
def chat(receiver, fast_retries, alert_worker, project, owner):
    receiver.start()

    def make(kind, secret=""):
        return services.channel_create(
            project=project, actor=owner, name=kind, kind=kind, url=receiver.url, secret=secret
        )

    return make


def test_dingtalk_is_signed_and_its_errcode_is_read(chat, receiver, project, owner, make_node):
    channel = chat("dingtalk", secret="SECdemo")
    receiver.answer = b'{"errcode":0,"errmsg":"ok"}'
    instance = _failed_run(project, owner, make_node, channel)
    delivered()
    request = receiver.requests[0]
    query = parse_qs(urlsplit(request["path"]).query)
    timestamp, sign = int(query["timestamp"][0]), query["sign"][0]
    message = f"{timestamp}\nSECdemo".encode()
    expected = base64.b64encode(hmac.new(b"SECdemo", message, hashlib.sha256).digest()).decode()
    assert sign == expected
    body = request["json"]
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == f"[alerting] orders ({instance.bizdate}) failed"
    text = body["markdown"]["text"]
    assert f"/operations/instances/{instance.id}" in text
    assert "disk ＜full＞ \\*now\\*" in text  # the user's text cannot format or inject tags

    receiver.answer = b'{"errcode":310000,"errmsg":"sign not match"}'
    test = services.channel_test(channel=channel, actor=owner)
    _refused(test, ["dingtalk refused the message", "310000", "sign not match"])


def test_slack_gets_blocks_and_its_refusal_is_retried(chat, receiver, project, owner, make_node):
    channel = chat("slack")
    receiver.answer = b"ok"
    instance = _failed_run(project, owner, make_node, channel)
    delivered()
    body = receiver.requests[0]["json"]
    assert body["text"] == f"[alerting] orders ({instance.bizdate}) failed"
    assert [block["type"] for block in body["blocks"]] == ["header", "section", "section"]
    assert "disk &lt;full&gt;" in body["blocks"][1]["text"]["text"]

    receiver.status, receiver.answer = 404, b"no_service"
    test = services.channel_test(channel=channel, actor=owner)
    _refused(test, ["404", "no_service"])


def test_feishu_is_signed_and_its_code_is_read(chat, receiver, project, owner, make_node):
    channel = chat("feishu", secret="fs-secret")
    receiver.answer = b'{"code":0,"msg":"success"}'
    instance = _failed_run(project, owner, make_node, channel)
    delivered()
    body = receiver.requests[0]["json"]
    assert body["msg_type"] == "text"
    assert body["content"]["text"].startswith(f"[alerting] orders ({instance.bizdate}) failed")
    key = f"{body['timestamp']}\nfs-secret".encode()
    assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert body == messages.feishu_body(
        Delivery.objects.get().payload["context"], "fs-secret", int(body["timestamp"])
    )

    receiver.answer = b'{"code":19021,"msg":"sign match fail or timestamp is not within one hour"}'
    test = services.channel_test(channel=channel, actor=owner)
    _refused(test, ["feishu refused the message", "19021", "sign match fail"])
