from .redis import EMBEDDED_REDIS, EMBEDDED_REDIS_SOCKET, REDIS_URL  # noqa: F401

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [REDIS_URL], "capacity": 1000, "expiry": 30},
    }
}
