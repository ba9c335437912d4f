"""The Studio's parameter preview renders what a scheduled run of the date would."""

import datetime as dt

from cycles import preview


def test_the_preview_renders_parameters_and_expressions_at_the_runs_cycle_time():
    result = preview.render_preview(
        code="select '${day}', '$[hh24]', '$[nonsense]'",
        parameters={"day": "${yyyymmdd}"},
        bizdate=dt.date(2024, 3, 10),
        cron="30 2 * * *",
        tz="Asia/Shanghai",
    )
    assert result["cyctime"] == "2024-03-11 02:30:00"
    assert result["parameters"] == [
        {"name": "day", "expression": "${yyyymmdd}", "value": "20240310", "error": None}
    ]
    rows = {row["expression"]: row for row in result["expressions"]}
    assert rows["${day}"]["source"] == "parameter" and rows["${day}"]["value"] == "20240310"
    assert rows["$[hh24]"]["value"] == "02" and rows["$[hh24]"]["line"] == 1
    assert rows["$[nonsense]"]["error"]
    assert result["code"] is None and result["error"]
