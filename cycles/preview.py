"""How node parameters and the scheduling expressions in a node's code render for a business
date: the Studio's parameter preview, with the cycle time a scheduled run of that date gets."""

import datetime as dt

from cycles import dates, params

MAX_EXPRESSIONS = 200


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def render_preview(
    *,
    code: str,
    parameters: dict[str, str],
    bizdate: dt.date,
    cron: str | None,
    tz: str,
    dialect: str = "dataworks",
    context: params.ParamContext | None = None,
) -> dict:
    """How node parameters and every expression in `code` render for a business date."""
    cyctime = dates.local_cycle_time(bizdate, cron_expr=cron, tz=tz)
    context = context or params.ParamContext()
    rendered: dict[str, str] = {}
    parameter_rows = []
    for name, expression in params.parse_node_params(parameters).items():
        row = {"name": name, "expression": expression, "value": None, "error": None}
        try:
            rendered[name] = params.render(
                expression, cyctime, dialect, context=context, values=rendered
            )
            row["value"] = rendered[name]
        except ValueError as exc:
            row["error"] = str(exc)
        parameter_rows.append(row)

    expressions, seen = [], set()
    for match in params.find_expressions(code):
        text = match.group(0)
        if text in seen:
            continue
        seen.add(text)
        row = {"expression": text, "line": _line_of(code, match.start()), "value": None}
        row["error"] = None
        brace = match.group(1)
        row["source"] = "parameter" if brace is not None and brace.strip() in rendered else "system"
        try:
            row["value"] = params.render(text, cyctime, dialect, context=context, values=rendered)
        except ValueError as exc:
            row["error"] = exc.reason if isinstance(exc, params.ParamError) else str(exc)
        expressions.append(row)
        if len(expressions) >= MAX_EXPRESSIONS:
            break

    rendered_code, code_error = None, None
    try:
        rendered_code = params.substitute(code, rendered, cyctime, dialect, context=context)
    except ValueError as exc:
        code_error = str(exc)
    return {
        "bizdate": bizdate.isoformat(),
        "cyctime": cyctime.isoformat(sep=" "),
        "timezone": tz,
        "dialect": dialect,
        "parameters": parameter_rows,
        "expressions": expressions,
        "code": rendered_code,
        "error": code_error,
    }
