from .env import env_bool, env_int, env_list, env_str
from .redis import REDIS_URL, celery_broker_url

CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
# Resource groups: one Celery queue each; a worker serves the ones it is started with.
WORKBENCH_QUEUES = env_list("WORKBENCH_QUEUES", ["default"])
# Every worker also serves this queue: alert deliveries must not wait behind a burst of runs.
ALERTS_QUEUE = "alerts"
# Late acknowledgement: a message is acknowledged after the task ran, so a worker that dies
# mid-task leaves it to be redelivered (tasks check the instance state before running).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 1)
# A worker's slots are threads of one process: runs of user code happen in sandboxed processes
# anyway, and one process lets its slots share their warm launchers (and DuckDB sessions).
CELERY_WORKER_POOL = env_str("CELERY_WORKER_POOL", "threads")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 5)
# Celery's Django fix-up closes the database connection after every task unless this is set;
# a new PostgreSQL connection per run cost more than the run. Connections are still dropped
# when unusable or older than CONN_MAX_AGE (workbench.celery checks before each task).
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000)
