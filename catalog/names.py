"""How the catalogue names tables: the way SQL does, so that lineage and catalogue meet."""

# Schemas a table is named without in SQL (the search path's first, SQLite's and MySQL's none).
DEFAULT_SCHEMAS = {"", "main", "public"}

# The SQL dialect lineage reads a node's code in, by the kind of its data source.
LINEAGE_DIALECTS = {
    "postgres": "postgres",
    "mysql": "mysql",
    "duckdb": "duckdb",
    "sqlite": "sqlite",
    "spark": "spark",
}


def qualified(schema: str, name: str) -> str:
    """`orders` for a table of the default schema, `ods.orders` otherwise; lower-cased."""
    schema = (schema or "").lower()
    return name.lower() if schema in DEFAULT_SCHEMAS else f"{schema}.{name.lower()}"


def normalize(name: str) -> str:
    """A table name as lineage or a declared output writes it, in the catalogue's form."""
    name = name.strip().lower()
    schema, dot, rest = name.rpartition(".")
    if dot and "." not in schema and schema in DEFAULT_SCHEMAS:
        return rest
    return name
