import datetime as dt

from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_str

# The Data Map reads every data source's tables again each night at this local time of its
# project (HH:MM), besides the refresh button.
_at = env_str("CATALOG_REFRESH_TIME", "02:00")
try:
    CATALOG_REFRESH_TIME = dt.time.fromisoformat(_at)
except ValueError:
    raise ImproperlyConfigured(f"CATALOG_REFRESH_TIME must be HH:MM, not {_at!r}") from None
# How often the scheduler looks for data sources whose nightly read is due.
CATALOG_WATCH_SECONDS = env_int("CATALOG_WATCH_SECONDS", 60)
# A table preview stops after this long.
CATALOG_PREVIEW_TIMEOUT_SECONDS = env_int("CATALOG_PREVIEW_TIMEOUT_SECONDS", 15)
