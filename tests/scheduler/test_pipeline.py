"""End to end on a real Celery worker: generation, dispatch, SQL on DuckDB, parameters in the data."""

import datetime as dt

from projects.drivers import connect
from scheduler import dispatch, generation
from scheduler.logs import read_log
from scheduler.models import Instance, InstanceEvent
from tests.scheduler.conftest import wait_for_status, yesterday


def test_three_node_sql_pipeline_lands_its_parameters(worker, make_node, warehouse, settings):
    common = {"type": "sql", "datasource": warehouse, "cron": "0 1 * * *"}
    load = make_node(
        "load",
        code=(
            "create table if not exists orders (bizdate varchar, amount int);\n"
            "delete from orders where bizdate = '${bizdate}';\n"
            "insert into orders values ('${bizdate}', 10), ('${bizdate}', 32);"
        ),
        **common,
    )
    agg = make_node(
        "agg",
        upstream=[load],
        code=(
            "create table if not exists daily (bizdate varchar, total int, tag varchar);\n"
            "insert into daily select bizdate, sum(amount), '${tag}' from orders where bizdate = '${bizdate}' group by 1;"
        ),
        parameters={"tag": "v_$[yyyymmdd]"},
        **common,
    )
    report = make_node(
        "report", upstream=[agg], code="select * from daily where bizdate = '$bizdate';", **common
    )

    day = yesterday()
    counts = generation.generate_day(day)
    assert counts == {"slots": 3, "edges": 2}
    instances = {i.node_id: i for i in Instance.objects.all()}
    assert dispatch.release() == 1  # only the root is ready
    ids = [instances[n.id].id for n in (load, agg, report)]
    final = wait_for_status(ids, {"success", "failed"})
    assert set(final.values()) == {"success"}, {i: read_log(i) for i in ids}

    bizdate = (day - dt.timedelta(days=1)).strftime("%Y%m%d")
    with connect(warehouse) as conn:
        rows = conn.execute("select bizdate, total, tag from daily").fetchall()
    assert rows == [(bizdate, 42, f"v_{day:%Y%m%d}")]
    log = read_log(instances[agg.id].id)
    assert "[2/2] insert into daily" in log and "1 row(s) affected" in log
    assert Instance.objects.get(pk=instances[agg.id].id).params == {"tag": f"v_{day:%Y%m%d}"}

    # event-driven: each downstream was queued when its upstream succeeded, not by a poll
    queued = InstanceEvent.objects.filter(
        instance_id=instances[report.id].id, to_status="queued"
    ).get()
    agg_done = InstanceEvent.objects.filter(
        instance_id=instances[agg.id].id, to_status="success"
    ).get()
    assert (queued.created_at - agg_done.created_at).total_seconds() < 1.0


def test_generation_twice_makes_each_instance_and_edge_once(make_node, db):
    a = make_node("a", cron="0 * * * *")
    make_node("b", upstream=[a], cron="0 * * * *")
    day = yesterday()
    first = generation.generate_day(day)
    second = generation.generate_day(day)
    assert first == second == {"slots": 48, "edges": 24}
    assert Instance.objects.count() == 48
    from scheduler.models import InstanceDependency

    assert InstanceDependency.objects.count() == 24
