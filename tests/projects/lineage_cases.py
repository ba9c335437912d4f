"""The lineage case table: (area, dialect, sql, reads, writes) across ten dialects.

Expected values follow the convention of the established table-lineage tools (sqllineage):
- reads are the tables whose data the script reads and did not produce itself; writes are the
  tables whose data it leaves behind;
- a statement that moves no data between tables yields nothing: DROP, TRUNCATE, DELETE, ALTER
  (but EXCHANGE PARTITION), RENAME, ANALYZE, CACHE/UNCACHE/REFRESH TABLE, function DDL,
  DESCRIBE, SHOW, SET, USE, GRANT; a plain CREATE TABLE still writes its table;
- across statements a table is followed: one the script writes and then copies into another
  (an intermediate), or drops, or renames away, or creates TEMPORARY, is not a write, and
  reading it is not a read; renaming or swapping a written table moves the write to the new name;
- a stored procedure's body counts statement by statement; its own name is no table;
- names are lower-cased and kept as qualified as written.
Where the tools disagree, the choice that serves scheduling wins: a table read by a statement
that writes nothing (a SELECT, a DELETE's condition) is still a read, and a temporary table is
never a write.
"""

from typing import NamedTuple


class Case(NamedTuple):
    area: str
    dialect: str
    sql: str
    reads: frozenset
    writes: frozenset


DIALECTS = (
    "ansi",
    "postgres",
    "mysql",
    "hive",
    "spark",
    "tsql",
    "bigquery",
    "oracle",
    "vertica",
    "snowflake",
)

_ALL = " ".join(DIALECTS)

# (area, dialects the SQL is written for, sql, reads, writes): reads and writes space-separated.
_SHARED = [
    ("select", _ALL, "select * from a", "a", ""),
    ("select", _ALL, "SELECT x FROM Sales.Orders WHERE y > 1", "sales.orders", ""),
    (
        "join",
        _ALL,
        "select * from a join b on a.id = b.id left join c on c.id = a.id",
        "a b c",
        "",
    ),
    ("join", _ALL, "select * from a, b where a.x = b.x", "a b", ""),
    (
        "subquery",
        _ALL,
        "select * from (select * from a) t where t.x in (select x from b)",
        "a b",
        "",
    ),
    (
        "subquery",
        _ALL,
        "select * from a where exists (select 1 from b where b.id = a.id)",
        "a b",
        "",
    ),
    ("subquery", _ALL, "select (select max(x) from b) as m from a", "a b", ""),
    ("union", _ALL, "select x from a union all select x from b union select x from c", "a b c", ""),
    (
        "cte",
        _ALL,
        "with c as (select * from a), d as (select * from c join b on c.id = b.id) select * from d",
        "a b",
        "",
    ),
    (
        "window",
        _ALL,
        "select k, row_number() over (partition by k order by t) as rn from ods.events",
        "ods.events",
        "",
    ),
    ("insert", _ALL, "insert into t select * from a", "a", "t"),
    ("insert", _ALL, "insert into t (x, y) select x, y from a where y > 0", "a", "t"),
    ("insert", _ALL, "insert into t (x) values (1)", "", "t"),
    (
        "insert",
        _ALL,
        "insert into dw.t select * from ods.a join ods.b on a.id = b.id",
        "ods.a ods.b",
        "dw.t",
    ),
    (
        "insert",
        _ALL,
        "insert into t select x from a union all select x from b",
        "a b",
        "t",
    ),
    ("insert", _ALL, "insert into t select * from t", "t", "t"),
    (
        "insert",
        _ALL,
        "insert into t select * from (select id from a) s where s.id not in (select id from b)",
        "a b",
        "t",
    ),
    ("view", _ALL, "create view v as select * from a join b on a.id = b.id", "a b", "v"),
    ("update", _ALL, "update t set x = 1 where id = 2", "", "t"),
    ("update", _ALL, "update t set x = (select max(x) from s)", "s", "t"),
    ("no data", _ALL, "delete from t where id = 1", "", ""),
    ("no data", _ALL, "delete from t where id in (select id from d)", "d", ""),
    ("no data", _ALL, "truncate table t", "", ""),
    ("no data", _ALL, "drop table t", "", ""),
    ("no data", _ALL, "drop view v", "", ""),
    ("create", _ALL, "create table t (id int, name varchar(10))", "", "t"),
    ("intermediate", _ALL, "create table t (id int); drop table t", "", ""),
    (
        "intermediate",
        _ALL,
        "insert into s select * from a; insert into t select * from s",
        "a",
        "t",
    ),
    (
        "intermediate",
        _ALL,
        "create view v as select * from a; insert into t select * from v",
        "a",
        "t",
    ),
    (
        "intermediate",
        _ALL,
        "insert into t select * from a; select count(*) from t",
        "a",
        "t",
    ),
    ("script", _ALL, "select * from a; select * from b", "a b", ""),
    (
        "script",
        _ALL,
        "delete from mart.daily where day = '2024-01-01';\n"
        "insert into mart.daily select day, sum(v) from staging.sales group by day",
        "staging.sales",
        "mart.daily",
    ),
    ("comments", _ALL, "-- reads b\nselect * from a /* join c */", "a", ""),
    ("comments", _ALL, "select 'from b' as x from a", "a", ""),
    (
        "parameters",
        _ALL,
        "insert into dw.t select * from ods.a where dt = '${bizdate}' and hr = '$[hh24]'",
        "ods.a",
        "dw.t",
    ),
    ("parameters", _ALL, "select * from ods.log_${bizdate}", "ods.log_${bizdate}", ""),
]

# CTAS, rename and MERGE where the dialect has them.
_CTAS = "ansi postgres mysql hive spark bigquery oracle vertica snowflake"
_RENAME = "ansi postgres mysql hive spark bigquery oracle vertica snowflake"
_MERGE = "ansi postgres tsql bigquery oracle vertica snowflake spark"
_SHARED += [
    ("ctas", _CTAS, "create table t as select * from a", "a", "t"),
    (
        "ctas",
        _CTAS,
        "create table dw.t as select a.x, b.y from ods.a a join ods.b b on a.id = b.id",
        "ods.a ods.b",
        "dw.t",
    ),
    (
        "intermediate",
        _CTAS,
        "create table s as select * from a; insert into t select * from s; drop table s",
        "a",
        "t",
    ),
    (
        "intermediate",
        _CTAS,
        "create table s as select * from a; create table t as select * from s",
        "a",
        "t",
    ),
    (
        "intermediate",
        _CTAS,
        "drop table if exists s; create table s as select * from a;\n"
        "insert into t select * from s; drop table if exists s",
        "a",
        "t",
    ),
    (
        "intermediate",
        _CTAS,
        "create table s as select * from a; insert into t select * from s; drop table s;\n"
        "create table s as select * from b; insert into u select * from s; drop table s",
        "a b",
        "t u",
    ),
    (
        "intermediate",
        _CTAS,
        "drop table if exists t; create table t as select * from a",
        "a",
        "t",
    ),
    ("no data", _RENAME, "alter table a rename to b", "", ""),
    (
        "rename",
        _RENAME,
        "insert into t select * from a; alter table t rename to u",
        "a",
        "u",
    ),
    (
        "rename",
        "ansi postgres mysql hive spark oracle vertica snowflake",
        "create table t_new as select * from a; drop table if exists t; alter table t_new rename to t",
        "a",
        "t",
    ),
    (
        "merge",
        _MERGE,
        "merge into t using s on t.id = s.id when matched then update set x = s.x "
        "when not matched then insert (id, x) values (s.id, s.x)",
        "s",
        "t",
    ),
    (
        "merge",
        _MERGE,
        "merge into dw.t as tgt using (select * from ods.s where dt = '${bizdate}') src "
        "on tgt.id = src.id when matched then update set v = src.v",
        "ods.s",
        "dw.t",
    ),
]

_SHARED += [
    (
        "case",
        _CTAS,
        "CREATE TABLE Stage AS SELECT * FROM Src.A; INSERT INTO B SELECT * FROM STAGE",
        "src.a",
        "b",
    ),
    ("case", _ALL, "SELECT * FROM Ods.Orders o JOIN ods.ORDERS p ON o.id = p.id", "ods.orders", ""),
]

# (area, dialect, sql, reads, writes) written for one dialect.
_SPECIFIC = [
    # --- found while building: each once got wrong ---------------------------------------
    (
        "script",
        "tsql",
        "insert into t select * from a\nGO\ninsert into u select * from t\nGO",
        "a",
        "u",
    ),
    (
        "temporary",
        "tsql",
        "create table #s (x int)\ninsert into #s select x from a\ninsert into b select x from #s",
        "a",
        "b",
    ),
    ("temporary", "tsql", "SELECT * INTO #Tmp FROM A; INSERT INTO B SELECT * FROM #tmp", "a", "b"),
    ("temporary", "tsql", "select * into ##g from a; insert into b select * from ##g", "a", "b"),
    ("hints", "tsql", "select * from dbo.a (nolock)", "dbo.a", ""),
    (
        "procedure",
        "postgres",
        "create procedure p() language plpgsql as $$ declare n int; begin "
        "select count(*) into n from a; insert into b values (n); end $$",
        "a",
        "b",
    ),
    (
        "function ddl",
        "postgres",
        "create function f() returns void language plpgsql as $$ begin "
        "insert into b select * from a; end $$",
        "",
        "",
    ),
    (
        "procedure",
        "oracle",
        "create or replace procedure p as n number;\nbegin\n  select count(*) into n from a;\n"
        "  insert into b values (n);\nend;",
        "a",
        "b",
    ),
    ("ctas", "spark", "replace table t using delta as select * from a", "a", "t"),
    ("insert overwrite", "spark", "insert overwrite t select * from a", "a", "t"),
    (
        "swap",
        "snowflake",
        "create table t_new as select * from a; alter table t swap with t_new",
        "a",
        "t",
    ),
    (
        "exchange",
        "hive",
        "create table s as select * from a;\nalter table t exchange partition (dt='1') with table s;\n"
        "drop table s",
        "a",
        "t",
    ),
    (
        "swap",
        "vertica",
        "create table s as select * from a;\n"
        "select swap_partitions_between_tables('s', '1', '2', 't');\ndrop table s",
        "a",
        "t",
    ),
    (
        "rename",
        "mysql",
        "create table t_new as select * from a; rename table t to t_old, t_new to t",
        "a",
        "t",
    ),
    ("ctas", "mysql", "create table t select * from a", "a", "t"),
    ("insert", "bigquery", "insert ds.t (x) select x from ds.a", "ds.a", "ds.t"),
    (
        "script",
        "bigquery",
        "declare x int64 default 1; set x = 2; insert into ds.t select x from ds.a",
        "ds.a",
        "ds.t",
    ),
    ("insert", "postgres", "insert into t default values", "", "t"),
    ("insert", "mysql", "insert t select * from s", "s", "t"),
    ("insert", "tsql", "insert t select * from s", "s", "t"),
    ("insert", "bigquery", "insert ds.t select * from ds.s", "ds.s", "ds.t"),
    ("hints", "tsql", "select * from db1.dbo.orders(nolock)", "db1.dbo.orders", ""),
    (
        "table function",
        "postgres",
        "select m.name from makers m left join lateral product_names(m.id) p on true",
        "makers",
        "",
    ),
    (
        "lateral view",
        "hive",
        "insert overwrite table t select s.id, q.k1 from src s "
        "lateral view json_tuple(s.js, 'k1', 'k2') q as k1, k2",
        "src",
        "t",
    ),
    (
        "lateral view",
        "spark",
        "insert overwrite table t select s.id, q.c from src s "
        "lateral view outer explode(s.arr) q as c",
        "src",
        "t",
    ),
    ("insert", "hive", "insert overwrite table t values ('a', 1), ('b', 2)", "", "t"),
    ("insert", "spark", "insert into table t values (1, 2)", "", "t"),
    (
        "insert overwrite",
        "hive",
        "insert overwrite table t select b.x from b join t on t.id = b.id",
        "b t",
        "t",
    ),
    (
        "insert overwrite",
        "spark",
        "insert overwrite table t select b.x from b join t on t.id = b.id",
        "b t",
        "t",
    ),
    ("quoting", "hive", "select * from `tab1`", "tab1", ""),
    ("quoting", "spark", "select c from `Sch`.`Tab`", "sch.tab", ""),
    ("quoting", "bigquery", "select * from `tab1`", "tab1", ""),
    ("quoting", "snowflake", 'select * from "Db"."Sch"."Tab"', "db.sch.tab", ""),
    ("quoting", "oracle", 'select * from "HR"."EMP"', "hr.emp", ""),
    (
        "values",
        "postgres",
        "select n, a from (values (array[2, 5])) as x (numbers) "
        "cross join unnest(numbers) with ordinality as u (n, a)",
        "",
        "",
    ),
    (
        "table function",
        "snowflake",
        "select seq4(), uniform(1, 10, random(12)) from table(generator(rowcount => 5)) v order by 1",
        "",
        "",
    ),
    (
        "table function",
        "oracle",
        "select * from a, lateral (select * from b where b.id = a.id) x",
        "a b",
        "",
    ),
    ("create", "hive", "create table if not exists t like a", "a", "t"),
    (
        "merge",
        "oracle",
        "merge /*+ append */ into t using s on (t.id = s.id) when matched then update set t.x = s.x",
        "s",
        "t",
    ),
    # --- PostgreSQL ---------------------------------------------------------------------
    ("quoting", "postgres", 'select * from "Sch"."Tab"', "sch.tab", ""),
    ("insert", "postgres", "insert into t select * from a on conflict (id) do nothing", "a", "t"),
    ("returning", "postgres", "insert into t select * from a returning id", "a", "t"),
    ("returning", "postgres", "update t set x = 1 returning *", "", "t"),
    (
        "returning",
        "postgres",
        "with ins as (insert into t select * from a returning *) insert into log select * from ins",
        "a",
        "t log",
    ),
    ("update alias", "postgres", "update t set x = s.x from s where t.id = s.id", "s", "t"),
    (
        "update alias",
        "postgres",
        "update target tg set x = s.x from source s where tg.id = s.id",
        "source",
        "target",
    ),
    ("no data", "postgres", "delete from t using d where t.id = d.id", "d", ""),
    ("no data", "postgres", "analyze t", "", ""),
    ("no data", "postgres", "analyze verbose t (x, y)", "", ""),
    ("no data", "postgres", "vacuum full t", "", ""),
    ("no data", "postgres", "create index i on t (x)", "", ""),
    ("no data", "postgres", "comment on table t is 'x'", "", ""),
    ("no data", "postgres", "grant select on t to reader", "", ""),
    ("no data", "postgres", "alter table t add column c int", "", ""),
    ("no data", "postgres", "drop table if exists a, b", "", ""),
    (
        "function ddl",
        "postgres",
        "create function f() returns bigint as $$ select count(*) from a $$ language sql",
        "",
        "",
    ),
    ("function ddl", "postgres", "drop function if exists f(int)", "", ""),
    (
        "procedure",
        "postgres",
        "create procedure p() language sql as $$ insert into b select * from a $$",
        "a",
        "b",
    ),
    (
        "procedure",
        "postgres",
        "create or replace procedure etl.load() language plpgsql as $$\nbegin\n"
        "  insert into dw.b select * from ods.a;\n  delete from ods.a;\nend\n$$",
        "ods.a",
        "dw.b",
    ),
    ("no data", "postgres", "call etl.load()", "", ""),
    ("copy", "postgres", "copy t from '/tmp/x.csv' with (format csv)", "", "t"),
    ("copy", "postgres", "copy (select * from a) to '/tmp/x.csv'", "a", ""),
    ("copy", "postgres", "copy a to stdout", "a", ""),
    ("select into", "postgres", "select * into t from a", "a", "t"),
    ("select into", "postgres", "select x into t from a union select x from b", "a b", "t"),
    (
        "temporary",
        "postgres",
        "create temp table tmp as select * from a; insert into b select * from tmp; drop table tmp",
        "a",
        "b",
    ),
    (
        "temporary",
        "postgres",
        "create temporary table tmp (x int); insert into tmp select x from a;\n"
        "insert into b select x from tmp",
        "a",
        "b",
    ),
    ("temporary", "postgres", "create temp table tmp as select * from a", "a", ""),
    ("table function", "postgres", "select * from generate_series(1, 10)", "", ""),
    ("table function", "postgres", "select * from a, unnest(a.items) as i", "a", ""),
    (
        "lateral",
        "postgres",
        "select x.* from a, lateral (select * from b where b.id = a.id) x",
        "a b",
        "",
    ),
    ("values", "postgres", "select * from (values (1), (2)) v(x)", "", ""),
    ("view", "postgres", "create materialized view mv as select * from a", "a", "mv"),
    ("no data", "postgres", "refresh materialized view mv", "", ""),
    ("ctas", "postgres", "create unlogged table t as select * from a", "a", "t"),
    (
        "cte",
        "postgres",
        "with recursive r as (select 1 n union all select n + 1 from r where n < 5) select * from r",
        "",
        "",
    ),
    ("cte", "postgres", "with t as (select * from t) select * from t", "t", ""),
    (
        "transaction",
        "postgres",
        "begin; insert into t select * from a; commit;",
        "a",
        "t",
    ),
    ("explain", "postgres", "explain select * from a", "a", ""),
    # --- MySQL --------------------------------------------------------------------------
    ("quoting", "mysql", "select * from `Db`.`Tbl`", "db.tbl", ""),
    (
        "insert",
        "mysql",
        "insert into t select * from a on duplicate key update x = values(x)",
        "a",
        "t",
    ),
    ("insert", "mysql", "insert ignore into t select * from a", "a", "t"),
    ("insert", "mysql", "replace into t select * from a", "a", "t"),
    ("create", "mysql", "create table t like a", "a", "t"),
    ("update alias", "mysql", "update t join s on t.id = s.id set t.x = s.x", "s", "t"),
    (
        "update alias",
        "mysql",
        "update target tg inner join source s on tg.id = s.id set tg.x = s.x",
        "source",
        "target",
    ),
    ("no data", "mysql", "delete t from t join s on t.id = s.id", "s", ""),
    ("no data", "mysql", "rename table a to b", "", ""),
    ("rename", "mysql", "insert into t select * from a; rename table t to u", "a", "u"),
    ("no data", "mysql", "analyze table t", "", ""),
    ("no data", "mysql", "optimize table t", "", ""),
    ("no data", "mysql", "describe t", "", ""),
    ("no data", "mysql", "show create table t", "", ""),
    ("no data", "mysql", "alter table t add index i (x)", "", ""),
    ("no data", "mysql", "select 1 from dual", "", ""),
    (
        "temporary",
        "mysql",
        "create temporary table tmp as select * from a; insert into b select * from tmp;\n"
        "drop temporary table tmp",
        "a",
        "b",
    ),
    ("copy", "mysql", "load data infile '/tmp/x.csv' into table t", "", "t"),
    ("select", "mysql", "select * from a into outfile '/tmp/x.csv'", "a", ""),
    ("comments", "mysql", "# header\nselect * from a", "a", ""),
    ("no data", "mysql", "use dw; select 1", "", ""),
    # --- Hive ---------------------------------------------------------------------------
    (
        "insert overwrite",
        "hive",
        "insert overwrite table dw.t partition (dt='${bizdate}') select * from ods.a "
        "where dt='${bizdate}'",
        "ods.a",
        "dw.t",
    ),
    (
        "insert overwrite",
        "hive",
        "insert into table t partition (dt) select *, dt from a",
        "a",
        "t",
    ),
    (
        "multi-insert",
        "hive",
        "from a insert overwrite table b select x insert overwrite table c select y",
        "a",
        "b c",
    ),
    (
        "multi-insert",
        "hive",
        "from ods.a s\ninsert overwrite table dw.b partition (dt='1') select s.x where s.k = 1\n"
        "insert into table dw.c select s.y where s.k = 2",
        "ods.a",
        "dw.b dw.c",
    ),
    (
        "cte",
        "hive",
        "with c as (select * from a) insert overwrite table t select * from c",
        "a",
        "t",
    ),
    ("cte", "hive", "insert into t with c as (select * from a) select * from c", "a", "t"),
    ("lateral view", "hive", "select * from a lateral view explode(a.items) t as item", "a", ""),
    (
        "lateral view",
        "hive",
        "insert overwrite table t select i from a lateral view outer explode(items) e as i",
        "a",
        "t",
    ),
    ("ctas", "hive", "create table dw.t stored as orc as select * from ods.a", "ods.a", "dw.t"),
    ("create", "hive", "create table t like a", "a", "t"),
    (
        "create",
        "hive",
        "create external table if not exists dw.t (id bigint) partitioned by (dt string) "
        "stored as orc location '/warehouse/t'",
        "",
        "dw.t",
    ),
    (
        "copy",
        "hive",
        "load data inpath '/tmp/x' overwrite into table t partition (dt='1')",
        "",
        "t",
    ),
    (
        "exchange",
        "hive",
        "alter table t exchange partition (dt='2024-01-01') with table s",
        "s",
        "t",
    ),
    ("no data", "hive", "alter table t add if not exists partition (dt='1')", "", ""),
    ("no data", "hive", "alter table t drop if exists partition (dt='1')", "", ""),
    ("no data", "hive", "analyze table t partition (dt='1') compute statistics", "", ""),
    ("no data", "hive", "msck repair table t", "", ""),
    ("no data", "hive", "describe formatted t", "", ""),
    ("no data", "hive", "show partitions t", "", ""),
    ("function ddl", "hive", "create temporary function f as 'com.acme.F'", "", ""),
    ("function ddl", "hive", "drop temporary function if exists f", "", ""),
    ("no data", "hive", "add jar /tmp/udf.jar", "", ""),
    (
        "script",
        "hive",
        "set hive.exec.dynamic.partition=true; use dw; insert overwrite table t select * from a",
        "a",
        "t",
    ),
    (
        "temporary",
        "hive",
        "create temporary table tmp as select * from a; insert overwrite table b select * from tmp",
        "a",
        "b",
    ),
    ("tablesample", "hive", "select * from a tablesample (10 percent)", "a", ""),
    ("join", "hive", "select * from a left semi join b on a.id = b.id", "a b", ""),
    # --- Spark --------------------------------------------------------------------------
    (
        "insert overwrite",
        "spark",
        "insert overwrite table t partition (dt='1') select * from a",
        "a",
        "t",
    ),
    ("insert", "spark", "insert into t table a", "a", "t"),
    ("ctas", "spark", "create table t using parquet as select * from a", "a", "t"),
    ("ctas", "spark", "create table t partitioned by (ds) as select * from a", "a", "t"),
    ("create", "spark", "create table t (x int) using delta location '/x'", "", "t"),
    ("no data", "spark", "cache table t", "", ""),
    ("no data", "spark", "cache lazy table t", "", ""),
    ("no data", "spark", "uncache table if exists t", "", ""),
    ("no data", "spark", "refresh table t", "", ""),
    ("no data", "spark", "clear cache", "", ""),
    ("temporary", "spark", "cache table c as select * from a", "a", ""),
    (
        "temporary",
        "spark",
        "cache table c as select * from a; insert into b select * from c; uncache table c",
        "a",
        "b",
    ),
    (
        "temporary",
        "spark",
        "create or replace temporary view v as select * from a;\n"
        "insert overwrite table b select * from v",
        "a",
        "b",
    ),
    (
        "temporary",
        "spark",
        "create temporary view tv as select * from a; insert into b select * from tv",
        "a",
        "b",
    ),
    ("no data", "spark", "analyze table t compute statistics for columns x", "", ""),
    ("no data", "spark", "describe extended t", "", ""),
    ("no data", "spark", "desc table t", "", ""),
    ("no data", "spark", "show tables in dw", "", ""),
    ("no data", "spark", "msck repair table t", "", ""),
    (
        "function ddl",
        "spark",
        "create or replace function f as 'com.acme.F' using jar '/tmp/f.jar'",
        "",
        "",
    ),
    ("function ddl", "spark", "drop function f", "", ""),
    ("no data", "spark", "set spark.sql.shuffle.partitions=10", "", ""),
    ("select", "spark", "insert overwrite directory '/tmp/out' select * from a", "a", ""),
    ("table function", "spark", "select * from range(10)", "", ""),
    ("lateral view", "spark", "select * from a lateral view explode(a.items) t as item", "a", ""),
    ("join", "spark", "select * from a anti join b on a.id = b.id", "a b", ""),
    # --- T-SQL --------------------------------------------------------------------------
    ("quoting", "tsql", "select * from [dbo].[Orders]", "dbo.orders", ""),
    ("select into", "tsql", "select * into new_t from old_t", "old_t", "new_t"),
    ("select into", "tsql", "select x into t from a union select x from b", "a b", "t"),
    (
        "select into",
        "tsql",
        "select x into t from a union all select x from b except select x from c",
        "a b c",
        "t",
    ),
    (
        "select into",
        "tsql",
        "select x into #t from a union all select x from b; insert into c select x from #t",
        "a b",
        "c",
    ),
    (
        "temporary",
        "tsql",
        "select a.* into #tmp from a; insert into t select * from #tmp; drop table #tmp",
        "a",
        "t",
    ),
    (
        "temporary",
        "tsql",
        "create table #t (x int); insert into #t select x from a; select * from #t",
        "a",
        "",
    ),
    (
        "temporary",
        "tsql",
        "declare @t table (x int); insert into @t select x from a; insert into b select x from @t",
        "a",
        "b",
    ),
    ("hints", "tsql", "select top 10 * from dbo.orders with (nolock)", "dbo.orders", ""),
    (
        "hints",
        "tsql",
        "select * from a with (nolock) join b with (nolock) on a.id = b.id",
        "a b",
        "",
    ),
    ("hints", "tsql", "insert into t with (tablock) select * from a", "a", "t"),
    ("hints", "tsql", "update t with (rowlock) set x = 1", "", "t"),
    (
        "hints",
        "tsql",
        "merge t with (holdlock) as tgt using s as src on tgt.id = src.id "
        "when matched then update set tgt.x = src.x;",
        "s",
        "t",
    ),
    (
        "update alias",
        "tsql",
        "update t set t.x = s.x from dbo.target t join dbo.source s on t.id = s.id",
        "dbo.source",
        "dbo.target",
    ),
    (
        "update alias",
        "tsql",
        "update tg set x = 1 from dbo.target as tg inner join dbo.flags as f on f.id = tg.id "
        "where f.on = 1",
        "dbo.flags",
        "dbo.target",
    ),
    ("update alias", "tsql", "update t set x = s.x from t join s on t.id = s.id", "s", "t"),
    (
        "procedure",
        "tsql",
        "create procedure p as begin insert into b select * from a; end",
        "a",
        "b",
    ),
    (
        "procedure",
        "tsql",
        "create procedure dbo.load_b @d date as\nbegin\n  set nocount on;\n"
        "  delete from dbo.b where d = @d;\n  insert into dbo.b select * from dbo.a where d = @d;\nend",
        "dbo.a",
        "dbo.b",
    ),
    (
        "procedure",
        "tsql",
        "create procedure p as begin select x into #s from a; insert into b select x from #s; end",
        "a",
        "b",
    ),
    ("no data", "tsql", "exec dbo.load_b '2024-01-01'", "", ""),
    ("no data", "tsql", "exec sp_rename 'a', 'b'", "", ""),
    ("no data", "tsql", "update statistics dbo.t", "", ""),
    ("no data", "tsql", "drop table if exists #t", "", ""),
    ("table function", "tsql", "select * from string_split('a,b', ',')", "", ""),
    ("table function", "tsql", "select * from a cross apply openjson(a.j) j", "a", ""),
    (
        "cte",
        "tsql",
        "with c as (select * from a) insert into t select * from c",
        "a",
        "t",
    ),
    ("output", "tsql", "insert into t output inserted.id select * from a", "a", "t"),
    # --- BigQuery -----------------------------------------------------------------------
    ("quoting", "bigquery", "select * from `proj.ds.tbl`", "proj.ds.tbl", ""),
    ("quoting", "bigquery", "select * from `proj`.ds.Tbl", "proj.ds.tbl", ""),
    (
        "wildcard",
        "bigquery",
        "select * from ds.events_* where _table_suffix > '1'",
        "ds.events_*",
        "",
    ),
    ("table function", "bigquery", "select * from unnest([1, 2]) as x", "", ""),
    ("table function", "bigquery", "select * from ds.a, unnest(a.items) as i", "ds.a", ""),
    (
        "ctas",
        "bigquery",
        "create or replace table ds.t partition by dt as select * from ds.a",
        "ds.a",
        "ds.t",
    ),
    (
        "merge",
        "bigquery",
        "merge ds.t t using ds.s s on t.id = s.id when not matched then insert row",
        "ds.s",
        "ds.t",
    ),
    (
        "update alias",
        "bigquery",
        "update ds.t t set x = s.x from ds.s s where t.id = s.id",
        "ds.s",
        "ds.t",
    ),
    (
        "temporary",
        "bigquery",
        "create temp table tmp as select * from ds.a; insert into ds.b select * from tmp",
        "ds.a",
        "ds.b",
    ),
    (
        "procedure",
        "bigquery",
        "create procedure ds.p()\nbegin\n  insert into ds.b select * from ds.a;\nend",
        "ds.a",
        "ds.b",
    ),
    ("no data", "bigquery", "call ds.p()", "", ""),
    (
        "function ddl",
        "bigquery",
        "create temp function f(x int64) as (x + 1)",
        "",
        "",
    ),
    ("no data", "bigquery", "drop table if exists ds.t", "", ""),
    ("no data", "bigquery", "truncate table ds.t", "", ""),
    (
        "cte",
        "bigquery",
        "with c as (select * from ds.a) select * from c join ds.b using (id)",
        "ds.a ds.b",
        "",
    ),
    # --- Oracle -------------------------------------------------------------------------
    ("no data", "oracle", "select sysdate from dual", "", ""),
    ("insert", "oracle", "insert /*+ append */ into t select * from a", "a", "t"),
    (
        "insert",
        "oracle",
        "insert all into a (x) values (x) into b (x) values (x) select x from s",
        "s",
        "a b",
    ),
    (
        "merge",
        "oracle",
        "merge into t using (select * from s) src on (t.id = src.id) "
        "when matched then update set t.x = src.x",
        "s",
        "t",
    ),
    (
        "exchange",
        "oracle",
        "alter table t exchange partition p2024 with table s",
        "s",
        "t",
    ),
    ("no data", "oracle", "analyze table t compute statistics", "", ""),
    ("no data", "oracle", "comment on table t is 'x'", "", ""),
    ("no data", "oracle", "truncate table t drop storage", "", ""),
    (
        "procedure",
        "oracle",
        "create or replace procedure p as\nbegin\n  insert into b select * from a;\n  commit;\nend;",
        "a",
        "b",
    ),
    (
        "procedure",
        "oracle",
        "create procedure load_t is\nbegin\n  delete from t;\n"
        "  insert into t select * from s;\nend;",
        "s",
        "t",
    ),
    (
        "function ddl",
        "oracle",
        "create or replace function f return number is n number; "
        "begin select count(*) into n from a; return n; end;",
        "",
        "",
    ),
    (
        "temporary",
        "oracle",
        "create global temporary table tmp (x number) on commit preserve rows;\n"
        "insert into tmp select x from a; insert into b select x from tmp",
        "a",
        "b",
    ),
    ("no data", "oracle", "drop table t purge", "", ""),
    ("table function", "oracle", "select * from table(f(1))", "", ""),
    # --- Vertica ------------------------------------------------------------------------
    (
        "swap",
        "vertica",
        "select swap_partitions_between_tables('staging', '2024-01-01', '2024-01-31', 'target')",
        "staging",
        "target",
    ),
    (
        "swap",
        "vertica",
        "select move_partitions_to_table('dw.src', '1', '2', 'dw.tgt')",
        "dw.src",
        "dw.tgt",
    ),
    ("swap", "vertica", "select copy_partitions_to_table('src', '1', '2', 'tgt')", "src", "tgt"),
    ("swap", "vertica", "select copy_table('src', 'tgt')", "src", "tgt"),
    ("no data", "vertica", "select analyze_statistics('dw.t')", "", ""),
    ("no data", "vertica", "select purge_table('dw.t')", "", ""),
    ("copy", "vertica", "copy dw.t from '/data/x.csv' delimiter ','", "", "dw.t"),
    ("insert", "vertica", "insert /*+ direct */ into t select * from a", "a", "t"),
    (
        "temporary",
        "vertica",
        "create local temporary table tmp on commit preserve rows as select * from a;\n"
        "insert into b select * from tmp",
        "a",
        "b",
    ),
    ("no data", "vertica", "alter table dw.a rename to b", "", ""),
    # --- Snowflake ----------------------------------------------------------------------
    ("insert", "snowflake", "insert overwrite into t select * from a", "a", "t"),
    (
        "insert",
        "snowflake",
        "insert all into a values (x) into b values (x) select x from s",
        "s",
        "a b",
    ),
    ("create", "snowflake", "create or replace table t clone a", "a", "t"),
    ("copy", "snowflake", "copy into t from @stage/path file_format = (type = csv)", "", "t"),
    ("copy", "snowflake", "copy into @stage/out from (select * from a)", "a", ""),
    ("no data", "snowflake", "alter table a swap with b", "", ""),
    (
        "swap",
        "snowflake",
        "create table t_new as select * from a; alter table t_new swap with t; drop table t_new",
        "a",
        "t",
    ),
    (
        "update alias",
        "snowflake",
        "update target tg set x = s.x from source s where tg.id = s.id",
        "source",
        "target",
    ),
    (
        "temporary",
        "snowflake",
        "create temporary table tmp as select * from a; insert into b select * from tmp",
        "a",
        "b",
    ),
    ("create", "snowflake", "create transient table t as select * from a", "a", "t"),
    (
        "table function",
        "snowflake",
        "select * from a, lateral flatten(input => a.v) f",
        "a",
        "",
    ),
    ("table function", "snowflake", "select * from table(generator(rowcount => 10))", "", ""),
    (
        "procedure",
        "snowflake",
        "create or replace procedure p() returns string language sql as\n$$\nbegin\n"
        "  insert into b select * from a;\n  return 'ok';\nend;\n$$",
        "a",
        "b",
    ),
    (
        "function ddl",
        "snowflake",
        "create function f() returns number as 'select count(*) from a'",
        "",
        "",
    ),
    ("no data", "snowflake", "describe table t", "", ""),
    ("no data", "snowflake", "show tables like 'a%'", "", ""),
    ("no data", "snowflake", "undrop table t", "", ""),
    (
        "select",
        "snowflake",
        "select * from a qualify row_number() over (partition by k order by t desc) = 1",
        "a",
        "",
    ),
    ("select", "snowflake", "select * from a pivot (sum(v) for k in ('x', 'y'))", "a", ""),
    # --- ANSI ---------------------------------------------------------------------------
    ("select", "ansi", "select * from cat.sch.tbl", "cat.sch.tbl", ""),
    ("select", "ansi", "select 1", "", ""),
    (
        "cte",
        "ansi",
        "with a as (select 1 x) select * from a join real_a on true",
        "real_a",
        "",
    ),
    ("cte", "ansi", "with a as (select * from src.a) select * from a", "src.a", ""),
    ("no data", "ansi", "alter table t add column c int", "", ""),
    ("no data", "ansi", "grant select on t to reader", "", ""),
]


def _expand() -> list[Case]:
    cases = []
    for area, dialects, sql, reads, writes in _SHARED:
        for dialect in dialects.split():
            cases.append(
                Case(area, dialect, sql, frozenset(reads.split()), frozenset(writes.split()))
            )
    for area, dialect, sql, reads, writes in _SPECIFIC:
        cases.append(Case(area, dialect, sql, frozenset(reads.split()), frozenset(writes.split())))
    return cases


CASES = _expand()
