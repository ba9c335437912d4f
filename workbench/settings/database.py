import sys

import dj_database_url

from .env import env_int, env_str
from .paths import DATA_DIR

DATABASE_URL = env_str("DATABASE_URL")

# Workers and the scheduler loop keep their connections; the web process does not: under ASGI
# every request runs its sync part in a fresh thread, so persistent connections would pile up.
LONG_RUNNING = any(arg in ("worker", "scheduler") for arg in sys.argv[1:4])

# SQLite in WAL mode with a busy timeout and IMMEDIATE transactions, so the web process, the
# worker and the scheduler can write side by side.
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}

if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600 if LONG_RUNNING else 0),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    # Embedded default.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "workbench.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
            # A file, not :memory:, so test servers and workers started by tests share it.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }

EMBEDDED_DATABASE = DATABASES["default"]["ENGINE"].endswith("sqlite3")
