"""Spark SQL. A data source names a master (`local[*]`, `spark://host:port`, `yarn`,
`k8s://https://host:port`), Spark configuration and its credentials: a standalone cluster's
shared secret (`authenticate_secret`), a Kubernetes API token (`kubernetes_token`, with the API
server's CA certificate `ca_cert`), both encrypted; every statement, including the connection
test and the table listing, runs as a Spark job in a sandbox (scheduler/executors/spark.py,
registered here by the scheduler: projects sits below it). See docs/engines.md.
"""

import hashlib
import json
import re
from collections.abc import Callable

from django.core.cache import cache

from projects.drivers.base import (
    ColumnDescription,
    Driver,
    DriverError,
    TableDescription,
    path_problem,
)
from projects.drivers.network import guarded_addresses

LOCAL = re.compile(r"^local(\[(\*|[1-9][0-9]{0,2})\])?$")
STANDALONE = re.compile(r"^spark://([A-Za-z0-9._\-]{1,253}|\[[0-9A-Fa-f:]+\]):([0-9]{1,5})$")
KUBERNETES = re.compile(
    r"^k8s://https://([A-Za-z0-9._\-]{1,253}|\[[0-9A-Fa-f:]+\])(?::([0-9]{1,5}))?$"
)
HOST_PORT = re.compile(r"^([A-Za-z0-9._\-]{1,253}):([0-9]{1,5})$")
YARN_ADDRESS = "spark.hadoop.yarn.resourcemanager.address"
KUBERNETES_IMAGE = "spark.kubernetes.container.image"
MAX_CA_CERT = 64_000

# Configuration a data source may set. Anything that changes where files are read or written
# or what code is loaded (warehouse, metastore, jars, class paths, JVM options, plug-ins,
# listeners, catalogs) is set by the workbench or not at all: an allow-list, not a deny-list.
ALLOWED_KEYS = {
    "spark.app.name",
    "spark.cores.max",
    "spark.default.parallelism",
    "spark.driver.cores",
    "spark.driver.maxResultSize",
    "spark.memory.fraction",
    "spark.memory.storageFraction",
    "spark.network.timeout",
    "spark.scheduler.mode",
    "spark.speculation",
    "spark.task.cpus",
    "spark.task.maxFailures",
    "spark.yarn.queue",
    "spark.kubernetes.namespace",
    KUBERNETES_IMAGE,
    "spark.kubernetes.authenticate.driver.serviceAccountName",
    YARN_ADDRESS,
}
ALLOWED_PREFIXES = ("spark.sql.", "spark.executor.", "spark.dynamicAllocation.")
CLUSTER_PREFIXES = ("spark.hadoop.",)
# Words that mark a key of those prefixes as a location, a class or code to load.
REFUSED_WORDS = (
    "dir",
    "path",
    "location",
    "file",
    "jar",
    "class",
    "catalog",
    "extension",
    "listener",
    "metastore",
    "committer",
    "serializer",
    "plugin",
    "extra",
    "option",
    "warehouse",
    "ui.",
)
# Words that mark a key as a credential: settings are plain text, shown to every member and
# kept in the audit as they are.
CREDENTIAL_WORDS = ("secret", "password", "credential", "token", "access.key", "accesskey")
MAX_CONF = 100


def conf_key_problem(key, *, cluster: bool = False) -> str | None:
    """Why a data source may not set this Spark configuration key, or None. A cluster's data
    source may also set Hadoop client settings (`spark.hadoop.*`: the ResourceManager, the
    default file system), which the run's Hadoop configuration is made of; local mode keeps
    its files where the workbench puts them."""
    if not isinstance(key, str) or not re.fullmatch(r"spark\.[A-Za-z0-9._\-]{1,200}", key):
        return f"{key!r} is not a Spark configuration key (spark.…)"
    if key in ALLOWED_KEYS:
        return None
    lowered = key.lower()
    if any(word in lowered for word in CREDENTIAL_WORDS):
        return (
            f"{key} may not be set: settings are plain text, shown to every member of the "
            "project; credentials of a cluster's storage belong to the cluster's own "
            "configuration (an instance role, a credential provider)"
        )
    prefixes = ALLOWED_PREFIXES + (CLUSTER_PREFIXES if cluster else ())
    if key.startswith(prefixes) and not any(w in lowered for w in REFUSED_WORDS):
        return None
    return (
        f"{key} may not be set: the workbench sets where Spark keeps files and what it loads; "
        "allowed are memory, cores, parallelism, executor and spark.sql settings"
    )


def ca_cert_problem(text) -> str | None:
    """Why this is not a PEM certificate (or chain) to check an API server against, or None."""
    from cryptography import x509

    if not isinstance(text, str) or len(text) > MAX_CA_CERT:
        return f"PEM certificates (-----BEGIN CERTIFICATE-----), at most {MAX_CA_CERT} characters"
    try:
        x509.load_pem_x509_certificates(text.encode())
    except ValueError:
        return "not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)"
    return None


# The scheduler registers how a Spark job runs in the sandbox: (config, project_id, job,
# timeout_seconds, secret) -> the items the job reported; DriverError with Spark's message on
# failure.
_runner: list[Callable] = []


def register_runner(runner: Callable) -> None:
    _runner[:] = [runner]


def run_job(
    config: dict,
    project_id: int,
    job: dict,
    timeout_seconds: float = 120,
    secret: dict | None = None,
) -> list[dict]:
    if not _runner:
        raise DriverError("Spark jobs run through the scheduler, which is not loaded")
    return _runner[0](config, project_id, job, timeout_seconds, secret or {})


class SparkDriver(Driver):
    kind = "spark"
    config_fields = ("master",)
    optional_fields = ("conf", "database", "folder", "ca_cert")
    # A standalone cluster's shared authentication secret (spark.authenticate.secret; yarn and
    # k8s make one per application) and the token the driver asks the Kubernetes API for its
    # executors with: only the run's Spark driver gets them, in memory.
    secret_fields = ("authenticate_secret", "kubernetes_token")
    identifier_quote = "`"
    system_schemas = ()
    # Statements run as jobs in the sandbox (scheduler/executors/spark.py), never in the worker.
    sandbox_engine = True
    DEFAULT_FOLDER = "spark"

    def is_local(self, config: dict) -> bool:
        return bool(LOCAL.match(str(config.get("master") or "")))

    def is_standalone(self, config: dict) -> bool:
        return bool(STANDALONE.match(str(config.get("master") or "")))

    def is_kubernetes(self, config: dict) -> bool:
        return bool(KUBERNETES.match(str(config.get("master") or "")))

    def folder(self, config: dict) -> str:
        """The project folder's subfolder of a local master's warehouse and metastore."""
        return config.get("folder") or self.DEFAULT_FOLDER

    def user_conf(self, config: dict) -> dict[str, str]:
        return {k: str(v) for k, v in (config.get("conf") or {}).items()}

    def remote_address(self, config: dict) -> tuple[str, int] | None:
        """(host, port) a remote master is reached at; None for local mode."""
        master = str(config.get("master") or "")
        if match := STANDALONE.match(master):
            return match.group(1).strip("[]"), int(match.group(2))
        if match := KUBERNETES.match(master):
            return match.group(1).strip("[]"), int(match.group(2) or 443)
        if master == "yarn":
            match = HOST_PORT.match(str(self.user_conf(config).get(YARN_ADDRESS, "")))
            return (match.group(1), int(match.group(2))) if match else None
        return None

    def checked_addresses(self, config: dict) -> list[str]:
        """The remote master's addresses after the outbound guard (empty for local mode)."""
        address = self.remote_address(config)
        return [] if address is None else guarded_addresses(*address)

    def validate_config(self, config: dict) -> dict[str, str]:
        errors = super().validate_config(config)
        master = config.get("master")
        conf = config.get("conf")
        if conf not in (None, ""):
            if not isinstance(conf, dict):
                errors["conf"] = "an object of Spark configuration keys and values"
            elif len(conf) > MAX_CONF:
                errors["conf"] = f"at most {MAX_CONF} settings"
            else:
                for key, value in conf.items():
                    reason = conf_key_problem(key, cluster=not self.is_local(config))
                    if reason is None and (
                        not isinstance(value, str | int | float | bool)
                        or len(str(value)) > 1000
                        or "\n" in str(value)
                    ):
                        reason = f"{key}: a value of one line (at most 1000 characters)"
                    if reason:
                        errors["conf"] = reason
                        break
        if "master" not in errors and master is not None:
            if not isinstance(master, str):
                errors["master"] = "a Spark master URL"
            elif not self.is_local(config):
                if master == "yarn":
                    if "conf" not in errors and self.remote_address(config) is None:
                        errors["conf"] = (
                            f"yarn needs {YARN_ADDRESS} (host:port of the ResourceManager) "
                            "so that the outbound guard can check it"
                        )
                elif self.remote_address(config) is None:
                    errors["master"] = (
                        "local, local[*], local[N], spark://host:port, yarn or "
                        "k8s://https://host:port"
                    )
                elif not 0 < self.remote_address(config)[1] < 65536:
                    errors["master"] = "a port between 1 and 65535"
                elif (
                    self.is_kubernetes(config)
                    and "conf" not in errors
                    and not self.user_conf(config).get(KUBERNETES_IMAGE)
                ):
                    errors["conf"] = (
                        f"k8s needs {KUBERNETES_IMAGE}: the image of the executors' pods "
                        "(Spark 3.5 with Python, e.g. apache/spark:3.5.1)"
                    )
        ca_cert = config.get("ca_cert")
        if ca_cert not in (None, ""):
            reason = ca_cert_problem(ca_cert)
            if reason is None and not self.is_kubernetes(config):
                reason = "only a k8s:// master's API server is checked against a CA certificate"
            if reason:
                errors["ca_cert"] = reason
        folder = config.get("folder")
        if folder not in (None, ""):
            reason = path_problem(folder)
            if reason:
                errors["folder"] = reason.replace("a file", "a folder")
        database = config.get("database")
        if database not in (None, "") and not (
            isinstance(database, str) and re.fullmatch(r"[A-Za-z0-9_]{1,128}", database)
        ):
            errors["database"] = "a database name of letters, digits and _"
        if not errors:
            try:
                self.checked_addresses(config)
            except DriverError as exc:
                if "cannot resolve" not in str(exc):  # a name the workers may still resolve
                    errors["master"] = str(exc)
        return errors

    def problems(self, config: dict, *, project_id: int) -> list[str]:
        found = list(super().validate_config(config).values())
        if not found:
            found = list(self.validate_config(config).values())
        if not found:
            try:
                self.checked_addresses(config)
            except DriverError as exc:
                found.append(str(exc))
        return found

    # --- the application's own reads, each a Spark job in the sandbox --------------------------

    def connect(self, config: dict, secret: dict, *, project_id: int):
        return SparkConnection(config, project_id, secret)

    def test(self, config: dict, secret: dict, *, project_id: int) -> str:
        reasons = self.problems(config, project_id=project_id)
        if reasons:
            raise DriverError("; ".join(reasons))
        return _value(run_job(config, project_id, {"op": "test"}, secret=secret))

    def describe_tables(self, conn) -> list[TableDescription]:
        items = run_job(conn.config, conn.project_id, {"op": "describe"}, secret=conn.secret)
        found = next((item["tables"] for item in items if "tables" in item), [])
        cache.set(
            _names_key(conn.config, conn.project_id),
            [_name(t["schema"], t["name"]) for t in found],
            NAMES_SECONDS,
        )
        return [
            TableDescription(
                schema=t["schema"],
                name=t["name"],
                kind=t["kind"],
                comment=t.get("comment") or "",
                columns=[
                    ColumnDescription(c["name"], c["type"], c.get("comment") or "")
                    for c in t["columns"]
                ],
            )
            for t in found
        ]

    def list_tables(self, conn) -> list[str]:
        return [_name(t.schema, t.name) for t in self.describe_tables(conn)]

    def known_tables(self, config: dict, project_id: int) -> list[str]:
        """The names the last listing found (completion asks often; each listing starts Spark)."""
        return cache.get(_names_key(config, project_id)) or []

    def cancel(self, conn, cursor) -> None:
        """A statement's job stops at its time limit, in the sandbox (nothing to reach here)."""


NAMES_SECONDS = 7 * 86400


def _names_key(config: dict, project_id: int) -> str:
    digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:32]
    return f"spark-tables:{int(project_id)}:{digest}"


def _name(schema: str, name: str) -> str:
    return name if schema == "default" else f"{schema}.{name}"


def _value(items: list[dict]):
    return next((item["value"] for item in items if "value" in item), None)


class SparkConnection:
    """Enough of DB-API 2 for the application's own single statements (a table preview, a
    quality rule's number): each `execute` is one Spark job in the sandbox."""

    def __init__(self, config: dict, project_id: int, secret: dict | None = None):
        self.config, self.project_id, self.secret = config, project_id, secret or {}

    def cursor(self) -> "SparkCursor":
        return SparkCursor(self)

    def close(self) -> None:
        pass

    def commit(self) -> None:
        pass


class SparkCursor:
    def __init__(self, conn: SparkConnection):
        self.conn = conn
        self.description = None
        self.rowcount = -1
        self._rows: list = []

    def execute(self, sql: str, params=None) -> None:
        if params:
            raise DriverError("Spark statements take no parameters here")
        job = {"statements": [{"sql": sql, "query": True}], "keep_rows": True, "max_rows": 1000}
        items = run_job(self.conn.config, self.conn.project_id, job, secret=self.conn.secret)
        found = next((item["rows"] for item in items if "rows" in item), None)
        self.description = [(c, None) for c in found["columns"]] if found else None
        self._rows = [tuple(r) for r in found["rows"]] if found else []

    def fetchall(self) -> list:
        rows, self._rows = self._rows, []
        return rows

    def fetchmany(self, size: int = 1) -> list:
        rows, self._rows = self._rows[:size], self._rows[size:]
        return rows

    def fetchone(self):
        rows = self.fetchmany(1)
        return rows[0] if rows else None

    def close(self) -> None:
        pass
