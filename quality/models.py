"""Data-quality rules on a table of a data source, and every run of them."""

from django.conf import settings
from django.db import models

from projects.models import Environment


class RuleKind(models.TextChoices):
    ROW_COUNT = "row_count"  # rows (in the partition) within [min, max]
    NULL_RATIO = "null_ratio"  # share of NULLs in a column at most max
    UNIQUENESS = "uniqueness"  # duplicated keys of a column set at most max (default 0)
    VALUE_RANGE = "value_range"  # rows whose column is outside [min, max]: none
    VALUE_SET = "value_set"  # rows whose column is not one of allowed_values: none
    CUSTOM_SQL = "custom_sql"  # one number from the user's SQL within [min, max]
    FLUCTUATION = "fluctuation"  # today's metric within +-tolerance % of the last N runs' mean


class Strength(models.TextChoices):
    STRONG = "strong"  # a failure fails the instance and blocks its downstream
    WEAK = "weak"  # a failure only alerts


class Verdict(models.TextChoices):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"  # the check itself could not run (bad SQL, unreachable data source)


class QualityRule(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="quality_rules"
    )
    name = models.CharField(max_length=200)
    datasource = models.ForeignKey(
        "projects.DataSource", on_delete=models.CASCADE, related_name="quality_rules"
    )
    table = models.CharField(max_length=300)
    partition_filter = models.TextField(blank=True, help_text="SQL condition; may use parameters")
    kind = models.CharField(max_length=32, choices=RuleKind.choices)
    column = models.CharField(max_length=200, blank=True)
    columns = models.JSONField(default=list, blank=True)
    min_value = models.FloatField(null=True, blank=True)
    max_value = models.FloatField(null=True, blank=True)
    allowed_values = models.JSONField(default=list, blank=True)
    sql = models.TextField(blank=True)
    metric = models.CharField(max_length=32, blank=True, help_text="fluctuation: what is measured")
    window = models.PositiveIntegerField(default=7)
    tolerance_pct = models.FloatField(null=True, blank=True)
    strength = models.CharField(max_length=8, choices=Strength.choices, default=Strength.WEAK)
    nodes = models.ManyToManyField("projects.Node", blank=True, related_name="quality_rules")
    enabled = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="quality_rule_name_unique")
        ]

    def __str__(self):
        return self.name


class QualityRun(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(QualityRule, on_delete=models.CASCADE, related_name="runs")
    instance = models.ForeignKey(
        "scheduler.Instance",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quality_runs",
    )
    bizdate = models.DateField()
    strength = models.CharField(max_length=8, choices=Strength.choices)
    # Whose connection it measured: runs by hand in a standard-mode project use development,
    # checks after a run the run's own (scheduler.Instance.environment).
    environment = models.CharField(
        max_length=12, choices=Environment.choices, default="production", db_default="production"
    )
    verdict = models.CharField(max_length=8, choices=Verdict.choices, default=Verdict.PENDING)
    value = models.FloatField(null=True, blank=True)
    lower = models.FloatField(null=True, blank=True)
    upper = models.FloatField(null=True, blank=True)
    sql = models.TextField(blank=True)
    message = models.TextField(blank=True, help_text="why it failed, or the error")
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["rule", "bizdate"], name="quality_run_rule_bizdate_idx"),
        ]
