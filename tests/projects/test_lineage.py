"""Lineage: the broad case table (lineage_cases.py) and shapes from the field, with lines."""

import pytest

from projects.lineage import extract, extract_with_lines
from tests.projects.lineage_cases import CASES as TABLE
from tests.projects.lineage_cases import DIALECTS

R = frozenset
CASES = [
    # --- plain selects, joins, subqueries, set operations -------------------------------
    ("select * from a", None, R({"a"}), R()),
    ("SELECT * FROM Sales.Orders", None, R({"sales.orders"}), R()),
    ("select * from a join b on a.id = b.id left join c on c.id = a.id", None, R("abc"), R()),
    ("select * from a, b where a.x = b.x", None, R("ab"), R()),
    ("select * from (select * from a) t", None, R("a"), R()),
    ("select * from a where x in (select x from b)", None, R("ab"), R()),
    ("select * from a where exists (select 1 from b where b.id = a.id)", None, R("ab"), R()),
    ("select (select max(x) from b) as m from a", None, R("ab"), R()),
    ("select * from a union select * from b", None, R("ab"), R()),
    ("select * from a union all select * from b union all select * from c", None, R("abc"), R()),
    ("select x from a intersect select x from b", None, R("ab"), R()),
    ("select x from a except select x from b", None, R("ab"), R()),
    ("select * from cat.sch.tbl", None, R({"cat.sch.tbl"}), R()),
    ('select * from "Sch"."Tab"', "postgres", R({"sch.tab"}), R()),
    ("select * from `db`.`tbl`", "mysql", R({"db.tbl"}), R()),
    ("select * from [dbo].[orders]", "tsql", R({"dbo.orders"}), R()),
    ("select a.x, row_number() over (partition by a.k order by a.t) from a", None, R("a"), R()),
    ("select * from a cross join b", None, R("ab"), R()),
    ("select * from a full outer join b using (id)", None, R("ab"), R()),
    ("select 1", None, R(), R()),
    ("select now()", "postgres", R(), R()),
    ("select * from (values (1), (2)) v(x)", "postgres", R(), R()),
    ("select * from generate_series(1, 10)", "postgres", R(), R()),
    ("select * from read_parquet('f.parquet')", "duckdb", R(), R()),
    ("select * from read_csv_auto('f.csv') join dim on true", "duckdb", R({"dim"}), R()),
    # --- CTEs --------------------------------------------------------------------------
    ("with c as (select * from a) select * from c", None, R("a"), R()),
    (
        "with c as (select * from a), d as (select * from c join b on 1=1) select * from d",
        None,
        R("ab"),
        R(),
    ),
    (
        "with recursive r as (select 1 n union all select n + 1 from r where n < 5) select * from r",
        "postgres",
        R(),
        R(),
    ),
    ("with a as (select * from src.a) select * from a", None, R({"src.a"}), R()),
    ("with c as (select * from a) insert into t select * from c", None, R("a"), R("t")),
    ("insert into t with c as (select * from a) select * from c", "hive", R("a"), R("t")),
    (
        "with x as (select * from a), y as (select * from x), z as (select * from y join b on 1=1) select * from z",
        None,
        R("ab"),
        R(),
    ),
    # --- inserts -----------------------------------------------------------------------
    ("insert into t select * from a", None, R("a"), R("t")),
    ("insert into t (x, y) select x, y from a", None, R("a"), R("t")),
    ("insert into t values (1, 2)", None, R(), R("t")),
    (
        "insert into dw.t select * from ods.a join ods.b on a.id = b.id",
        None,
        R({"ods.a", "ods.b"}),
        R({"dw.t"}),
    ),
    (
        "insert overwrite table dw.t partition (dt='${bizdate}') select * from ods.a where dt='${bizdate}'",
        "hive",
        R({"ods.a"}),
        R({"dw.t"}),
    ),
    (
        "INSERT OVERWRITE TABLE dws.sales PARTITION (ds='$[yyyymmdd-1]') SELECT shop, sum(amt) FROM dwd.orders "
        "WHERE ds='$[yyyymmdd-1]' GROUP BY shop",
        "hive",
        R({"dwd.orders"}),
        R({"dws.sales"}),
    ),
    ("insert into table t partition (dt) select *, dt from a", "hive", R("a"), R("t")),
    ("insert into t select * from t", None, R("t"), R("t")),
    ("insert into t select * from a on conflict (id) do nothing", "postgres", R("a"), R("t")),
    (
        "insert into t select * from a on duplicate key update x = values(x)",
        "mysql",
        R("a"),
        R("t"),
    ),
    ("replace into t select * from a", "mysql", R("a"), R("t")),
    ("insert into t select * from a; insert into u select * from b", None, R("ab"), R("tu")),
    # --- create ------------------------------------------------------------------------
    ("create table t as select * from a", None, R("a"), R("t")),
    ("create table if not exists t as select * from a", None, R("a"), R("t")),
    ("create or replace table t as select * from a", "duckdb", R("a"), R("t")),
    ("create table t (id int, name text)", None, R(), R("t")),
    ("create table dw.t stored as orc as select * from ods.a", "hive", R({"ods.a"}), R({"dw.t"})),
    ("create view v as select * from a", None, R("a"), R("v")),
    (
        "create or replace view rpt.v as select * from a join b on a.id = b.id",
        None,
        R("ab"),
        R({"rpt.v"}),
    ),
    ("create materialized view mv as select * from a", "postgres", R("a"), R({"mv"})),
    ("create table t like a", "mysql", R("a"), R("t")),
    # --- update, delete, merge, truncate, drop, alter ----------------------------------
    ("update t set x = 1", None, R(), R("t")),
    ("update t set x = s.x from s where t.id = s.id", "postgres", R("s"), R("t")),
    ("update t set x = (select max(x) from s)", None, R("s"), R("t")),
    ("UPDATE t JOIN s ON t.id = s.id SET t.x = s.x", "mysql", R("s"), R("t")),
    ("delete from t", None, R(), R()),  # moves no data
    ("delete from t where id in (select id from d)", None, R("d"), R()),
    ("delete from t using d where t.id = d.id", "postgres", R("d"), R()),
    (
        "merge into t using s on t.id = s.id when matched then update set x = s.x when not matched then insert values (s.id, s.x)",
        None,
        R("s"),
        R("t"),
    ),
    (
        "merge into dw.t as tgt using (select * from ods.s where dt = '${bizdate}') src on tgt.id = src.id "
        "when matched then update set v = src.v",
        None,
        R({"ods.s"}),
        R({"dw.t"}),
    ),
    ("truncate table t", None, R(), R()),
    ("drop table t", None, R(), R()),
    ("drop table if exists t", None, R(), R()),
    ("drop view if exists v", None, R(), R()),
    ("alter table a rename to b", None, R(), R()),
    ("alter table t add column c int", None, R(), R()),
    # --- T-SQL ---------------------------------------------------------------------------
    ("select * into new_t from old_t", "tsql", R({"old_t"}), R({"new_t"})),
    ("select a.* into #tmp from a; insert into t select * from #tmp", "tsql", R("a"), R("t")),
    ("select top 10 * from dbo.orders with (nolock)", "tsql", R({"dbo.orders"}), R()),
    # --- multi-statement scripts, temporary and intermediate tables ---------------------
    (
        "create temp table tmp as select * from a; insert into b select * from tmp; drop table tmp;",
        "postgres",
        R("a"),
        R("b"),
    ),
    (
        "create temporary table tmp as select * from a; insert into b select * from tmp",
        "postgres",
        R("a"),
        R("b"),
    ),
    (
        "create table stage as select * from a; insert into b select * from stage; drop table stage",
        None,
        R("a"),
        R("b"),
    ),
    (
        "create table stage as select * from a; insert into b select * from stage",
        None,
        R("a"),
        R("b"),  # stage is an intermediate
    ),
    (
        "drop table if exists tmp_x; create table tmp_x as select * from a; insert overwrite table b select * from tmp_x; "
        "drop table if exists tmp_x;",
        "hive",
        R("a"),
        R("b"),
    ),
    (
        "insert into t select * from a;\n-- next\ninsert into u select * from t",
        None,
        R("a"),
        R("u"),  # t is an intermediate
    ),
    (
        "set hive.exec.dynamic.partition=true; insert overwrite table t select * from a",
        "hive",
        R("a"),
        R("t"),
    ),
    ("use dw; insert into t select * from a", "hive", R("a"), R("t")),
    ("begin; insert into t select * from a; commit;", "postgres", R("a"), R("t")),
    # --- comments and parameters -----------------------------------------------------------
    ("-- reads b\nselect * from a /* not c */", None, R("a"), R()),
    ("# mysql comment\nselect * from a", "mysql", R("a"), R()),
    ("select * from a where dt = '${bizdate}' and hr = '$[hh24]'", None, R("a"), R()),
    ("select * from ods.log_${bizdate}", None, R({"ods.log_${bizdate}"}), R()),
    ("insert into dw.t_${yyyymmdd} select * from a", None, R("a"), R({"dw.t_${yyyymmdd}"})),
    (
        "select * from a where dt between '$[add_months(yyyymmdd,-1)]' and '${system.biz.date}'",
        None,
        R("a"),
        R(),
    ),
    ("select * from a where dt = '${dt}'", "hive", R("a"), R()),
    # --- realistic warehouse SQL ----------------------------------------------------------
    (
        """-- dwd layer
INSERT OVERWRITE TABLE dwd.dwd_order_detail PARTITION (ds = '${bizdate}')
SELECT o.order_id, o.user_id, i.sku_id, i.qty * i.price AS amount
FROM ods.ods_order o
JOIN ods.ods_order_item i ON o.order_id = i.order_id AND i.ds = '${bizdate}'
LEFT JOIN dim.dim_user u ON u.user_id = o.user_id
WHERE o.ds = '${bizdate}';""",
        "hive",
        R({"ods.ods_order", "ods.ods_order_item", "dim.dim_user"}),
        R({"dwd.dwd_order_detail"}),
    ),
    (
        """WITH daily AS (
  SELECT user_id, sum(amount) AS amt FROM dwd.dwd_order_detail WHERE ds = '${bizdate}' GROUP BY user_id
), ranked AS (
  SELECT user_id, amt, rank() OVER (ORDER BY amt DESC) AS rk FROM daily
)
INSERT INTO ads.top_users SELECT user_id, amt, rk FROM ranked WHERE rk <= 100""",
        "spark",
        R({"dwd.dwd_order_detail"}),
        R({"ads.top_users"}),
    ),
    (
        """create table if not exists dws.user_1d (user_id bigint, amt double) partitioned by (ds string);
insert overwrite table dws.user_1d partition (ds='${bizdate}')
select user_id, sum(amount) from dwd.dwd_order_detail where ds='${bizdate}' group by user_id;""",
        "hive",
        R({"dwd.dwd_order_detail"}),
        R({"dws.user_1d"}),
    ),
    (
        """-- dbt-like model
with orders as (select * from raw.orders),
payments as (select * from raw.payments),
final as (select o.id, sum(p.amount) from orders o left join payments p on p.order_id = o.id group by 1)
select * from final""",
        None,
        R({"raw.orders", "raw.payments"}),
        R(),
    ),
    (
        """BEGIN;
DELETE FROM mart.daily_sales WHERE day = DATE '2024-01-01';
INSERT INTO mart.daily_sales (day, shop, amount)
SELECT DATE '2024-01-01', shop_id, SUM(amount) FROM staging.sales s
JOIN staging.shops sh ON sh.id = s.shop_id GROUP BY shop_id;
COMMIT;""",
        "postgres",
        R({"staging.sales", "staging.shops"}),
        R({"mart.daily_sales"}),
    ),
    (
        """create or replace temp view v_src as select * from ods.events where dt = '${bizdate}';
insert overwrite table dwd.events partition (dt = '${bizdate}') select * from v_src""",
        "spark",
        R({"ods.events"}),
        R({"dwd.events"}),
    ),
    (
        """SELECT c.name, COUNT(*) FROM crm.customers c
WHERE c.id IN (SELECT customer_id FROM crm.orders WHERE total > 100)
GROUP BY c.name HAVING COUNT(*) > 1 ORDER BY 2 DESC LIMIT 10""",
        "mysql",
        R({"crm.customers", "crm.orders"}),
        R(),
    ),
    ("copy t from '/tmp/x.csv'", "postgres", R(), R("t")),
    ("select * from a lateral view explode(a.items) t as item", "hive", R("a"), R()),
    ("select x.* from a, lateral (select * from b where b.id = a.id) x", "postgres", R("ab"), R()),
    (
        "select * from a qualify row_number() over (partition by k order by t desc) = 1",
        "snowflake",
        R("a"),
        R(),
    ),
    ("select * from a tablesample (10 percent)", "hive", R("a"), R()),
    ("select * from unnest([1, 2]) as x", "bigquery", R(), R()),
    ("select * from `proj.ds.tbl`", "bigquery", R({"proj.ds.tbl"}), R()),
    ("select count(*) from a group by grouping sets ((x), (y))", None, R("a"), R()),
    ("select case when x > 0 then (select 1 from b limit 1) end from a", None, R("ab"), R()),
    ("explain select * from a", "postgres", R("a"), R()),
    # --- more real-world shapes --------------------------------------------------------------
    (
        "select o.id from ods.orders o where not exists (select 1 from ods.refunds r where r.order_id = o.id)",
        None,
        R({"ods.orders", "ods.refunds"}),
        R(),
    ),
    ("select * from a left semi join b on a.id = b.id", "hive", R("ab"), R()),
    ("select * from a anti join b on a.id = b.id", "spark", R("ab"), R()),
    (
        "select distinct on (user_id) * from events order by user_id, ts desc",
        "postgres",
        R({"events"}),
        R(),
    ),
    ("select * from a natural join b", None, R("ab"), R()),
    ("select * from a join b using (id) join c using (id) join d using (id)", None, R("abcd"), R()),
    (
        "select count(distinct user_id) filter (where paid) from dw.sessions",
        "postgres",
        R({"dw.sessions"}),
        R(),
    ),
    ("select * from s1.t union select * from s2.t", None, R({"s1.t", "s2.t"}), R()),
    (
        "insert into rpt.t select * from (select * from a union all select * from b) u",
        None,
        R("ab"),
        R({"rpt.t"}),
    ),
    (
        "insert into t select a.*, b.x from a left join (select id, max(x) x from b group by id) b on a.id = b.id",
        None,
        R("ab"),
        R("t"),
    ),
    (
        "INSERT INTO analytics.events_daily SELECT date_trunc('day', ts), count(*) FROM raw.events GROUP BY 1",
        "postgres",
        R({"raw.events"}),
        R({"analytics.events_daily"}),
    ),
    ("insert into t (a) values ((select max(a) from s))", None, R("s"), R("t")),
    ("create table t partitioned by (ds) as select * from a", "spark", R("a"), R("t")),
    (
        "create table if not exists dw.t (id bigint) partitioned by (ds string) stored as orc",
        "hive",
        R(),
        R({"dw.t"}),
    ),
    ("create unlogged table t as select * from a", "postgres", R("a"), R("t")),
    ("create table t as with c as (select * from a) select * from c", None, R("a"), R("t")),
    (
        "create view v as with c as (select * from a) select * from c join b on true",
        None,
        R("ab"),
        R("v"),
    ),
    ("delete from t where exists (select 1 from s where s.id = t.id)", None, R("s"), R()),
    ("delete t from t join s on t.id = s.id", "mysql", R("s"), R()),
    (
        "update t set x = s.x from s join u on u.id = s.id where t.id = s.id",
        "postgres",
        R("su"),
        R("t"),
    ),
    ("update dw.t set v = 0 where ds = '${bizdate}'", None, R(), R({"dw.t"})),
    (
        "merge into t using (select * from s union all select * from u) src on t.id = src.id "
        "when not matched then insert (id) values (src.id)",
        None,
        R("su"),
        R("t"),
    ),
    ("truncate table dw.t; insert into dw.t select * from ods.t", None, R({"ods.t"}), R({"dw.t"})),
    ("drop table if exists a, b", "postgres", R(), R()),
    ("alter table dw.t_new rename to t", "postgres", R(), R()),
    ("with a as (select 1 x) select * from a join real_a on true", None, R({"real_a"}), R()),
    ("with t as (select * from t) select * from t", None, R("t"), R()),
    ("select * from a where id = any(select id from b)", "postgres", R("ab"), R()),
    ("select json_extract(payload, '$.id') from raw.events", "mysql", R({"raw.events"}), R()),
    ("select * from a where x like '%${bizdate}%'", None, R("a"), R()),
    ("select * from a -- join b\n where 1 = 1", None, R("a"), R()),
    ("select * from a /* from b */ join c on 1 = 1", None, R("ac"), R()),
    ("select 'from b' as x from a", None, R("a"), R()),
    ("select * from db1.a join db2.b on a.id = b.id", "mysql", R({"db1.a", "db2.b"}), R()),
    (
        "select * from public.a join public.b on a.id = b.id",
        "postgres",
        R({"public.a", "public.b"}),
        R(),
    ),
    ("select * from a; select * from b; select * from c", None, R("abc"), R()),
    (
        "insert overwrite table t select * from a where dt = '$[yyyymmdd-1]' and hr = '$[hh24-1/24]'",
        "hive",
        R("a"),
        R("t"),
    ),
    (
        "insert into t select * from a where dt between '$[add_months(yyyymmdd,-1)]' and '${yyyymmdd}'",
        None,
        R("a"),
        R("t"),
    ),
    ("select * from a tablesample system (10)", "postgres", R("a"), R()),
    ("select * from a pivot (sum(v) for k in ('x', 'y'))", "snowflake", R("a"), R()),
    ("select * from a, unnest(a.items) as i", "postgres", R("a"), R()),
    (
        "create temporary view tv as select * from a; insert into b select * from tv",
        "spark",
        R("a"),
        R("b"),
    ),
    (
        "create table s as select * from a; create table t as select * from s; drop table s",
        None,
        R("a"),
        R("t"),
    ),
]


@pytest.mark.parametrize("case", TABLE, ids=lambda c: f"{c.dialect}-{c.area}-{c.sql[:40]}")
def test_case_table(case):
    assert extract(case.sql, case.dialect) == (set(case.reads), set(case.writes))


def test_the_case_table_is_broad():
    assert len(TABLE) >= 600
    per_dialect = {d: sum(c.dialect == d for c in TABLE) for d in DIALECTS}
    assert min(per_dialect.values()) >= 50, per_dialect
    areas = {c.area for c in TABLE}
    for area in (
        "no data",
        "intermediate",
        "temporary",
        "procedure",
        "select into",
        "swap",
        "exchange",
        "hints",
        "update alias",
        "multi-insert",
        "returning",
        "rename",
    ):
        assert area in areas


@pytest.mark.parametrize("sql,dialect,reads,writes", CASES)
def test_lineage_table(sql, dialect, reads, writes):
    got_reads, got_writes = extract(sql, dialect)
    assert (got_reads, got_writes) == (set(reads), set(writes))


def test_the_table_is_large():
    assert len(CASES) >= 140


def test_line_numbers_point_at_the_reference():
    sql = "-- header\ninsert into dw.t\nselect *\nfrom ods.a\njoin ods.b on a.id = b.id\n"
    found = extract_with_lines(sql)
    assert found.reads == {"ods.a": 4, "ods.b": 5}
    assert found.writes == {"dw.t": 2}


def test_line_numbers_survive_multi_line_parameters_and_statements():
    sql = "select 1;\n\ninsert into t\nselect * from s_${bizdate}\nwhere d = '$[yyyymmdd-1]';\nselect * from u;"
    found = extract_with_lines(sql)
    assert found.reads == {"s_${bizdate}": 4, "u": 6}
    assert found.writes == {"t": 3}


def test_unparseable_statement_falls_back_and_is_reported():
    sql = "insert into good select * from src;\nTHIS IS NOT SQL FROM nowhere JOIN !!! ;"
    found = extract_with_lines(sql)
    assert "src" in found.reads and "good" in found.writes
    assert found.errors and "line 2" in found.errors[0]


def test_an_intermediate_is_kept_apart_with_its_line():
    found = extract_with_lines("create table s as select * from a;\ninsert into t select * from s")
    assert found.intermediates == {"s": 1}
    assert (found.reads, found.writes) == ({"a": 1}, {"t": 2})


@pytest.mark.parametrize(
    "sql,dialect",
    [
        (
            "select 1;\ncreate procedure p as\nbegin\n  insert into b\n  select * from a;\nend",
            "tsql",
        ),
        (
            "select 1;\ncreate procedure p() language sql as $$\n\ninsert into b\nselect * from a $$",
            "postgres",
        ),
        (
            "select 1;\ncreate procedure p()\nbegin\n  insert into b\n  select * from a;\nend",
            "bigquery",
        ),
    ],
)
def test_lines_inside_a_procedure_point_into_its_body(sql, dialect):
    found = extract_with_lines(sql, dialect)
    assert (found.reads, found.writes) == ({"a": 5}, {"b": 4})


def test_t_sql_statements_without_semicolons_keep_their_lines():
    sql = "set nocount on\ninsert into t\nselect * from a\nupdate u set x = (select max(x) from b)"
    found = extract_with_lines(sql, "tsql")
    assert (found.reads, found.writes, found.errors) == ({"a": 3, "b": 4}, {"t": 2, "u": 4}, [])


def test_the_time_budget_holds_inside_one_unterminated_t_sql_batch(monkeypatch):
    from projects.lineage import SqlTooComplex, script

    clock = iter(range(0, 1000, 1))  # each look at the clock is a second later
    monkeypatch.setattr(script.time, "monotonic", lambda: next(clock))
    batch = "\n".join(f"insert into t{i} select * from a{i}" for i in range(5)) + "\nselect (("
    with pytest.raises(SqlTooComplex):
        extract_with_lines(batch, "tsql")
