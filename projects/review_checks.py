"""The automatic checks of a deploy request, computed when it is submitted and kept with it.

Each check of each node is {"node", "name", "check", "level", "ok", "message"}. A failed check of
level `error` holds the approval until the reviewer gives a reason to override it; `warning`
and `info` are shown to the reviewer and hold nothing.

- parameters: every scheduling parameter and the code render for tomorrow's first cycle;
- sql: a SQL node's code parses in its data source's dialect (sqlglot);
- test_run: the node's last test run ran exactly this version's code and settings, and succeeded;
- lineage: a table it writes is declared by another node, or it reads a table of a node it does
  not depend on (projects/lineage);
- quality: checks other apps register (`EXTRA_CHECKS`: the rules guarding what it writes).
"""

import copy
import datetime as dt
import zoneinfo

import sqlglot
from django.utils.module_loading import import_string
from sqlglot.errors import ParseError, TokenError

from cycles import params as parameters
from projects import deploys
from projects.lineage import SqlTooComplex
from projects.lineage_proposals import propose
from projects.models import Node, NodeVersion, Project

ERROR, WARNING, INFO = "error", "warning", "info"

# Dotted paths of `check(node, snapshot) -> list[dict]`, registered by higher apps (quality).
EXTRA_CHECKS: list[str] = []

# sqlglot's name of each data source kind's dialect.
SQL_DIALECTS = {
    "postgres": "postgres",
    "mysql": "mysql",
    "duckdb": "duckdb",
    "sqlite": "sqlite",
    "spark": "spark",
}

# What of a snapshot decides what a run does: a test run of these is a test of the version.
RUN_FIELDS = ("type", "code", "datasource_id", "parameters", "uses_datasources")


def result(node: Node, check: str, level: str, ok: bool, message: str) -> dict:
    return {
        "node": node.id,
        "name": node.name,
        "check": check,
        "level": level,
        "ok": ok,
        "message": message,
    }


def blocking(checks: list[dict]) -> list[dict]:
    """The failed checks that hold the approval."""
    return [c for c in checks if not c["ok"] and c["level"] == ERROR]


def run_all(
    project: Project, versions: dict[int, NodeVersion], nodes: dict[int, Node], *, actor
) -> list:
    tests = deploys.last_test_runs(list(versions))
    kinds = dict(project.datasources.values_list("id", "kind"))
    found = []
    for node_id, version in versions.items():
        node, snapshot = nodes[node_id], version.snapshot
        code = _rendered(project, node, snapshot, found)
        if snapshot.get("type") == "sql" and code is not None:
            found.append(_parses(node, code, kinds.get(snapshot.get("datasource_id"))))
        found.append(_tested(node, snapshot, tests.get(node_id)))
        found.extend(_lineage(node, snapshot, kinds.get(snapshot.get("datasource_id")), actor))
        for path in EXTRA_CHECKS:
            found.extend(import_string(path)(node, snapshot))
    return found


def _rendered(project: Project, node: Node, snapshot: dict, found: list) -> str | None:
    dialect = snapshot.get("parameter_dialect") or project.parameter_dialect
    today = dt.datetime.now(zoneinfo.ZoneInfo(project.timezone)).date()
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
    context = parameters.ParamContext(
        nodeid=str(node.id), node_name=snapshot.get("name") or "", project_name=project.name
    )
    try:
        rendered = parameters.render_node_params(
            snapshot.get("parameters") or {}, tomorrow, dialect, context=context
        )
        code = snapshot.get("code") or ""
        if snapshot.get("type") in ("sql", "shell", "python"):
            code = parameters.substitute(code, rendered, tomorrow, dialect, context=context)
    except parameters.ParamError as exc:
        found.append(result(node, "parameters", ERROR, False, str(exc)))
        return None
    found.append(result(node, "parameters", ERROR, True, f"{len(rendered)} parameter(s) render"))
    return code


def _parses(node: Node, code: str, kind: str | None) -> dict:
    dialect = SQL_DIALECTS.get(kind or "")
    try:
        sqlglot.parse(code, read=dialect)
    except (ParseError, TokenError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return result(node, "sql", ERROR, False, f"does not parse as {dialect or 'SQL'}: {first}")
    return result(node, "sql", ERROR, True, f"parses as {dialect or 'SQL'}")


def _tested(node: Node, snapshot: dict, last: dict | None) -> dict:
    if snapshot.get("type") == "virtual":
        return result(node, "test_run", ERROR, True, "a virtual node runs nothing")
    if last is None:
        return result(node, "test_run", ERROR, False, "never test-run")
    ran = last["snapshot"] or {}
    if any(ran.get(f) != snapshot.get(f) for f in RUN_FIELDS):
        return result(
            node, "test_run", ERROR, False, f"the last test run ({last['id']}) ran other code"
        )
    if last["status"] != "success":
        return result(
            node, "test_run", ERROR, False, f"the last test run ({last['id']}) {last['status']}"
        )
    return result(node, "test_run", ERROR, True, f"test run {last['id']} of this version succeeded")


def _lineage(node: Node, snapshot: dict, kind: str | None, actor) -> list[dict]:
    if snapshot.get("type") != "sql":
        return []
    shipped = copy.copy(node)
    shipped.code = snapshot.get("code") or ""
    shipped.output_tables = snapshot.get("output_tables") or []
    try:
        found = propose(node=shipped, user=actor, dialect=SQL_DIALECTS.get(kind or ""))
    except SqlTooComplex as exc:
        return [result(node, "lineage", WARNING, False, str(exc))]
    messages = list(found["warnings"])
    messages += [
        f"reads {u['table']} (line {u['line']}), written by {u['name']}, not an upstream"
        for u in found["upstreams"]
        if not u["exists"]
    ]
    if not messages:
        return [result(node, "lineage", WARNING, True, "no lineage warnings")]
    return [result(node, "lineage", WARNING, False, message) for message in messages]
