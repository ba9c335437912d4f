"""Every write of the alerts app: channels, rules, raising alerts and delivering them."""

import contextlib
import datetime as dt
import logging
import zoneinfo

from django.conf import settings
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts import incidents, messages, senders
from alerts.models import (
    RULE_CONDITION_FIELDS,
    Alert,
    AlertRule,
    AlertState,
    Channel,
    ChannelKind,
    Delivery,
    DeliveryEvent,
    Event,
    Scope,
)
from alerts.states import DELIVERY_MOVES, DeliveryReason, DeliveryStatus
from projects import audit, validation
from projects.crypto import encrypt
from projects.models import Membership, Node, Workflow
from workbench.moves import guarded_move
from workbench.netguard import BlockedAddress, check_url

log = logging.getLogger(__name__)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- channels ---------------------------------------------------------------------------


def _check_channel(kind: str, recipients, url: str) -> None:
    if kind == ChannelKind.EMAIL:
        if not recipients:
            validation.fail("recipients", _("list at least one email address"))
        check = EmailValidator()
        for address in recipients:
            try:
                check(address)
            except Exception:
                validation.fail(
                    "recipients", _("%(address)r is not an email address") % {"address": address}
                )
        return
    if not url:
        validation.fail("url", _("a %(kind)s channel needs the webhook URL") % {"kind": kind})
    try:
        check_url(url)
    except BlockedAddress as exc:
        validation.fail("url", str(exc))


@transaction.atomic
def channel_create(*, project, actor, name, kind, recipients=(), url="", secret="", enabled=True):
    name = validation.unique_name(Channel.objects.filter(project=project), name, "alert channel")
    recipients = [r.strip() for r in recipients if r.strip()]
    _check_channel(kind, recipients, url)
    channel = Channel.objects.create(
        project=project,
        name=name,
        kind=kind,
        recipients=recipients,
        url=url,
        secret_encrypted=encrypt(secret) if secret else "",
        enabled=enabled,
    )
    audit.record(project=project, actor=actor, action="alert_channel.create", obj=channel)
    return channel


@transaction.atomic
def channel_update(*, channel: Channel, actor, **fields) -> Channel:
    if "name" in fields:
        fields["name"] = validation.unique_name(
            Channel.objects.filter(project=channel.project),
            fields["name"],
            "alert channel",
            exclude=channel,
        )
    if "recipients" in fields:
        fields["recipients"] = [r.strip() for r in fields["recipients"] if r.strip()]
    secret = fields.pop("secret", None)
    if secret is not None:
        channel.secret_encrypted = encrypt(secret) if secret else ""
    for name, value in fields.items():
        setattr(channel, name, value)
    _check_channel(channel.kind, channel.recipients, channel.url)
    channel.save()
    changes = {k: str(v) for k, v in fields.items()}
    if secret is not None:
        changes["secret"] = "changed"
    audit.record(
        project=channel.project,
        actor=actor,
        action="alert_channel.update",
        obj=channel,
        changes=changes,
    )
    return channel


@transaction.atomic
def channel_delete(*, channel: Channel, actor) -> None:
    audit.record(project=channel.project, actor=actor, action="alert_channel.delete", obj=channel)
    channel.delete()


def channel_test(*, channel: Channel, actor) -> Delivery:
    """A test message through the same path as real alerts (stored, retried)."""
    now = timezone.now()
    context = {
        "event": "test",
        "project": {"id": channel.project_id, "name": channel.project.name},
        "rule": {"id": None, "name": "test message"},
        "occurred_at": now.isoformat(),
        "detail": f"A test message from Workbench, sent by {getattr(actor, 'username', 'someone')}.",
    }
    with transaction.atomic():
        delivery = Delivery.objects.create(
            project_id=channel.project_id,
            channel=channel,
            event="test",
            subject=f"[{channel.project.name}] test message for {channel.name}",
            payload={"context": context},
            next_attempt_at=now,
        )
        transaction.on_commit(lambda: _enqueue(delivery.id))
    return delivery


# --- rules ------------------------------------------------------------------------------


def _clean_rule(project, fields: dict, rule: AlertRule | None = None) -> dict:
    merged = {name: getattr(rule, name) for name in RULE_CONDITION_FIELDS} if rule else {}
    merged.update(fields)
    events = merged.get("events") or []
    if not events:
        validation.fail("events", _("choose at least one event"))
    unknown = [e for e in events if e not in Event.values]
    if unknown:
        validation.fail(
            "events", _("unknown event(s): %(events)s") % {"events": ", ".join(map(str, unknown))}
        )
    scope = merged.get("scope") or Scope.PROJECT
    targets = {Scope.WORKFLOW: "workflow", Scope.NODE: "node", Scope.OWNER: "owner"}
    for target_scope, field in targets.items():
        value = merged.get(field)
        if scope == target_scope and value is None:
            validation.fail(
                field,
                _("a %(scope)s-scoped rule needs its %(field)s") % {"scope": scope, "field": field},
            )
    lookups = {
        "workflow": lambda pk: Workflow.objects.filter(project=project, pk=pk).exists(),
        "node": lambda pk: Node.objects.filter(project=project, pk=pk).exists(),
        "owner": lambda pk: Membership.objects.filter(project=project, user_id=pk).exists(),
    }
    for field, exists in lookups.items():
        if fields.get(field) is not None and not exists(_pk(fields[field])):
            reason = (
                "must be a member of the project" if field == "owner" else "not in this project"
            )
            validation.fail(field, f"{field} {reason}")
    if Event.DEADLINE_MISSED in events and merged.get("deadline") is None:
        validation.fail("deadline", _("a deadline time is needed for deadline alerts"))
    factor = merged.get("duration_factor")
    if Event.DURATION_EXCEEDED in events and (factor is None or factor <= 1):
        validation.fail("duration_factor", _("a factor above 1 is needed for duration alerts"))
    if "quiet_start" in fields or "quiet_end" in fields:
        start = fields.get("quiet_start", rule.quiet_start if rule else None)
        end = fields.get("quiet_end", rule.quiet_end if rule else None)
        if (start is None) != (end is None):
            validation.fail("quiet_end", _("give both ends of the quiet hours, or neither"))
    return fields


def _pk(value):
    return getattr(value, "pk", value)


def _set_channels(rule: AlertRule, channel_ids) -> None:
    ids = {int(i) for i in channel_ids}
    channels = list(Channel.objects.filter(project=rule.project, pk__in=ids))
    if len(channels) != len(ids):
        validation.fail("channels", _("every channel must belong to this project"))
    if not channels:
        validation.fail("channels", _("choose at least one channel"))
    rule.channels.set(channels)


def _fk(fields: dict) -> dict:
    return {
        (f"{k}_id" if k in ("workflow", "node", "owner") else k): _pk(v) for k, v in fields.items()
    }


@transaction.atomic
def rule_create(*, project, actor, channels=(), **fields) -> AlertRule:
    fields["name"] = validation.unique_name(
        AlertRule.objects.filter(project=project), fields.get("name", ""), "alert rule"
    )
    fields = _clean_rule(project, fields)
    rule = AlertRule.objects.create(project=project, created_by=_user(actor), **_fk(fields))
    _set_channels(rule, channels)
    audit.record(project=project, actor=actor, action="alert_rule.create", obj=rule)
    return rule


@transaction.atomic
def rule_update(*, rule: AlertRule, actor, channels=None, **fields) -> AlertRule:
    if "name" in fields:
        fields["name"] = validation.unique_name(
            AlertRule.objects.filter(project=rule.project),
            fields["name"],
            "alert rule",
            exclude=rule,
        )
    fields = _clean_rule(rule.project, fields, rule)
    for name, value in _fk(fields).items():
        setattr(rule, name, value)
    rule.save()
    if channels is not None:
        _set_channels(rule, channels)
    audit.record(
        project=rule.project,
        actor=actor,
        action="alert_rule.update",
        obj=rule,
        changes={k: str(v) for k, v in fields.items()},
    )
    return rule


@transaction.atomic
def rule_delete(*, rule: AlertRule, actor) -> None:
    audit.record(project=rule.project, actor=actor, action="alert_rule.delete", obj=rule)
    rule.delete()


# --- raising alerts ---------------------------------------------------------------------


def rule_covers(rule: AlertRule, node: Node | None) -> bool:
    if rule.scope == Scope.PROJECT:
        return True
    if node is None:
        return False
    if rule.scope == Scope.WORKFLOW:
        return node.workflow_id == rule.workflow_id
    if rule.scope == Scope.NODE:
        return node.id == rule.node_id
    return node.owner_id == rule.owner_id


def in_quiet_hours(rule: AlertRule, local_time: dt.time) -> bool:
    start, end = rule.quiet_start, rule.quiet_end
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local_time < end
    return local_time >= start or local_time < end  # over midnight


def rules_for(project_id: int, event: str) -> list[AlertRule]:
    rules = AlertRule.objects.filter(project_id=project_id, enabled=True).select_related("project")
    return [rule for rule in rules if event in rule.events]


def owner_addresses(rule: AlertRule, node_id: int | None) -> list[str]:
    """The node owner's email address when `rule` notifies owners (and the owner has one)."""
    if not rule.notify_owner or node_id is None:
        return []
    email = Node.objects.filter(pk=node_id).values_list("owner__email", flat=True).first()
    return [email] if email else []


@contextlib.contextmanager
def rules_locked(rule_ids):
    """One transaction for several raise_alert calls, with their rules locked in id order up
    front (two such batches in two workers then cannot deadlock on each other's rules)."""
    with transaction.atomic():
        if rule_ids:
            list(
                AlertRule.objects.select_for_update()
                .filter(pk__in=sorted(rule_ids))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        yield


def raise_alert(
    rule: AlertRule,
    event: str,
    *,
    key: str,
    throttle_key: str,
    context: dict,
    instance_id: int | None = None,
    node_id: int | None = None,
) -> Alert | None:
    """Record one alert for `rule` (once per key) and queue its deliveries; None if a duplicate.
    The alert's node is its instance's, or `node_id` (a quality rule's node)."""
    now = timezone.now()
    zone = zoneinfo.ZoneInfo(rule.project.timezone)
    context = {
        **context,
        "event": event,
        "rule": {"id": rule.id, "name": rule.name},
        "project": {"id": rule.project_id, "name": rule.project.name},
        "occurred_at": now.isoformat(),
    }
    try:
        with transaction.atomic():
            # One alert at a time per rule: the throttle check and the insert must not interleave.
            AlertRule.objects.select_for_update().filter(pk=rule.pk).exists()
            since = now - dt.timedelta(minutes=rule.min_interval_minutes)
            subject = messages.subject(context)[:300]
            incident, opened = incidents.attach(
                rule,
                key=throttle_key[:200],
                event=event,
                subject=subject,
                node_id=node_id or (context.get("instance") or {}).get("node_id"),
                now=now,
            )
            context["incident"] = incidents.incident_summary(incident)
            if not opened:
                state = AlertState.GROUPED
            elif in_quiet_hours(rule, now.astimezone(zone).time()):
                state = AlertState.QUIET
            elif (
                incidents.muted(rule, throttle_key[:200], now)
                or Alert.objects.filter(
                    rule=rule,
                    throttle_key=throttle_key,
                    state=AlertState.SENT,
                    created_at__gte=since,
                ).exists()
            ):
                state = AlertState.THROTTLED
            else:
                state = AlertState.SENT
            alert = Alert.objects.create(
                incident=incident,
                project_id=rule.project_id,
                rule=rule,
                event=event,
                key=key[:200],
                throttle_key=throttle_key[:200],
                state=state,
                instance_id=instance_id,
                subject=subject,
                context=context,
            )
            if state == AlertState.SENT:
                deliveries = Delivery.objects.bulk_create(
                    [
                        Delivery(
                            project_id=rule.project_id,
                            alert=alert,
                            channel=channel,
                            event=event,
                            subject=alert.subject,
                            payload={"context": context},
                            next_attempt_at=now,
                        )
                        for channel in rule.channels.filter(enabled=True)
                    ]
                    + [
                        Delivery(
                            project_id=rule.project_id,
                            alert=alert,
                            recipient=address,
                            event=event,
                            subject=alert.subject,
                            payload={"context": context},
                            next_attempt_at=now,
                        )
                        for address in owner_addresses(rule, incident.node_id)
                    ]
                )
                ids = [d.id for d in deliveries]
                transaction.on_commit(lambda: [_enqueue(i) for i in ids])
    except IntegrityError:
        return None  # the same event for the same rule was already raised
    return alert


# --- delivering -------------------------------------------------------------------------


def send_digests(now=None) -> int:
    """Scheduler step: rules whose quiet hours are over send what they held, one digest per
    channel (the alerts in order, each with its incident), and mark those alerts digested."""
    now = now or timezone.now()
    held = (
        Alert.objects.filter(state=AlertState.QUIET, digested_at__isnull=True)
        .select_related("rule", "rule__project", "incident")
        .order_by("id")
    )
    by_rule: dict[int, list[Alert]] = {}
    for alert in held:
        by_rule.setdefault(alert.rule_id, []).append(alert)
    sent = 0
    for alerts in by_rule.values():
        rule = alerts[0].rule
        local = now.astimezone(zoneinfo.ZoneInfo(rule.project.timezone)).time()
        if in_quiet_hours(rule, local):
            continue
        context = _digest_context(rule, alerts, now)
        with transaction.atomic():
            taken = Alert.objects.filter(
                id__in=[a.id for a in alerts], digested_at__isnull=True
            ).update(digested_at=now)
            if taken != len(alerts):  # another scheduler took them first
                transaction.set_rollback(True)
                continue
            deliveries = [
                _digest_delivery(rule, context, channel=channel)
                for channel in rule.channels.filter(enabled=True)
            ]
            if rule.notify_owner:
                deliveries += _owner_digests(rule, alerts, now)
            deliveries = Delivery.objects.bulk_create(deliveries)
            enqueue_after_commit([d.id for d in deliveries])
        sent += 1
    return sent


def _digest_context(rule: AlertRule, alerts: list[Alert], now) -> dict:
    return {
        "event": "digest",
        "rule": {"id": rule.id, "name": rule.name},
        "project": {"id": rule.project_id, "name": rule.project.name},
        "occurred_at": now.isoformat(),
        "digest": [
            {"subject": a.subject, "at": a.created_at.isoformat(), "event": a.event} for a in alerts
        ],
    }


def _owner_digests(rule: AlertRule, alerts: list[Alert], now) -> list[Delivery]:
    """Each owner's own digest (unsaved): the held alerts of the nodes they own."""
    node_of = {a.id: a.incident.node_id if a.incident_id else None for a in alerts}
    owners = dict(
        Node.objects.filter(
            pk__in={n for n in node_of.values() if n}, owner__email__gt=""
        ).values_list("id", "owner__email")
    )
    by_owner: dict[str, list[Alert]] = {}
    for alert in alerts:
        address = owners.get(node_of[alert.id])
        if address:
            by_owner.setdefault(address, []).append(alert)
    return [
        _digest_delivery(rule, _digest_context(rule, theirs, now), recipient=address)
        for address, theirs in sorted(by_owner.items())
    ]


def _digest_delivery(rule: AlertRule, context: dict, *, channel=None, recipient="") -> Delivery:
    return Delivery(
        project_id=rule.project_id,
        channel=channel,
        recipient=recipient,
        event="digest",
        subject=messages.subject(context)[:300],
        payload={"context": context},
        next_attempt_at=timezone.now(),  # (`now` may be the step's own clock)
    )


def enqueue_after_commit(delivery_ids: list[int]) -> None:
    transaction.on_commit(lambda: [_enqueue(i) for i in delivery_ids])


def _enqueue(delivery_id: int, countdown: float = 0) -> None:
    from alerts.tasks import deliver

    deliver.apply_async((delivery_id,), countdown=countdown, queue=settings.ALERTS_QUEUE)


def backoff_seconds(attempts: int) -> float:
    """Wait before attempt `attempts + 1`: base * 2^(attempts-1), capped."""
    base, cap = settings.ALERTS_RETRY_BASE_SECONDS, settings.ALERTS_RETRY_MAX_SECONDS
    return min(cap, base * 2 ** max(0, attempts - 1))


def delivery_move(
    delivery_ids,
    to: str,
    *,
    reason: str,
    actor=None,
    expected=None,
    where: Q | None = None,
    next_attempt: bool = False,
    **fields,
) -> list[int]:
    """The only writer of a delivery's status: move the deliveries that may go to `to` (from a
    status in `expected`, if given, and matching `where`) along DELIVERY_MOVES, with a
    DeliveryEvent each; return the ids moved. `next_attempt` counts a new attempt."""
    if next_attempt:
        fields["attempts"] = F("attempts") + 1
    actor = _user(actor)
    moved = guarded_move(
        Delivery,
        delivery_ids,
        to,
        moves=DELIVERY_MOVES,
        expected=expected,
        where=where,
        read=("attempts",),
        fields=fields,
        event=lambda row: DeliveryEvent(
            delivery_id=row["id"],
            project_id=row["project_id"],
            from_status=row["status"],
            to_status=to,
            attempt=row["attempts"] + 1 if next_attempt else row["attempts"],
            reason=reason,
            actor=actor,
        ),
    )
    return [row["id"] for row in moved]


def _claim(delivery_id: int) -> Delivery | None:
    now = timezone.now()
    lease = now + dt.timedelta(seconds=settings.ALERTS_SENDING_LEASE_SECONDS)
    claimed = delivery_move(
        [delivery_id],
        DeliveryStatus.SENDING,
        expected=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING],
        where=Q(next_attempt_at__lte=now),
        reason=DeliveryReason.CLAIMED,
        next_attempt=True,
        next_attempt_at=lease,
    )
    if not claimed:
        return None
    return Delivery.objects.select_related("channel__project").get(pk=delivery_id)


def deliver(delivery_id: int) -> str:
    """Try one delivery once; on failure schedule the next attempt or give up visibly."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return "not due"  # delivered, given up, not yet due, or being sent by another worker
    channel = delivery.channel
    context = delivery.payload.get("context", {})
    if channel is None:  # a message to a person
        outcome = senders.email([delivery.recipient], context)
    else:
        outcome = senders.send(channel, context, delivery.id)
    # A channel keeps its health; a person's address has none to keep.
    channels = Channel.objects.filter(pk=delivery.channel_id)
    now = timezone.now()
    fields = {
        "payload": {**delivery.payload, "request": outcome.request},
        "response_code": outcome.response_code,
        "error": outcome.error[:4000],
        "next_attempt_at": None,
    }
    wait = 0.0
    if outcome.ok:
        to, reason = DeliveryStatus.DELIVERED, DeliveryReason.DELIVERED
        fields["delivered_at"] = now
        channels.update(consecutive_failures=0, last_delivery_at=now, last_error="")
    else:
        wait = backoff_seconds(delivery.attempts)
        window_ends = delivery.created_at + dt.timedelta(
            seconds=settings.ALERTS_RETRY_WINDOW_SECONDS
        )
        if outcome.permanent or now + dt.timedelta(seconds=wait) > window_ends:
            to, reason = DeliveryStatus.FAILED, DeliveryReason.GAVE_UP
        else:
            to, reason = DeliveryStatus.RETRYING, DeliveryReason.SEND_FAILED
            fields["next_attempt_at"] = now + dt.timedelta(seconds=wait)
        channels.update(
            consecutive_failures=F("consecutive_failures") + 1, last_error=outcome.error[:4000]
        )
    # Only the attempt this worker claimed: if its lease expired and the delivery was claimed
    # again meanwhile, the newer attempt has the last word.
    moved = delivery_move(
        [delivery.id],
        to,
        expected=[DeliveryStatus.SENDING],
        where=Q(attempts=delivery.attempts),
        reason=reason,
        **fields,
    )
    if not moved:
        return "superseded"
    if to == DeliveryStatus.RETRYING:
        _enqueue(delivery.id, countdown=wait)
    return to


def retry_now(*, delivery: Delivery, actor) -> Delivery:
    """An operator's "try again" for a delivery that failed or waits for its next attempt."""
    now = timezone.now()
    moved = delivery_move(
        [delivery.pk],
        DeliveryStatus.RETRYING,
        expected=[DeliveryStatus.FAILED, DeliveryStatus.RETRYING],
        reason=DeliveryReason.RETRY_NOW,
        actor=actor,
        next_attempt_at=now,
        created_at=now,  # a new retry window
    )
    if not moved:
        validation.fail(
            "status", _("a %(status)s delivery cannot be retried") % {"status": delivery.status}
        )
    audit.record(project=delivery.project, actor=actor, action="alert_delivery.retry", obj=delivery)
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    delivery.refresh_from_db()
    return delivery


def resend_due(now=None) -> int:
    """Scheduler step: deliveries whose retry message was lost, or whose sender vanished."""
    now = now or timezone.now()
    grace = now - dt.timedelta(seconds=5)
    expired = Delivery.objects.filter(status=DeliveryStatus.SENDING, next_attempt_at__lt=now)
    delivery_move(
        list(expired.values_list("id", flat=True)),
        DeliveryStatus.RETRYING,
        expected=[DeliveryStatus.SENDING],
        where=Q(next_attempt_at__lt=now),
        reason=DeliveryReason.LEASE_EXPIRED,
        next_attempt_at=now,
    )
    due = list(
        Delivery.objects.filter(
            Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]),
            next_attempt_at__lte=grace,
        ).values_list("id", flat=True)[:500]
    )
    for delivery_id in due:
        _enqueue(delivery_id)
    return len(due)
