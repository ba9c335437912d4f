"""Spark SQL in the run's sandbox: pyspark starts the Spark driver (a JVM; in local mode the
executors too) as a child of the run, so it sees only what the run sees and ends with it.

The worker sends the session's settings ("spark": master, conf, java options, the folder of the
warehouse and metastore, the database) and either statements or an operation ("test",
"describe"). Reports go to the results fd as jobs.py describes; the exit code is the verdict.
"""

import os
import shutil
import time

LOG_CONFIG = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
# pyspark counts as a shell: Spark prints two lines about the shell's log level ("Setting
# default log level...") unless the logger of pyspark's gateway, the class that starts Spark's
# logging, has a level of its own equal to the root's.
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
"""


class SparkUnavailable(Exception):
    """Spark cannot start here (no Java); the message says what to install."""


class ClusterRefused(Exception):
    """A cluster's master did not take the application."""


def session(spec: dict):
    """A SparkSession with the data source's master and conf, its warehouse and metastore in
    the project's folder (local mode), Spark's own log kept to errors."""
    if not shutil.which("java"):
        raise SparkUnavailable(
            "Java is not installed on this worker: Spark needs a Java 17 runtime "
            "(Debian: openjdk-17-jre-headless)"
        )
    from pyspark.sql import SparkSession

    # The sandbox's host name resolves nowhere: name the address executors reach the driver at.
    host = spec.get("driver_host") or "127.0.0.1"
    os.environ["SPARK_LOCAL_IP"] = os.environ["SPARK_LOCAL_HOSTNAME"] = host
    work = os.getcwd()
    log_config = os.path.join(work, ".spark-log4j2.properties")
    with open(log_config, "w") as handle:
        handle.write(LOG_CONFIG)
    java_options = f"{spec.get('java_options', '')} -Dlog4j2.configurationFile=file:{log_config}"
    conf = dict(spec.get("conf") or {})
    conf["spark.driver.extraJavaOptions"] = java_options.strip()
    conf.setdefault("spark.local.dir", os.path.join(work, ".spark-local"))
    if spec["master"] == "yarn":
        os.environ["HADOOP_CONF_DIR"] = hadoop_conf_dir(conf, work)
    folder = spec.get("folder")
    builder = SparkSession.builder.master(spec["master"])
    if folder:
        os.makedirs(folder, exist_ok=True)
        metastore = os.path.join(folder, "metastore_db")
        conf["spark.sql.warehouse.dir"] = os.path.join(folder, "warehouse")
        conf["spark.hadoop.javax.jdo.option.ConnectionURL"] = (
            f"jdbc:derby:;databaseName={metastore};create=true"
        )
        conf["spark.driver.extraJavaOptions"] += f" -Dderby.system.home={folder}"
        builder = builder.enableHiveSupport()
    if spec.get("ca_cert"):
        # The Kubernetes API server's CA (public): Spark's client reads it from a file.
        ca_file = os.path.join(work, ".kubernetes-ca.crt")
        with open(ca_file, "w") as handle:
            handle.write(spec["ca_cert"])
        conf["spark.kubernetes.authenticate.caCertFile"] = ca_file
    secrets = {
        key: spec[name]
        for name, key in (
            ("authenticate_secret", "spark.authenticate.secret"),
            ("kubernetes_token", "spark.kubernetes.authenticate.oauthToken"),
        )
        if spec.get(name)
    }
    if secrets:
        # pyspark starts the JVM with its configuration on the command line, which any process
        # of the host may read: start it without the secrets, then give them to the
        # SparkContext through the gateway, in memory.
        from pyspark import SparkConf, SparkContext

        launch = SparkConf(loadDefaults=False).setMaster(spec["master"]).setAll(conf.items())
        SparkContext._ensure_initialized(conf=launch)
        conf.update(secrets)
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:
        if _refused(spec["master"]):
            raise ClusterRefused(_refused_message(spec["master"])) from exc
        raise
    if _refused(spec["master"]):
        spark.stop()
        raise ClusterRefused(_refused_message(spec["master"]))
    if spec.get("database"):
        spark.sql(f"USE {quote(spec['database'])}")
    return spark


def _refused(master: str) -> bool:
    """Whether a standalone master did not take the application: it names those it takes
    "app-..."; Spark gave up on it (three attempts, 20 s apart) and stops the context."""
    from pyspark import SparkContext

    context = SparkContext._active_spark_context
    if not master.startswith("spark://") or context is None:
        return False
    try:
        return not context.applicationId.startswith("app-")
    except Exception:
        return False


def _refused_message(master: str) -> str:
    return (
        f"the Spark master {master} did not take this application: it refused the driver's "
        "authentication (check the data source's authenticate_secret against the cluster's "
        "spark.authenticate.secret) or could not be reached (Spark's log above says which)"
    )


def hadoop_conf_dir(conf: dict, work: str) -> str:
    """A Hadoop client configuration folder in the run's own folder, from the data source's
    `spark.hadoop.*` settings: Spark on YARN will not start without one (HADOOP_CONF_DIR), and
    the worker's own, if any, is not the data source's to use."""
    from xml.sax.saxutils import escape

    folder = os.path.join(work, ".hadoop-conf")
    os.makedirs(folder, exist_ok=True)
    properties = "".join(
        f"  <property><name>{escape(key.removeprefix('spark.hadoop.'))}</name>"
        f"<value>{escape(str(value))}</value></property>\n"
        for key, value in sorted(conf.items())
        if key.startswith("spark.hadoop.")
    )
    for name in ("core-site.xml", "yarn-site.xml"):
        with open(os.path.join(folder, name), "w") as handle:
            handle.write(f'<?xml version="1.0"?>\n<configuration>\n{properties}</configuration>\n')
    return folder


def quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def run(job: dict, report) -> int:
    """Run a Spark job; 0 when all went well."""
    started = time.perf_counter()
    try:
        spark = session(job["spark"])
    except Exception as exc:
        message = _message(exc)
        if "KubernetesClientException" in message:
            message = (
                "the Kubernetes API server did not let the driver start its executors (check "
                "the data source's kubernetes_token: its service account must be allowed to "
                "create, watch and delete pods, services and config maps in the namespace): "
                + message
            )
        report(error=message)
        return 1
    if job.get("statements") is not None:
        report(log=f"Spark {spark.version} started in {time.perf_counter() - started:.1f} s")
    try:
        op = job.get("op")
        if op == "test":
            report(value=f"Spark {spark.version} ({spark.sparkContext.master})")
        elif op == "describe":
            report(tables=describe(spark))
        elif op == "measure":
            row = spark.sql(job["measure"]).first()
            report(value=None if row is None else row[0])
        else:
            run_statements(
                spark,
                job["statements"],
                keep_rows=job.get("keep_rows", False),
                max_rows=job.get("max_rows", 100),
                report=report,
            )
        return 0
    except Exception as exc:
        report(error=_message(exc))
        return 1
    finally:
        spark.stop()


def run_statements(spark, statements: list[dict], *, keep_rows: bool, max_rows: int, report):
    total = len(statements)
    for number, statement in enumerate(statements, 1):
        text = statement["sql"]
        report(log=f"[{number}/{total}] {' '.join(text.split())[:120]}")
        started = time.perf_counter()
        frame = spark.sql(text)  # commands (DDL, INSERT) run here
        columns = list(frame.columns)
        if statement.get("query") and columns:
            rows = frame.take(max_rows)
            elapsed = (time.perf_counter() - started) * 1000
            if keep_rows:
                kept = [[_plain(v) for v in row] for row in rows]
                report(rows={"statement": number, "columns": columns, "rows": kept})
            report(log=f"    {len(rows)} row(s) returned in {elapsed:.0f} ms")
        else:
            elapsed = (time.perf_counter() - started) * 1000
            report(log=f"    done in {elapsed:.0f} ms")


def describe(spark) -> list[dict]:
    """Every table and view of every database with its columns (Spark keeps no cheap row
    count outside of ANALYZE: none is given)."""
    found = []
    for database in spark.catalog.listDatabases():
        for table in spark.catalog.listTables(database.name):
            if table.isTemporary:
                continue
            try:
                columns = spark.catalog.listColumns(table.name, database.name)
            except Exception:  # a table whose files went missing still gets listed
                columns = []
            found.append(
                {
                    "schema": database.name,
                    "name": table.name,
                    "kind": "view" if "VIEW" in (table.tableType or "").upper() else "table",
                    "comment": table.description or "",
                    "columns": [
                        {"name": c.name, "type": c.dataType, "comment": c.description or ""}
                        for c in columns
                    ],
                }
            )
    return found


def _message(exc: Exception) -> str:
    """Spark's own words, without the JVM's stack trace."""
    text = str(exc).strip()
    if "JVM stacktrace:" in text:
        text = text.split("JVM stacktrace:")[0].strip()
    # A Py4J error carries the Java stack trace: its message lines are enough.
    text = "\n".join(
        line
        for line in text.splitlines()
        if not line.lstrip().startswith(("at ", "... ", "Suppressed: java.lang.Throwable"))
    )
    name = type(exc).__name__
    return (text if text.startswith(name) else f"{name}: {text}")[:4000]


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
