"""The Data Map's catalogue: the tables of a project's data sources as last read, and which
deployed nodes read and write them."""

from django.db import models


class CatalogSource(models.Model):
    """When the tables of one data source were last read, and why not if that failed."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    datasource = models.OneToOneField(
        "projects.DataSource", on_delete=models.CASCADE, related_name="catalog"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True, help_text="last successful read")
    attempted_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    table_count = models.PositiveIntegerField(default=0)


class TableKind(models.TextChoices):
    TABLE = "table"
    VIEW = "view"


class CatalogTable(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    datasource = models.ForeignKey(
        "projects.DataSource", on_delete=models.CASCADE, related_name="catalog_tables"
    )
    schema = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=200)
    # The name SQL uses for it, lower-cased (`orders`, `ods.orders`): what lineage matches.
    qualified = models.CharField(max_length=401)
    kind = models.CharField(max_length=8, choices=TableKind.choices, default=TableKind.TABLE)
    comment = models.TextField(blank=True)
    row_count = models.BigIntegerField(null=True, blank=True, help_text="the engine's estimate")
    column_count = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["datasource", "schema", "name"], name="catalog_table_name_uniq"
            )
        ]
        indexes = [
            # tables of a project by name (search, lineage matching)
            models.Index(fields=["project", "qualified"], name="catalog_table_qualified_idx")
        ]

    def __str__(self) -> str:
        return self.qualified


class CatalogColumn(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    table = models.ForeignKey(CatalogTable, on_delete=models.CASCADE, related_name="columns")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    data_type = models.CharField(max_length=200, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["table_id", "position"]
        indexes = [
            # a project's columns by name (search)
            models.Index(fields=["project", "name"], name="catalog_column_name_idx")
        ]


class NodeScan(models.Model):
    """The deployed version of a node whose SQL the catalogue has read (rows below)."""

    node = models.OneToOneField(
        "projects.Node", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey("projects.NodeVersion", on_delete=models.CASCADE, related_name="+")
    error = models.TextField(blank=True)


class Direction(models.TextChoices):
    READ = "read"
    WRITE = "write"


class NodeTable(models.Model):
    """A table the deployed version of a node reads or writes (its SQL, or a declared output)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    node = models.ForeignKey("projects.Node", on_delete=models.CASCADE, related_name="+")
    datasource = models.ForeignKey(
        "projects.DataSource", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    table = models.CharField(max_length=401, help_text="qualified, lower-cased")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            # readers and writers of a table; the lineage graph's walks
            models.Index(fields=["project", "table"], name="catalog_nodetable_table_idx")
        ]
