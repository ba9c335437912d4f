import datetime as dt

from django.conf import settings
from django.db import models

from projects.models import Environment
from scheduler.states import BackfillStatus, InstanceState, RunKind
from workbench.moves import StatusEvent

# Instances of backfill dates not yet open wait until this "time": never, until the date window
# reaches them (scheduler/backfills.py).
HELD = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


class SchedulerLease(models.Model):
    """The leader lock of the scheduler loop: one row per loop name.

    The holder renews it every tick; a standby takes it over once `expires_at` has passed,
    so a killed leader is replaced within one lease period.
    """

    name = models.CharField(primary_key=True, max_length=64)
    holder = models.CharField(max_length=200)
    acquired_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"


class Instance(models.Model):
    """One run of one deployed node for one cycle."""

    # No index of their own on project, node and backfill: Meta's indexes start with each (an
    # index more is a write more for every instance made and every move of one).
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="instances", db_index=False
    )
    node = models.ForeignKey(
        "projects.Node", on_delete=models.CASCADE, related_name="instances", db_index=False
    )
    # The version it was created with (test runs: the draft, snapshotted into `version_snapshot`).
    version = models.ForeignKey(
        "projects.NodeVersion", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_kind = models.CharField(max_length=16, choices=RunKind.choices)
    # Whose connections the run used: test runs of a standard-mode project use development;
    # every other run (and every run of a basic project) production. A database default so
    # that the generation's own INSERTs need not name it.
    environment = models.CharField(
        max_length=12, choices=Environment.choices, default="production", db_default="production"
    )
    # "scheduled", "backfill:<id>", "manual:<uuid>", "test:<uuid>": with node and cyctime, the
    # key that makes generation idempotent and keeps backfills apart from scheduled runs.
    run_key = models.CharField(max_length=64)
    cyctime = models.DateTimeField(help_text="planned run time (UTC)")
    bizdate = models.DateField(help_text="business date, by default the cycle date minus one day")
    status = models.CharField(
        max_length=16, choices=InstanceState.choices, default=InstanceState.PENDING
    )
    attempt = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=1)
    priority = models.IntegerField(default=0)
    queue = models.CharField(max_length=64, default="default")
    dry_run = models.BooleanField(default=False)
    backfill = models.ForeignKey(
        "scheduler.Backfill",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="instances",
        db_index=False,
    )
    params = models.JSONField(default=dict, blank=True)
    # The code and configuration the run uses (copied from the version at creation, or a draft).
    version_snapshot = models.JSONField(default=dict, blank=True)
    timeout_seconds = models.PositiveIntegerField(default=0)
    not_before = models.DateTimeField(
        null=True, blank=True, help_text="held until: a retry delay, or a backfill's date window"
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=64, blank=True, help_text="why it last changed state")
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True, help_text="first rows of a test run")
    # Who asked for a manual or test run (a backfill's instances: its creator; a rerun: the
    # rerun's event). Read only with its instance, so no index on this large table.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["node", "cyctime", "run_key"], name="instance_node_cyctime_runkey_uniq"
            ),
        ]
        indexes = [
            # dispatch: due pending instances
            models.Index(fields=["status", "cyctime"], name="instance_status_cyctime_idx"),
            # dispatch's ready query: pending instances that are not held by a backfill window,
            # so that a tick does not read through the held dates of a long backfill
            models.Index(
                fields=["cyctime"],
                name="instance_pending_open_idx",
                condition=models.Q(status="pending")
                & (models.Q(not_before__isnull=True) | models.Q(not_before__lt=HELD)),
            ),
            # operations list: a project's instances of a business date, newest first
            models.Index(fields=["project", "bizdate", "-id"], name="instance_proj_bizdate_idx"),
            models.Index(fields=["project", "status", "-id"], name="instance_proj_status_idx"),
            models.Index(fields=["project", "-id"], name="instance_proj_id_idx"),
            models.Index(fields=["backfill", "bizdate"], name="instance_backfill_date_idx"),
            # operations list filtered by node(s), newest first
            models.Index(fields=["node", "-id"], name="instance_node_id_idx"),
            # operations list in scheduled-time order
            models.Index(fields=["project", "cyctime", "id"], name="instance_proj_cyctime_idx"),
            # a node's history (previous cycle lookups, durations)
            models.Index(fields=["node", "run_kind", "cyctime"], name="instance_node_kind_cyc_idx"),
            models.Index(fields=["backfill", "status"], name="instance_backfill_status_idx"),
            # lost-worker recovery: active instances whose lease expired
            models.Index(
                fields=["lease_expires_at"],
                name="instance_lease_idx",
                condition=models.Q(lease_expires_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node_id}@{self.cyctime:%Y-%m-%d %H:%M} {self.run_kind} {self.status}"


class InstanceDependency(models.Model):
    """A materialised edge between two instances, fixed when instances are generated."""

    upstream = models.ForeignKey(
        Instance, on_delete=models.CASCADE, related_name="downstream_links"
    )
    downstream = models.ForeignKey(
        Instance, on_delete=models.CASCADE, related_name="upstream_links"
    )
    kind = models.CharField(max_length=32, default="same_cycle")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["upstream", "downstream"], name="instancedep_edge_uniq"
            ),
        ]
        indexes = [models.Index(fields=["downstream"], name="instancedep_downstream_idx")]


class InstanceEvent(models.Model):
    """Every state change: alerting and the operations log read these."""

    # (indexed with its id: instanceevent_instance_idx)
    instance = models.ForeignKey(
        Instance, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    project_id = models.BigIntegerField(db_index=True)
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    attempt = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=64, blank=True)
    message = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["instance", "id"], name="instanceevent_instance_idx")]


class LogChunk(models.Model):
    """A batch of log lines of one attempt; stored in the database so any web host can show it."""

    # (indexed with its attempt and seq: logchunk_uniq)
    instance = models.ForeignKey(
        Instance, on_delete=models.CASCADE, related_name="log_chunks", db_index=False
    )
    attempt = models.PositiveIntegerField()
    seq = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instance", "attempt", "seq"], name="logchunk_uniq"),
        ]


class Backfill(models.Model):
    """DataWorks' patch data / DolphinScheduler's complement data: owns its instances."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="backfills"
    )
    name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=BackfillStatus.choices, default=BackfillStatus.RUNNING
    )
    # The request as given: root node ids, downstream mode/selection, dates, order, parallelism, hours.
    spec = models.JSONField(default=dict)
    dates = models.JSONField(default=list, help_text="business dates in run order")
    parallelism = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["project", "-id"], name="backfill_project_idx")]

    def __str__(self):
        return self.name

    def status_counts(self) -> dict[str, int]:
        counts = self.instances.values("status").annotate(n=models.Count("id"))
        return {row["status"]: row["n"] for row in counts}


class BackfillEvent(StatusEvent):
    """Every status change of a backfill: its history."""

    backfill = models.ForeignKey(Backfill, on_delete=models.CASCADE, related_name="events")

    class Meta:
        # a backfill's history in order
        indexes = [models.Index(fields=["backfill", "id"], name="backfillevent_backfill_idx")]


class GenerationFailure(models.Model):
    """A project whose instances could not be generated (its error, since when, when to retry).

    One row per failing project; generation of the other projects goes on meanwhile. The row
    goes when a retry succeeds; while it exists /healthz reports the scheduler degraded.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    day = models.DateField(help_text="the cycle date that failed")
    error = models.TextField()
    failures = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()
    retry_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"generation of project {self.project_id} for {self.day} failing"


class GenerationMark(models.Model):
    """A project's instances of a cycle date have been generated (the nightly run is done)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "day"], name="generationmark_uniq")
        ]


class QueryStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"
    CANCELLED = "cancelled"


class AdhocQuery(models.Model):
    """One run of SQL typed in the ad-hoc query console: its member's history, and its results
    (the first rows of every statement that returned rows) to page through and download."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    datasource = models.ForeignKey(
        "projects.DataSource", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    environment = models.CharField(max_length=12, choices=Environment.choices)
    sql = models.TextField(help_text="as typed")
    rendered_sql = models.TextField(help_text="with the scheduling parameters of `bizdate`")
    bizdate = models.DateField()
    status = models.CharField(
        max_length=12, choices=QueryStatus.choices, default=QueryStatus.QUEUED
    )
    cancel_requested = models.BooleanField(default=False)
    # {"sets": [{"statement", "columns", "rows"}]}, as a test run's result.
    result = models.JSONField(default=dict, blank=True)
    log = models.TextField(blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["project", "member", "-id"], name="adhocquery_history_idx"),
        ]

    def __str__(self) -> str:
        return f"ad-hoc query {self.id} of project {self.project_id}"
