"""Log lines carry an ISO time with its offset, so the front end shows them in the project's zone."""

import datetime as dt

from scheduler.logs import LogWriter


def test_a_log_line_starts_with_an_iso_time_with_offset():
    writer = LogWriter(1, 1, ticking=False)
    writer.write("hello\n")
    stamp, text = writer.pending[0].split(" ", 1)
    moment = dt.datetime.fromisoformat(stamp)
    assert text == "hello" and moment.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - moment) < dt.timedelta(minutes=1)
