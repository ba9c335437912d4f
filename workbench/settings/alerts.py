from .env import env_int, env_str

# Deliveries are retried with exponential back-off (base * 2^n, capped) until the window ends.
ALERTS_RETRY_BASE_SECONDS = float(env_str("ALERTS_RETRY_BASE_SECONDS", "10"))
ALERTS_RETRY_MAX_SECONDS = float(env_str("ALERTS_RETRY_MAX_SECONDS", "300"))
ALERTS_RETRY_WINDOW_SECONDS = env_int("ALERTS_RETRY_WINDOW_SECONDS", 40 * 60)
# A delivery claimed by a worker that vanished is tried again after this long.
ALERTS_SENDING_LEASE_SECONDS = env_int("ALERTS_SENDING_LEASE_SECONDS", 120)
# A channel whose last N deliveries failed is shown as failing.
ALERTS_FAILING_AFTER = env_int("ALERTS_FAILING_AFTER", 3)
ALERTS_HTTP_TIMEOUT_SECONDS = float(env_str("ALERTS_HTTP_TIMEOUT_SECONDS", "10"))
# Webhooks to private, loopback or link-local addresses are refused unless listed here
# (comma-separated networks or host names, e.g. "127.0.0.1/32,10.0.0.0/8,hooks.internal").
WEBHOOK_ALLOW = [
    item.strip() for item in env_str("WORKBENCH_WEBHOOK_ALLOW", "").split(",") if item.strip()
]
# Links in messages point here.
WORKBENCH_BASE_URL = env_str("WORKBENCH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How often the scheduler looks for missed deadlines and overlong runs.
ALERTS_WATCH_SECONDS = float(env_str("ALERTS_WATCH_SECONDS", "10"))
# How often the scheduler predicts every baseline's finish (and alerts on it).
ALERTS_BASELINE_SECONDS = float(env_str("ALERTS_BASELINE_SECONDS", "30"))
