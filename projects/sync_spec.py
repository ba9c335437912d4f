"""What a sync node's code says: a JSON document naming source, target, mapping and mode.

    {"source": {"datasource": 3, "table": "orders"}            # or "query": "SELECT ..."
     "target": {"datasource": 5, "table": "ods.orders", "create": true},
     "columns": [{"source": "id", "target": "order_id"}],       # empty: every column by name
     "mode": "append" | "overwrite" | "partition" | "upsert",
     "partition": "dt='${bizdate}'",                            # mode partition
     "key": ["order_id"],                                       # mode upsert
     "batch_rows": 10000, "max_dirty_rows": 0}

Scheduling parameters in its strings are substituted like SQL's before a run. The rules are
plain functions: the services check a spec on save, the executor again before it runs.
"""

import json
import re

MODES = ("append", "overwrite", "partition", "upsert")
MAX_BATCH_ROWS = 100_000
_TABLE = re.compile(r"^[^\s;'\"`]+(\.[^\s;'\"`]+){0,2}$")
_PARTITION = re.compile(
    r"^\s*[A-Za-z_][\w$]*\s*=\s*('[^']*'|[\w.:${}\[\]+\-/ ]+?)\s*"
    r"((,|\s+and\s+)\s*[A-Za-z_][\w$]*\s*=\s*('[^']*'|[\w.:${}\[\]+\-/ ]+?)\s*)*$",
    re.IGNORECASE,
)


class SpecError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def parse(code: str) -> dict:
    """The spec of a sync node's code; SpecError naming each field at fault."""
    try:
        spec = json.loads(code or "{}")
    except json.JSONDecodeError as exc:
        raise SpecError({"code": f"not a sync document (JSON): {exc}"}) from None
    if not isinstance(spec, dict):
        raise SpecError({"code": "a sync document is a JSON object"})
    errors = problems(spec)
    if errors:
        raise SpecError(errors)
    return spec


def problems(spec: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    source, target = spec.get("source"), spec.get("target")
    if not isinstance(source, dict) or not _is_id(source.get("datasource")):
        errors["source.datasource"] = "choose the data source to read from"
    elif bool(source.get("table")) == bool((source.get("query") or "").strip()):
        errors["source.table"] = "give either a table or a query"
    elif source.get("table") and not _TABLE.match(str(source["table"])):
        errors["source.table"] = "a table name, like orders or sales.orders"
    if not isinstance(target, dict) or not _is_id(target.get("datasource")):
        errors["target.datasource"] = "choose the data source to write to"
    elif not _TABLE.match(str(target.get("table") or "")):
        errors["target.table"] = "a table name, like orders or ods.orders"
    columns = spec.get("columns") or []
    if not isinstance(columns, list) or not all(
        isinstance(c, dict) and isinstance(c.get("source"), str) and c["source"] for c in columns
    ):
        errors["columns"] = "a list of {source, target} column names"
    else:
        targets = [c.get("target") or c["source"] for c in columns]
        twice = sorted({t for t in targets if targets.count(t) > 1})
        if twice:
            errors["columns"] = f"target column(s) written twice: {', '.join(twice)}"
    mode = spec.get("mode") or "append"
    if mode not in MODES:
        errors["mode"] = f"one of {', '.join(MODES)}"
    if mode == "partition" and not _PARTITION.match(str(spec.get("partition") or "")):
        errors["partition"] = "the partition to overwrite, like dt='${bizdate}'"
    key = spec.get("key") or []
    if mode == "upsert" and (
        not isinstance(key, list) or not key or not all(isinstance(k, str) and k for k in key)
    ):
        errors["key"] = "the target column(s) that identify a row"
    for field, low, high in (("batch_rows", 1, MAX_BATCH_ROWS), ("max_dirty_rows", 0, 10**9)):
        value = spec.get(field)
        if value is not None and (not _is_int(value) or not low <= value <= high):
            errors[field] = f"a whole number from {low} to {high}"
    return errors


def datasource_ids(spec: dict) -> list[int]:
    """The two data sources a run of this spec is bound to (source first)."""
    return [int(spec["source"]["datasource"]), int(spec["target"]["datasource"])]


def lineage_sql(code: str) -> str:
    """The copy as one SQL statement, for lineage: it reads the source and writes the target."""
    try:
        spec = parse(code)
    except SpecError:
        return ""
    source = spec["source"]
    read = (source.get("query") or "").strip().rstrip(";") or f"SELECT * FROM {source['table']}"
    return f"INSERT INTO {spec['target']['table']}\n{read}"


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_id(value) -> bool:
    return _is_int(value) and value > 0
