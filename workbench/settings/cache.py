from .redis import REDIS_URL

# Django's cache (the API's throttles) is shared by every web process: in Redis, beside the broker.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "workbench-cache",
    }
}
