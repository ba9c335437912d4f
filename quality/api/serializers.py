from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from projects.api.filters import ChoiceFilter, IdFilter
from projects.api.serializers import DateField, IdField, NameField
from quality.models import QualityRule, QualityRun, RuleKind, Strength, Verdict
from quality.services import RULE_FIELDS

# An allowed value of a value-set rule: numbers compare bare, text quoted.
ALLOWED_VALUE = {"oneOf": [{"type": "string"}, {"type": "number"}]}


@extend_schema_field(ALLOWED_VALUE)
class AllowedValueField(serializers.JSONField):
    """One allowed value as the client sent it; checks.py refuses anything but numbers or text."""


class QualityRunSerializer(serializers.ModelSerializer):
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    error = serializers.SerializerMethodField()

    class Meta:
        model = QualityRun
        fields = [
            "id",
            "rule",
            "rule_name",
            "instance",
            "bizdate",
            "strength",
            "environment",
            "verdict",
            "value",
            "lower",
            "upper",
            "sql",
            "message",
            "error",
            "duration_ms",
            "created_at",
            "finished_at",
        ]

    def get_error(self, run) -> str:
        return run.message if run.verdict == "error" else ""


class QualityRuleOutputSerializer(serializers.ModelSerializer):
    columns = serializers.ListField(child=serializers.CharField())
    metric = serializers.ChoiceField(choices=["", RuleKind.ROW_COUNT, RuleKind.CUSTOM_SQL])
    allowed_values = serializers.SerializerMethodField()
    nodes = serializers.SerializerMethodField()
    last_run = serializers.SerializerMethodField()

    class Meta:
        model = QualityRule
        fields = ["id", *RULE_FIELDS, "nodes", "created_at", "updated_at", "last_run"]

    @extend_schema_field({"type": "array", "items": ALLOWED_VALUE})
    def get_allowed_values(self, rule) -> list:
        return rule.allowed_values

    def get_nodes(self, rule) -> list[int]:
        return sorted(node.id for node in rule.nodes.all())

    @extend_schema_field(QualityRunSerializer(allow_null=True))
    def get_last_run(self, rule) -> dict | None:
        runs = getattr(rule, "latest_runs", None)
        run = runs[0] if runs else None
        return QualityRunSerializer(run).data if run else None


class QualityRuleInputSerializer(serializers.Serializer):
    name = NameField(max_length=200)
    datasource = IdField()
    table = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    partition_filter = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=RuleKind.choices)
    column = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    columns = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    min_value = serializers.FloatField(required=False, allow_null=True, default=None)
    max_value = serializers.FloatField(required=False, allow_null=True, default=None)
    allowed_values = serializers.ListField(
        child=AllowedValueField(), required=False, default=list, max_length=1000
    )
    sql = serializers.CharField(required=False, allow_blank=True, default="", max_length=100_000)
    metric = serializers.ChoiceField(
        choices=[RuleKind.ROW_COUNT, RuleKind.CUSTOM_SQL], required=False, allow_blank=True
    )
    window = serializers.IntegerField(required=False, min_value=1, max_value=365, default=7)
    tolerance_pct = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=0
    )
    strength = serializers.ChoiceField(choices=Strength.choices, default=Strength.WEAK)
    nodes = serializers.ListField(child=IdField(), required=False, default=list)
    enabled = serializers.BooleanField(required=False, default=True)


class QualityRuleUpdateSerializer(QualityRuleInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class PreviewSerializer(QualityRuleInputSerializer):
    name = serializers.CharField(max_length=200, required=False, default="preview")
    bizdate = DateField()


class RunRequestSerializer(serializers.Serializer):
    bizdate = DateField()


class SqlSerializer(serializers.Serializer):
    sql = serializers.CharField()


class QualityRunFilterSerializer(serializers.Serializer):
    rule = IdFilter()
    instance = IdFilter()
    verdict = ChoiceFilter(Verdict.values)
