"""Incidents: the alerts of one subject, from its first failure until it recovers.

The first alert of a subject (a rule and its throttle key: one event of one node, or one quality
rule) opens an incident and is sent; later ones are appended to it (a count and the last time)
and send nothing. A later success of the subject resolves it and sends one recovery message to
the rule's channels. Somebody who acknowledges an incident, or mutes it for a while, stops its
messages; it stays listed until it is resolved. A signed link in each message acknowledges it
without logging in.
"""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alerts import messages
from alerts.models import Alert, AlertRule, Delivery, Event, Incident, IncidentStatus
from projects import audit

# Instance events whose subject recovers when the node succeeds again.
RECOVERS_ON_SUCCESS = (
    Event.INSTANCE_FAILED,
    Event.INSTANCE_TIMED_OUT,
    Event.DEADLINE_MISSED,
    Event.DURATION_EXCEEDED,
)
RESOLVED_EVENT = "incident_resolved"
_SALT = "alerts.incident.acknowledge"
LINK_MAX_AGE = dt.timedelta(days=7)


def attach(rule: AlertRule, *, key: str, event: str, subject: str, node_id, now) -> tuple:
    """(incident, whether the alert may send): inside raise_alert's transaction, which holds the
    rule's lock, so two alerts of one subject cannot both open one."""
    incident = (
        Incident.objects.select_for_update()
        .filter(rule=rule, key=key)
        .exclude(status=IncidentStatus.RESOLVED)
        .first()
    )
    if incident is None:
        incident = Incident.objects.create(
            project_id=rule.project_id,
            rule=rule,
            key=key,
            event=event,
            subject=subject,
            node_id=node_id,
            opened_at=now,
            last_alert_at=now,
        )
        return incident, True
    Incident.objects.filter(pk=incident.pk).update(count=incident.count + 1, last_alert_at=now)
    incident.count += 1
    incident.last_alert_at = now
    return incident, False


def resolve_for_nodes(project_id: int, node_ids, *, reason: str) -> list[int]:
    """The node(s) succeeded: resolve their open instance incidents and send the recoveries."""
    if not node_ids:
        return []
    candidates = Incident.objects.filter(
        project_id=project_id, node_id__in=list(node_ids), event__in=RECOVERS_ON_SUCCESS
    ).exclude(status=IncidentStatus.RESOLVED)
    return _resolve(candidates, reason=reason)


def resolve_matching(candidates, *, reason: str) -> list[int]:
    """Their subject recovered (a baseline finished, a quality rule passed): resolve these
    unresolved incidents and send the recoveries."""
    return _resolve(candidates.exclude(status=IncidentStatus.RESOLVED), reason=reason)


def resolve(incident: Incident, *, actor, note: str = "") -> Incident:
    """A member closes an incident by hand (its subject has no automatic recovery)."""
    _resolve(
        Incident.objects.filter(pk=incident.pk), reason=f"resolved by {actor.username}", actor=actor
    )
    incident.refresh_from_db()
    if note:
        Incident.objects.filter(pk=incident.pk).update(note=note)
        incident.note = note
    return incident


def _resolve(incidents, *, reason: str, actor=None) -> list[int]:
    from alerts.services import enqueue_after_commit, owner_addresses

    now = timezone.now()
    with transaction.atomic():
        found = list(incidents.select_for_update().select_related("rule", "project"))
        if not found:
            return []
        Incident.objects.filter(pk__in=[i.pk for i in found]).update(
            status=IncidentStatus.RESOLVED, resolved_at=now, resolution=reason[:200]
        )
        deliveries = []
        for incident in found:
            context = recovery_context(incident, now, reason)
            deliveries += [
                Delivery(
                    project_id=incident.project_id,
                    incident=incident,
                    channel=channel,
                    event=RESOLVED_EVENT,
                    subject=messages.subject(context)[:300],
                    payload={"context": context},
                    next_attempt_at=now,
                )
                for channel in incident.rule.channels.filter(enabled=True)
            ]
            deliveries += [
                Delivery(
                    project_id=incident.project_id,
                    incident=incident,
                    recipient=address,
                    event=RESOLVED_EVENT,
                    subject=messages.subject(context)[:300],
                    payload={"context": context},
                    next_attempt_at=now,
                )
                for address in owner_addresses(incident.rule, incident.node_id)
            ]
            if actor is not None:
                audit.record(
                    project=incident.project,
                    actor=actor,
                    action="incident.resolve",
                    obj=incident,
                    object_type="incident",
                )
        created = Delivery.objects.bulk_create(deliveries)
        enqueue_after_commit([d.id for d in created])
    return [i.pk for i in found]


def recovery_context(incident: Incident, now, reason: str) -> dict:
    return {
        "event": RESOLVED_EVENT,
        "rule": {"id": incident.rule_id, "name": incident.rule.name},
        "project": {"id": incident.project_id, "name": incident.project.name},
        "occurred_at": now.isoformat(),
        "incident": incident_summary(incident) | {"status": "resolved", "resolution": reason},
    }


def incident_summary(incident: Incident) -> dict:
    return {
        "id": incident.id,
        "subject": incident.subject,
        "count": incident.count,
        "opened_at": incident.opened_at.isoformat(),
        "ack_url": ack_url(incident),
    }


def acknowledge(incident: Incident, *, actor, note: str = "", mute_minutes: int = 0) -> Incident:
    """Somebody is on it: further alerts of the subject append silently; `mute_minutes` also
    keeps an incident that opens again for the subject quiet until then."""
    now = timezone.now()
    fields = {"note": note or incident.note}
    if incident.status == IncidentStatus.OPEN:
        fields.update(status=IncidentStatus.ACKNOWLEDGED, acknowledged_at=now)
        fields["acknowledged_by"] = actor if getattr(actor, "is_authenticated", False) else None
    if mute_minutes:
        fields["muted_until"] = now + dt.timedelta(minutes=mute_minutes)
    Incident.objects.filter(pk=incident.pk).exclude(status=IncidentStatus.RESOLVED).update(**fields)
    incident.refresh_from_db()
    audit.record(  # (record() leaves out an anonymous actor: the signed link)
        project=incident.project,
        actor=actor,
        action="incident.acknowledge",
        obj=incident,
        object_type="incident",
        changes={"note": note, "mute_minutes": mute_minutes},
    )
    return incident


def muted(rule: AlertRule, key: str, now) -> bool:
    """A subject muted by its last incident stays quiet until the time it was muted for."""
    return Incident.objects.filter(rule=rule, key=key, muted_until__gt=now).exists()


def ack_token(incident: Incident) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(incident.pk))


def ack_url(incident: Incident) -> str:
    from django.conf import settings

    return f"{settings.WORKBENCH_BASE_URL}/api/v1/incidents/acknowledge?token={ack_token(incident)}"


def incident_from_token(token: str) -> Incident | None:
    """The incident a message's link names, if the link is genuine and not too old."""
    try:
        pk = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return Incident.objects.select_related("project").filter(pk=int(pk)).first()


def timeline(incident: Incident) -> list[dict]:
    """Its alerts and messages, oldest first."""
    items = [
        {"at": a.created_at, "kind": "alert", "state": a.state, "instance": a.instance_id}
        for a in Alert.objects.filter(incident=incident).order_by("id")
    ]
    items += [
        {
            "at": d.created_at,
            "kind": "message",
            "state": d.status,
            "channel": d.channel.name if d.channel_id else d.recipient,
            "event": d.event,
        }
        for d in Delivery.objects.filter(
            Q(incident=incident) | Q(alert__incident=incident)
        ).select_related("channel")
    ]
    return sorted(items, key=lambda item: item["at"])
