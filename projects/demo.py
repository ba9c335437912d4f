"""The demo project `make run` creates: a DuckDB warehouse and a small deployed pipeline."""

from django.db import transaction

from projects import services
from projects.drivers import connect
from projects.models import Node, Project

DEMO_PROJECT = "demo"
SEED_SQL = """
CREATE TABLE IF NOT EXISTS ods_orders AS
SELECT i AS order_id,
       1 + i % 17 AS customer_id,
       DATE '2024-01-01' + CAST(i % 30 AS INTEGER) AS order_date,
       ROUND(10 + (i * 7919 % 1000) / 10.0, 2) AS amount
FROM range(1, 101) t(i)
"""

PIPELINE = [
    ("start", "virtual", "", []),
    (
        "dwd_orders",
        "sql",
        (
            "-- clean orders of the business date\n"
            "CREATE TABLE IF NOT EXISTS dwd_orders (bizdate VARCHAR, order_id INTEGER, customer_id INTEGER,"
            " amount DOUBLE);\n"
            "DELETE FROM dwd_orders WHERE bizdate = '${bizdate}';\n"
            "INSERT INTO dwd_orders SELECT '${bizdate}', order_id, customer_id, amount FROM ods_orders"
            " WHERE amount > 0;"
        ),
        ["dwd_orders"],
    ),
    (
        "dws_customer_1d",
        "sql",
        (
            "CREATE TABLE IF NOT EXISTS dws_customer_1d (bizdate VARCHAR, customer_id INTEGER, orders BIGINT,"
            " amount DOUBLE);\n"
            "DELETE FROM dws_customer_1d WHERE bizdate = '${bizdate}';\n"
            "INSERT INTO dws_customer_1d SELECT bizdate, customer_id, count(*), sum(amount) FROM dwd_orders"
            " WHERE bizdate = '${bizdate}' GROUP BY bizdate, customer_id;"
        ),
        ["dws_customer_1d"],
    ),
    (
        "ads_top_customers",
        "sql",
        (
            "SELECT customer_id, amount FROM dws_customer_1d WHERE bizdate = '${bizdate}'"
            " ORDER BY amount DESC LIMIT 10;"
        ),
        [],
    ),
]


def create_demo(admin_user, stdout) -> Project | None:
    if Project.objects.for_user(admin_user).filter(name=DEMO_PROJECT).exists():
        return None
    with transaction.atomic():
        project = services.project_create(
            user=admin_user,
            name=DEMO_PROJECT,
            timezone="Asia/Shanghai",
            description="A small daily pipeline on the embedded DuckDB warehouse.",
        )
        warehouse = services.datasource_create(
            project=project,
            actor=admin_user,
            name="warehouse",
            kind="duckdb",
            config={"path": "warehouse.duckdb"},
            description="The embedded demo warehouse",
        )
        services.project_update(project=project, actor=admin_user, default_datasource=warehouse)
        workflow = services.workflow_create(project=project, actor=admin_user, name="demo_pipeline")
        nodes: list[Node] = []
        for name, kind, code, outputs in PIPELINE:
            nodes.append(
                services.node_create(
                    project=project,
                    actor=admin_user,
                    name=name,
                    type=kind,
                    workflow=workflow,
                    code=code,
                    datasource=warehouse if kind == "sql" else None,
                    cron="30 1 * * *",
                    output_tables=outputs,
                )
            )
        for upstream, downstream in zip(nodes, nodes[1:], strict=False):
            services.dependency_add(downstream=downstream, upstream=upstream, actor=admin_user)
        services.nodes_deploy(
            project=project,
            actor=admin_user,
            items=[(n, None) for n in nodes],
            message="demo pipeline",
        )
    with connect(warehouse) as conn:
        conn.execute(SEED_SQL)
    stdout.write(f"Created the demo project {DEMO_PROJECT!r} with a {len(nodes)}-node pipeline.")
    return project
