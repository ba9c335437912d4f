"""Send one message on one channel; the result says whether to stop or try again."""

import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from alerts import delivery_errors, messages
from alerts.models import Channel, ChannelKind
from projects.crypto import decrypt
from workbench.netguard import BlockedAddress, check_url, pin


@dataclass
class Outcome:
    ok: bool
    request: dict
    response_code: int | None = None
    error: str = ""
    permanent: bool = False  # no point in retrying (a refused address)


def secret_of(channel: Channel) -> str:
    return decrypt(channel.secret_encrypted) if channel.secret_encrypted else ""


def send(channel: Channel, context: dict, delivery_id: int) -> Outcome:
    if channel.kind == ChannelKind.EMAIL:
        return email(list(channel.recipients), context)
    return _webhook(channel, context, delivery_id)


def email(recipients: list[str], context: dict) -> Outcome:
    """An email to `recipients` (a channel's, or a person's)."""
    subject = messages.subject(context)
    request = {"to": recipients, "subject": subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=messages.text(context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    message.attach_alternative(messages.html_body(context), "text/html")
    try:
        connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
        sent = connection.send_messages([message])
    except Exception as exc:  # SMTP down, refused, timed out: try again later
        return Outcome(False, request, error=delivery_errors.describe(exc))
    if not sent:
        return Outcome(False, request, error="the mail server accepted no recipient")
    return Outcome(True, request, response_code=250)


def _webhook(channel: Channel, context: dict, delivery_id: int) -> Outcome:
    secret = secret_of(channel)
    url = channel.url
    headers = {"Content-Type": "application/json", "User-Agent": "Workbench-Alerts/1"}
    if channel.kind == ChannelKind.WEBHOOK:
        body = messages.encode(messages.webhook_body(context))
        timestamp = str(int(time.time()))
        headers["X-Workbench-Timestamp"] = timestamp
        headers["X-Workbench-Delivery"] = str(delivery_id)
        if secret:
            headers["X-Workbench-Signature"] = messages.signature(secret, timestamp, body)
    elif channel.kind == ChannelKind.SLACK:
        body = messages.encode(messages.slack_body(context))
    elif channel.kind == ChannelKind.DINGTALK:
        body = messages.encode(messages.dingtalk_body(context))
        if secret:
            now_ms = int(time.time() * 1000)
            sign = messages.dingtalk_sign(secret, now_ms)
            url += ("&" if "?" in url else "?") + urlencode({"timestamp": now_ms, "sign": sign})
    else:
        body = messages.encode(messages.feishu_body(context, secret))
    request = {
        "url": channel.url,
        "headers": {k: v for k, v in headers.items() if k != "X-Workbench-Signature"},
        "body": json.loads(body),
    }
    try:
        addresses = check_url(url)
    except BlockedAddress as exc:
        return Outcome(False, request, error=str(exc), permanent=True)
    try:
        response = post_pinned(url, addresses, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return Outcome(False, request, error=delivery_errors.describe(exc))
    if not 200 <= response.status_code < 300:
        return Outcome(
            False,
            request,
            response.status_code,
            f"{delivery_errors.http_status(response.status_code)}"
            f"{delivery_errors.DETAIL}{response.text[:500]}",
        )
    problem = _chat_error(channel.kind, response)
    if problem:
        return Outcome(False, request, response.status_code, problem)
    return Outcome(True, request, response.status_code)


def post_pinned(url: str, addresses, *, content: bytes, headers: dict) -> httpx.Response:
    """POST to `url` at one of its checked `addresses` (the next one when one refuses the
    connection); the name is never looked up again. Redirects are not followed."""
    last: httpx.HTTPError | None = None
    with httpx.Client(
        timeout=settings.ALERTS_HTTP_TIMEOUT_SECONDS, follow_redirects=False
    ) as client:
        for address in addresses:
            target = pin(url, address)
            extensions = {"sni_hostname": target.server_name} if target.server_name else {}
            try:
                return client.post(
                    target.url,
                    content=content,
                    headers={**headers, "Host": target.host_header},
                    extensions=extensions,
                )
            except httpx.ConnectError as exc:
                last = exc
    raise last or httpx.ConnectError(f"no address to connect to for {url}")


def _chat_error(kind: str, response: httpx.Response) -> str:
    """DingTalk and Feishu answer 200 with an error code in the body."""
    if kind not in (ChannelKind.DINGTALK, ChannelKind.FEISHU):
        return ""
    try:
        data = response.json()
    except ValueError:
        return ""
    code = data.get("errcode", data.get("code", data.get("StatusCode", 0)))
    if code in (0, None):
        return ""
    return (
        f"{kind} refused the message: {code} {data.get('errmsg') or data.get('msg') or ''}".strip()
    )
