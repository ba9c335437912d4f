"""What an alert says, in each channel's format. Pure: a context dict in, payloads out."""

import base64
import hashlib
import hmac
import html
import json
import re
import time

SCHEMA = "workbench.alert/v1"

EVENT_WORDS = {
    "instance_failed": "failed",
    "instance_succeeded": "succeeded",
    "instance_timed_out": "timed out",
    "deadline_missed": "is not finished by its deadline",
    "duration_exceeded": "is running longer than usual",
    "quality_failed": "failed a quality rule",
    "backfill_finished": "finished",
    "backfill_failed": "failed",
    "generation_failed": "the scheduler could not generate instances",
    "test": "a test message from Workbench",
    "incident_resolved": "recovered",
    "digest": "held during quiet hours",
    "baseline_warning": "may miss its committed time",
    "baseline_broken": "missed its committed time",
}


def subject(context: dict) -> str:
    words = EVENT_WORDS.get(context["event"], context["event"])
    project = context["project"]["name"]
    incident = context.get("incident")
    if context["event"] == "incident_resolved" and incident:
        what = re.sub(r"^\[[^\]]*\] ", "", incident["subject"])
        return f"[{project}] recovered: {what}"
    if context.get("digest") is not None:
        return f"[{project}] {len(context['digest'])} alert(s) of {context['rule']['name']} {words}"
    if context.get("backfill"):
        name = context["backfill"]["name"]
        # The default name already starts with "backfill": say it once.
        what = name if name.lower().startswith("backfill") else f"backfill {name}"
        return f"[{project}] {what} {words}"
    baseline = context.get("baseline")
    if baseline:
        return f"[{project}] baseline {baseline['name']} ({baseline['day']}) {words}"
    instance = context.get("instance")
    if not instance:
        return f"[{project}] {context['rule']['name']}: {words}"
    return f"[{project}] {instance['node_name']} ({instance['bizdate']}) {words}"


def lines(context: dict) -> list[tuple[str, str]]:
    """(label, value) pairs shown in every format."""
    rows = [("Project", context["project"]["name"]), ("Alert rule", context["rule"]["name"])]
    instance = context.get("instance")
    if instance:
        rows += [
            ("Node", instance["node_name"]),
            ("Business date", instance["bizdate"]),
            ("Status", instance["status"]),
            ("Attempt", str(instance["attempt"])),
        ]
        if instance.get("duration_seconds") is not None:
            rows.append(("Duration", f"{instance['duration_seconds']:.0f} s"))
        if instance.get("error"):
            rows.append(("Error", instance["error"]))
    quality = context.get("quality")
    if quality:
        rows += [
            ("Quality rule", f"{quality['rule']} ({quality['strength']})"),
            ("Verdict", f"{quality['verdict']}: {quality['message']}"),
        ]
    backfill = context.get("backfill")
    if backfill:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(backfill["counts"].items()))
        rows += [
            ("Backfill", backfill["name"]),
            ("Status", backfill["status"]),
            ("Instances", counts),
        ]
    baseline = context.get("baseline")
    if baseline:
        rows += [
            ("Baseline", baseline["name"]),
            ("Committed", baseline["committed_at"]),
            ("Predicted finish", baseline["predicted_at"] or "-"),
            ("Critical path", " -> ".join(baseline["critical_path"])),
        ]
        if baseline.get("slack_seconds") is not None:
            rows.append(("Slack", f"{baseline['slack_seconds'] / 60:.0f} min"))
    for item in context.get("digest") or ():
        rows.append((item["at"][:16].replace("T", " "), item["subject"]))
    incident = context.get("incident")
    if incident:
        rows.append(
            (
                "Incident",
                f"#{incident['id']}, {incident['count']} alert(s) since {incident['opened_at']}",
            )
        )
        if incident.get("resolution"):
            rows.append(("Resolution", incident["resolution"]))
        elif incident.get("ack_url"):
            rows.append(("Acknowledge", incident["ack_url"]))
    if context.get("detail"):
        rows.append(("Detail", context["detail"]))
    return rows


def link(context: dict) -> str:
    item = context.get("instance") or context.get("backfill") or context.get("baseline") or {}
    return item.get("url", "")


def text(context: dict) -> str:
    body = "\n".join(f"{label}: {value}" for label, value in lines(context))
    return f"{subject(context)}\n\n{body}\n\nOpen: {link(context)}\n"


def html_body(context: dict) -> str:
    rows = "".join(
        f"<tr><th align='left' style='padding:2px 12px 2px 0'>{html.escape(label)}</th>"
        f"<td><pre style='margin:0;white-space:pre-wrap'>{html.escape(value)}</pre></td></tr>"
        for label, value in lines(context)
    )
    url = html.escape(link(context))
    return (
        f"<html><body><h3>{html.escape(subject(context))}</h3><table>{rows}</table>"
        f"<p><a href='{url}'>Open in Workbench</a></p></body></html>"
    )


# Text from names, error messages and the like is the user's: in a chat it must stay text, never
# become a mention (Slack's <!channel>, Feishu's <at user_id="all">), a link or formatting.

# Links and images ([..](..), ![..](..)), code, emphasis with * (not _, which names are full of
# and which does not emphasise inside a word), strike-through.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*[]()!~"})
_ANGLES = str.maketrans({"<": "\uff1c", ">": "\uff1e"})  # full-width look-alikes
_LIST_START = re.compile(r"^(\s*)(?:([-+#])|(\d+)\.)", re.MULTILINE)


def slack_escape(value: str) -> str:
    """Slack's mrkdwn: &, < and > as entities (what Slack itself asks for)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_escape(value: str) -> str:
    """DingTalk's markdown (which also renders some HTML tags): punctuation that formats or
    links escaped, angle brackets replaced by look-alikes, lines kept inside the list item."""
    text = str(value).translate(_ANGLES).translate(_MARKDOWN_SPECIAL)
    # A line starting like a heading or a list item would leave the item it belongs to.
    text = _LIST_START.sub(lambda m: m[1] + (f"\\{m[2]}" if m[2] else f"{m[3]}\\."), text)
    return "  \n  ".join(text.splitlines() or [""])


def plain_chat_escape(value: str) -> str:
    """Feishu's text messages: no tags (<at user_id="all">), so no angle brackets."""
    return str(value).translate(_ANGLES)


def markdown(context: dict) -> str:
    body = "\n".join(f"- **{label}**: {markdown_escape(value)}" for label, value in lines(context))
    title = markdown_escape(subject(context))
    return f"### {title}\n{body}\n\n[Open in Workbench]({link(context)})"


def webhook_body(context: dict) -> dict:
    """The generic webhook's JSON body (documented in README.md)."""
    return {"schema": SCHEMA, "subject": subject(context), "text": text(context), **context}


def slack_body(context: dict) -> dict:
    fields = "\n".join(f"*{label}:* {slack_escape(value)}" for label, value in lines(context))
    return {
        "text": slack_escape(subject(context)),
        "blocks": [
            {
                "type": "header",
                "text": {"type": "plain_text", "text": plain_chat_escape(subject(context))[:150]},
            },
            {"type": "section", "text": {"type": "mrkdwn", "text": fields[:3000]}},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"<{link(context)}|Open in Workbench>"},
            },
        ],
    }


def dingtalk_body(context: dict) -> dict:
    return {
        "msgtype": "markdown",
        "markdown": {"title": plain_chat_escape(subject(context)), "text": markdown(context)},
    }


def feishu_body(context: dict, secret: str = "", now: int | None = None) -> dict:
    body = {"msg_type": "text", "content": {"text": plain_chat_escape(text(context))}}
    if secret:
        timestamp = str(now if now is not None else int(time.time()))
        key = f"{timestamp}\n{secret}".encode()
        body["timestamp"] = timestamp
        body["sign"] = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    return body


def dingtalk_sign(secret: str, now_ms: int) -> str:
    """DingTalk's signature query parameter for robot webhooks with a secret."""
    message = f"{now_ms}\n{secret}".encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """X-Workbench-Signature: HMAC-SHA256 over "<timestamp>.<body>" with the channel's secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def encode(body: dict) -> bytes:
    return json.dumps(body, separators=(",", ":"), sort_keys=True, default=str).encode()
