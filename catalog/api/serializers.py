from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import CatalogTable, TableKind
from projects.api.filters import IdFilter, TextFilter


class CatalogSourceSerializer(serializers.Serializer):
    datasource = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    requested_at = serializers.DateTimeField(allow_null=True)
    refreshed_at = serializers.DateTimeField(allow_null=True, help_text="last successful read")
    attempted_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(help_text="why the last read failed (empty when it did not)")
    table_count = serializers.IntegerField()
    refreshing = serializers.BooleanField(help_text="asked and not read since")


class RefreshInputSerializer(serializers.Serializer):
    datasource = serializers.IntegerField(
        required=False, min_value=1, help_text="one data source; all of the project's if absent"
    )


class TableSearchFilterSerializer(serializers.Serializer):
    q = TextFilter(help_text="part of a table's or column's name or comment")
    datasource = IdFilter()


class MatchedColumnSerializer(serializers.Serializer):
    name = serializers.CharField()
    data_type = serializers.CharField()
    comment = serializers.CharField()


class CatalogTableSerializer(serializers.ModelSerializer):
    datasource_name = serializers.CharField(source="datasource.name")
    datasource_kind = serializers.CharField(source="datasource.kind")
    kind = serializers.ChoiceField(choices=TableKind.choices)
    matched_columns = serializers.SerializerMethodField()

    class Meta:
        model = CatalogTable
        fields = [
            "id",
            "datasource",
            "datasource_name",
            "datasource_kind",
            "schema",
            "name",
            "qualified",
            "kind",
            "comment",
            "row_count",
            "column_count",
            "refreshed_at",
            "matched_columns",
        ]

    @extend_schema_field(MatchedColumnSerializer(many=True))
    def get_matched_columns(self, table) -> list[dict]:
        found = self.context.get("matched", {}).get(table.id, [])
        return MatchedColumnSerializer(found, many=True).data


class ColumnSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    name = serializers.CharField()
    data_type = serializers.CharField()
    comment = serializers.CharField()


class TableUserSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    name = serializers.CharField()
    line = serializers.IntegerField(allow_null=True, help_text="where its SQL names the table")


class TableRuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    strength = serializers.CharField()
    enabled = serializers.BooleanField()


class WriterInstanceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    node = serializers.IntegerField()
    node_name = serializers.CharField()
    bizdate = serializers.DateField()
    run_kind = serializers.CharField()
    finished_at = serializers.DateTimeField(allow_null=True)


class CatalogTableDetailSerializer(serializers.Serializer):
    table = CatalogTableSerializer()
    columns = ColumnSerializer(many=True)
    readers = TableUserSerializer(many=True, help_text="deployed nodes whose SQL reads it")
    writers = TableUserSerializer(
        many=True, help_text="deployed nodes whose SQL writes it or that declare it an output"
    )
    quality_rules = TableRuleSerializer(many=True)
    last_writer_instance = WriterInstanceSerializer(
        allow_null=True, help_text="the writers' latest successful run (test runs aside)"
    )


class PreviewInputSerializer(serializers.Serializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class PreviewSerializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
    limit = serializers.IntegerField()


class LineageInputSerializer(serializers.Serializer):
    depth = serializers.IntegerField(required=False, min_value=1, max_value=5, default=2)


class LineageTableSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    datasource = serializers.IntegerField(allow_null=True)
    table = serializers.IntegerField(allow_null=True, help_text="its page, if catalogued")
    level = serializers.IntegerField(help_text="negative upstream, positive downstream, 0 itself")


class LineageEdgeSerializer(serializers.Serializer):
    source = serializers.CharField()
    target = serializers.CharField()
    node = serializers.IntegerField(help_text="the node that reads source and writes target")
    node_name = serializers.CharField()


class LineageSerializer(serializers.Serializer):
    tables = LineageTableSerializer(many=True)
    edges = LineageEdgeSerializer(many=True)
