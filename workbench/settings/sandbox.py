"""How user code runs: the sandbox around every run and the limits each run gets."""

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

# "on" (bubblewrap around every run of user code) or "off" (a visible exception for a laptop
# without user namespaces: runs share the worker's view of the machine).
WORKBENCH_SANDBOX = env_str("WORKBENCH_SANDBOX", "on").lower()
if WORKBENCH_SANDBOX not in ("on", "off"):
    raise ImproperlyConfigured(f"WORKBENCH_SANDBOX must be on or off, not {WORKBENCH_SANDBOX!r}")
# A worker running as root starts its sandboxes as this unprivileged user id (root without
# capabilities can still write kernel settings); a dedicated, otherwise unused id is best.
WORKBENCH_SANDBOX_UID = env_int("WORKBENCH_SANDBOX_UID", 65534)
WORKBENCH_SANDBOX_GID = env_int("WORKBENCH_SANDBOX_GID", WORKBENCH_SANDBOX_UID)
# Network of the sandbox: on by default (warehouses are on the network), always without the
# worker host's own addresses, loopback and the application's database and broker; resource
# groups listed here run without any network.
WORKBENCH_SANDBOX_NETWORK = env_bool("WORKBENCH_SANDBOX_NETWORK", True)
WORKBENCH_SANDBOX_OFFLINE_GROUPS = env_list("WORKBENCH_SANDBOX_OFFLINE_GROUPS")
# More addresses or networks runs may not reach (the application's other services, metadata).
WORKBENCH_SANDBOX_DENY = env_list("WORKBENCH_SANDBOX_DENY", ["169.254.0.0/16"])

# Limits of one run.
WORKBENCH_TASK_MEMORY_MB = env_int("WORKBENCH_TASK_MEMORY_MB", 2048)  # address space per process
WORKBENCH_TASK_PROCESSES = env_int("WORKBENCH_TASK_PROCESSES", 128)
WORKBENCH_TASK_TMP_MB = env_int("WORKBENCH_TASK_TMP_MB", 512)  # /tmp, in memory
WORKBENCH_TASK_FILE_MB = env_int("WORKBENCH_TASK_FILE_MB", 10_240)  # largest file a run writes
WORKBENCH_LOG_MAX_BYTES = env_int("WORKBENCH_LOG_MAX_BYTES", 10 * 1024 * 1024)

# Data sources: network ones may reach public addresses only, unless listed here (networks or
# host names); file ones live in the project's own folder.
WORKBENCH_DATASOURCE_ALLOW = env_list("WORKBENCH_DATASOURCE_ALLOW")
# DuckDB's functions that read or write other files (read_csv, COPY ... TO, ATTACH) stay off
# unless the installation's administrator turns them on; they still see only the sandbox.
WORKBENCH_DUCKDB_EXTERNAL_ACCESS = env_bool("WORKBENCH_DUCKDB_EXTERNAL_ACCESS", False)

# Spark runs start a JVM in their sandbox: it reserves far more address space than it uses and
# runs 100+ threads, so these replace WORKBENCH_TASK_MEMORY_MB and _PROCESSES for them
# (docs/sandbox.md, "Spark"). The driver's heap is WORKBENCH_SPARK_HEAP_SHARE of the memory.
WORKBENCH_SPARK_MEMORY_MB = env_int("WORKBENCH_SPARK_MEMORY_MB", 4096)
WORKBENCH_SPARK_PROCESSES = env_int("WORKBENCH_SPARK_PROCESSES", 512)
WORKBENCH_SPARK_HEAP_SHARE = 0.5
# The address a Spark cluster's executors reach this worker at (its driver's two ports are
# forwarded there). Empty: the address this worker's traffic to the cluster's master leaves from.
WORKBENCH_SPARK_DRIVER_HOST = env_str("WORKBENCH_SPARK_DRIVER_HOST", "") or ""
