"""Alert rules (what to watch), channels (where to say it), alerts raised and their deliveries."""

from django.conf import settings
from django.db import models

from alerts.states import DeliveryStatus
from workbench.moves import StatusEvent


class Event(models.TextChoices):
    INSTANCE_FAILED = "instance_failed"
    INSTANCE_SUCCEEDED = "instance_succeeded"
    INSTANCE_TIMED_OUT = "instance_timed_out"
    DEADLINE_MISSED = "deadline_missed"  # not finished by a time of its cycle day
    DURATION_EXCEEDED = "duration_exceeded"  # running longer than X times its usual duration
    QUALITY_FAILED = "quality_failed"
    BACKFILL_FINISHED = "backfill_finished"
    BACKFILL_FAILED = "backfill_failed"
    GENERATION_FAILED = "generation_failed"  # the scheduler could not create a day's instances
    BASELINE_WARNING = "baseline_warning"  # a baseline is predicted to finish within its margin
    BASELINE_BROKEN = "baseline_broken"  # a baseline is not finished by its committed time


class Scope(models.TextChoices):
    PROJECT = "project"
    WORKFLOW = "workflow"
    NODE = "node"
    OWNER = "owner"  # every node owned by one user


class ChannelKind(models.TextChoices):
    EMAIL = "email"
    WEBHOOK = "webhook"  # generic JSON, signed with HMAC-SHA256
    DINGTALK = "dingtalk"
    SLACK = "slack"
    FEISHU = "feishu"


class Channel(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="alert_channels"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    recipients = models.JSONField(default=list, blank=True, help_text="email addresses")
    url = models.URLField(max_length=1000, blank=True)
    # Signing secret as a Fernet token; never returned by the API.
    secret_encrypted = models.TextField(blank=True, default="")
    enabled = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_delivery_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="alert_channel_name_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.kind})"

    @property
    def state(self) -> str:
        return "failing" if self.consecutive_failures >= settings.ALERTS_FAILING_AFTER else "ok"


class AlertRule(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="alert_rules"
    )
    name = models.CharField(max_length=200)
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.PROJECT)
    workflow = models.ForeignKey(
        "projects.Workflow", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    node = models.ForeignKey(
        "projects.Node", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    events = models.JSONField(default=list)
    # Also email the owner of the alert's node (a person, beside the rule's channels).
    notify_owner = models.BooleanField(default=False)
    deadline = models.TimeField(null=True, blank=True, help_text="local time of the cycle day")
    duration_factor = models.FloatField(null=True, blank=True)
    channels = models.ManyToManyField(Channel, related_name="rules")
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    min_interval_minutes = models.PositiveIntegerField(default=30)
    enabled = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="alert_rule_name_unique")
        ]

    def __str__(self):
        return self.name


# What a rule watches and when it fires. They are checked together (a node scope needs its node,
# a deadline event its deadline), so an edit of one is checked against the stored others.
RULE_CONDITION_FIELDS = (
    "scope",
    "workflow",
    "node",
    "owner",
    "events",
    "deadline",
    "duration_factor",
)


class AlertState(models.TextChoices):
    SENT = "sent"  # deliveries were made for it
    THROTTLED = "throttled"  # within the rule's minimum interval of the same alert
    QUIET = "quiet"  # raised during the rule's quiet hours
    GROUPED = "grouped"  # appended to its subject's open incident: no message of its own


class IncidentStatus(models.TextChoices):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"  # somebody is on it: further alerts append silently
    RESOLVED = "resolved"  # the subject succeeded again (or a member closed it)


class Incident(models.Model):
    """The alerts of one subject (a rule and its throttle key: an event of a node, a quality
    rule) from its first failure until it recovers: one message when it opens, one when it is
    resolved, and the rest appended to it."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="incidents")
    key = models.CharField(max_length=200)
    event = models.CharField(max_length=32, choices=Event.choices)
    subject = models.CharField(max_length=300)
    node = models.ForeignKey(
        "projects.Node", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    count = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField()
    last_alert_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    muted_until = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            # One unresolved incident per subject: a second failure finds and extends it.
            models.UniqueConstraint(
                fields=["rule", "key"],
                condition=~models.Q(status="resolved"),
                name="incident_one_unresolved_per_subject",
            )
        ]
        indexes = [models.Index(fields=["project", "status", "-id"], name="incident_list_idx")]


class Alert(models.Model):
    """One event that matched one rule; unique per rule and `key` (event + subject of the event)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    event = models.CharField(max_length=32, choices=Event.choices)
    key = models.CharField(max_length=200)
    # Alerts with one throttle key share the rule's minimum interval (same node, same event).
    throttle_key = models.CharField(max_length=200)
    state = models.CharField(max_length=16, choices=AlertState.choices)
    instance = models.ForeignKey(
        "scheduler.Instance", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=300)
    context = models.JSONField(default=dict)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    # A quiet alert is held until its rule's quiet hours end, then sent in one digest.
    digested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "key"], name="alert_rule_key_unique")
        ]
        indexes = [
            models.Index(fields=["rule", "throttle_key", "-created_at"], name="alert_throttle_idx")
        ]


class Baseline(models.Model):
    """Nodes whose day's runs must be finished by a committed local time (DataWorks' baseline):
    the scheduler predicts their finish, warns ahead of a breach and runs them (and what they
    wait for) before other work."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    nodes = models.ManyToManyField("projects.Node", related_name="+")
    committed_time = models.TimeField(help_text="local time of the cycle day, project's zone")
    # Runs that start late at night commit to a time after midnight: the day after their cycle day.
    committed_next_day = models.BooleanField(default=False)
    margin_minutes = models.PositiveIntegerField(default=30)
    enabled = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committed_next_day", "committed_time", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="baseline_name_unique")
        ]

    def __str__(self):
        return self.name


class BaselineStatus(models.TextChoices):
    SAFE = "safe"  # predicted to finish before committed time minus the margin
    WARNING = "warning"  # predicted to finish within the margin, or after the committed time
    BROKEN = "broken"  # the committed time passed before every run finished
    MET = "met"  # every run finished in time
    EMPTY = "empty"  # no scheduled run of its nodes on that day


class BaselineDay(models.Model):
    """A baseline's latest prediction for one cycle day (its project's local date)."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    status = models.CharField(max_length=16, choices=BaselineStatus.choices)
    committed_at = models.DateTimeField()
    predicted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Instance ids from the first to the last of the path that decides the finish.
    critical_path = models.JSONField(default=list)
    boosted = models.BooleanField(default=False)  # its upstream was given dispatch priority
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["baseline", "day"], name="baseline_day_unique")
        ]


class Delivery(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # A recovery message belongs to its incident, not to an alert.
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # A message to a person (a rule's `notify_owner`) has their address instead of a channel.
    recipient = models.EmailField(blank=True)
    event = models.CharField(max_length=32)
    subject = models.CharField(max_length=300)
    payload = models.JSONField(default=dict, help_text="what is sent (body, or the email parts)")
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.IntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__isnull=False) | ~models.Q(recipient=""),
                name="delivery_channel_or_recipient",
            )
        ]


class DeliveryEvent(StatusEvent):
    """Every status change of a delivery, with the attempt it was: its history."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    attempt = models.PositiveIntegerField(default=0)

    class Meta:
        # a delivery's history in order
        indexes = [models.Index(fields=["delivery", "id"], name="deliveryevent_delivery_idx")]
