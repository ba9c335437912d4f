import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from scheduler.states import InstanceReason


class ExecutionFailed(Exception):
    def __init__(self, message: str, reason: str = InstanceReason.ERROR):
        super().__init__(message)
        self.reason = reason  # InstanceReason.ERROR, TIMEOUT or KILLED


@dataclass
class Result:
    # A test run's first rows: {"columns", "rows"} of its last SELECT (what older clients read)
    # and "sets", one {"statement", "columns", "rows"} per statement that returned rows.
    rows: dict = field(default_factory=dict)

    def add_rows(self, statement: int, columns: list, rows: list) -> None:
        sets = [
            *self.rows.get("sets", []),
            {"statement": statement, "columns": columns, "rows": rows},
        ]
        self.rows = {"columns": columns, "rows": rows, "sets": sets}


class ReportedResults:
    """Collects what a run in the sandbox reports on its results fd (runtime/jobs.py): log lines
    go to the log, rows into `result`, errors into `errors` (the failure's message)."""

    def __init__(self, log: Callable[[str], None]):
        self.log = log
        self.result = Result()
        self.errors: list[str] = []

    def __call__(self, item: dict) -> None:
        if "log" in item:
            self.log(item["log"])
        elif "rows" in item:
            found = item["rows"]
            self.result.add_rows(found.get("statement", 0), found["columns"], found["rows"])
        elif "error" in item:
            self.errors.append(item["error"])


@dataclass
class ExecutionContext:
    instance_id: int
    attempt: int
    project_id: int
    node_id: int
    snapshot: dict  # code and configuration of the version being run
    params: dict[str, str]  # node parameters rendered for the cycle
    code: str  # with parameters substituted
    cyctime_local: dt.datetime
    bizdate: dt.date
    timeout_seconds: int
    log: Callable[[str], None]
    should_stop: Callable[[], str | None]  # "killed" when an operator killed the instance
    keep_rows: bool = False
    # How many rows of each statement are kept (when kept): a test run shows the first ones, an
    # ad-hoc query pages through more.
    max_rows: int = 100
    # The sandbox's name for the run (its folder, its log lines); an instance's id and attempt
    # unless given.
    label: str = ""
    # Whose connections of the bound data sources the run uses (projects/environments.py).
    environment: str = "production"
