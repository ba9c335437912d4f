"""The parameter forms of each dialect, as both products document them: the Studio's completion
and the parameter reference in docs/parameters.md read this list, and a test renders every form."""

from typing import NamedTuple


class Form(NamedTuple):
    form: str
    meaning: str


DATAWORKS = [
    Form("$bizdate", "business date (the day before the cycle date), yyyymmdd"),
    Form("$cyctime", "cycle time, yyyymmddhh24miss"),
    Form("$gmtdate", "cycle date, yyyymmdd"),
    Form("$bizmonth", "business month, yyyymm (the month before while it is the cycle's month)"),
    Form("$jobid", "the project's id"),
    Form("$nodeid", "the node's id"),
    Form("$taskid", "the instance's id"),
    Form("${bizdate}", "business date, yyyymmdd"),
    Form("${yyyymmdd}", "business date, yyyymmdd"),
    Form("${yyyy-mm-dd}", "business date, yyyy-mm-dd"),
    Form("${yyyymmdd-N}", "N days before the business date"),
    Form("${yyyymmdd+N}", "N days after the business date"),
    Form("${yyyymmdd-7*N}", "N weeks before the business date"),
    Form("${yyyymm-N}", "N months before the business date's month"),
    Form("${yyyy-N}", "N years before the business date's year"),
    Form("${yyyy}", "year of the business date"),
    Form("${mm}", "month of the business date"),
    Form("${dd}", "day of the business date"),
    Form("$[yyyymmdd]", "cycle date, yyyymmdd"),
    Form("$[yyyy-mm-dd hh24:mi:ss]", "cycle time"),
    Form("$[yyyymmdd-N]", "N days before the cycle time"),
    Form("$[yyyymmdd+N]", "N days after the cycle time"),
    Form("$[yyyymmdd-7*N]", "N weeks before the cycle time"),
    Form("$[add_months(yyyymmdd,-N)]", "N months before the cycle time (month ends clamp)"),
    Form("$[add_months(yyyymmdd,-12*N)]", "N years before the cycle time"),
    Form("$[hh24miss]", "time of the cycle"),
    Form("$[hh24]", "hour of the cycle"),
    Form("$[mi]", "minute of the cycle"),
    Form("$[hh24miss-N/24]", "N hours before the cycle time"),
    Form("$[hh24miss-N/24/60]", "N minutes before the cycle time"),
    Form("$[yyyymmddhh24-1-1/24]", "a day and an hour before the cycle time"),
]

DOLPHINSCHEDULER = [
    Form("${system.biz.date}", "the day before the schedule time, yyyyMMdd"),
    Form("${system.biz.curdate}", "the day of the schedule time, yyyyMMdd"),
    Form("${system.datetime}", "the schedule time, yyyyMMddHHmmss"),
    Form("${system.task.instance.id}", "the instance's id"),
    Form("${system.task.definition.name}", "the node's name"),
    Form("${system.task.definition.code}", "the node's id"),
    Form("${system.workflow.definition.name}", "the workflow's name"),
    Form("${system.workflow.definition.code}", "the workflow's id"),
    Form("${system.project.name}", "the project's name"),
    Form("${system.project.code}", "the project's id"),
    Form("$[yyyyMMdd]", "schedule date (any Java date pattern; other characters are literal)"),
    Form("$[yyyy-MM-dd HH:mm:ss]", "schedule time"),
    Form("$[HHmmss]", "time of the schedule"),
    Form("$[yyyyMMdd-N]", "N days before the schedule time"),
    Form("$[yyyyMMdd+N]", "N days after the schedule time"),
    Form("$[yyyyMMdd-7*N]", "N weeks before the schedule time"),
    Form("$[HHmmss-N/24]", "N hours before the schedule time"),
    Form("$[HHmmss-N/24/60]", "N minutes before the schedule time"),
    Form("$[add_months(yyyyMMdd,-N)]", "N months before the schedule time"),
    Form("$[add_months(yyyyMMdd,12*N)]", "N years after the schedule time"),
    Form("$[this_day(yyyy-MM-dd)]", "the schedule date"),
    Form("$[last_day(yyyy-MM-dd)]", "the day before the schedule date"),
    Form("$[month_first_day(yyyy-MM-dd,N)]", "first day of the month N months away"),
    Form("$[month_last_day(yyyy-MM-dd,N)]", "last day of the month N months away"),
    Form("$[week_first_day(yyyy-MM-dd,N)]", "Monday of the week N weeks away"),
    Form("$[week_last_day(yyyy-MM-dd,N)]", "Sunday of the week N weeks away"),
    Form("$[year_week(yyyy-MM-dd)]", "year and week (weeks start on Monday)"),
    Form(
        "$[year_week(yyyy-MM-dd,N)]", "year and week, weeks start on day N (1 Monday .. 7 Sunday)"
    ),
    Form("$[yyyy'年'MM'月'dd'日']", "quoted text inside a format is literal"),
]

REFERENCE = {"dataworks": DATAWORKS, "dolphinscheduler": DOLPHINSCHEDULER}


def example(form: str, n: int = 1) -> str:
    """The form with its N filled in, as a user would type it."""
    return form.replace("N", str(n))
