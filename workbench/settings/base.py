from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_secret, env_str
from .paths import BASE_DIR, DATA_DIR, FRONTEND_DIST

WORKBENCH_ENV = env_str("WORKBENCH_ENV", "development")
PRODUCTION = WORKBENCH_ENV == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be false when WORKBENCH_ENV=production")

SECRET_KEY = env_secret("SECRET_KEY", None if PRODUCTION else "insecure-local-development-key")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when WORKBENCH_ENV=production")

# Encryption of stored credentials: comma-separated keys, newest first (rotation).
WORKBENCH_SECRET_KEYS = env_list("WORKBENCH_SECRET_KEYS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
WORKBENCH_BASE_URL = env_str("WORKBENCH_BASE_URL", "http://127.0.0.1:8000")

DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "workbench",
    "projects",
    "scheduler",
    "quality",
    "alerts",
    "catalog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "workbench.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # the API's messages in the language the SPA asks for (Accept-Language: its chosen language)
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workbench.middleware.QueryStringMiddleware",
    "workbench.middleware.AtomicWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "workbench.urls"
CSRF_FAILURE_VIEW = "workbench.api.errors.csrf_failure"
ASGI_APPLICATION = "workbench.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "workbench" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if env_bool("WORKBENCH_FAST_PASSWORD_HASHING", False):  # the test suite: thousands of users
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The login guard checks passwords, after refusing blocked attempts (workbench/login_guard.py);
# ModelBackend stays listed for sessions started before it.
AUTHENTICATION_BACKENDS = [
    "workbench.login_guard.LoginGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Personal API tokens: lifetime of a new token unless its maker asks otherwise, and the
# longest allowed (0: no limit, tokens may then never expire).
TOKEN_DAYS = env_int("WORKBENCH_TOKEN_DAYS", 90)
TOKEN_MAX_DAYS = env_int("WORKBENCH_TOKEN_MAX_DAYS", 365)

# Failed logins allowed per user name and client address, and per client address, within
# LOGIN_LOCKOUT_SECONDS; beyond them logins from there answer 429 until the window ends.
LOGIN_FAILURES = env_int("WORKBENCH_LOGIN_FAILURES", 10)
LOGIN_FAILURES_PER_ADDRESS = env_int("WORKBENCH_LOGIN_FAILURES_PER_ADDRESS", 50)
LOGIN_LOCKOUT_SECONDS = env_int("WORKBENCH_LOGIN_LOCKOUT_SECONDS", 900)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
# The languages of the API's messages (locale/<language>/LC_MESSAGES/django.po); the SPA's zh-CN
# is Django's zh-hans.
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The SPA is built by Vite into frontend/dist with base /static/; served from there directly.
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Vite names what it builds `assets/<name>-<hash>.<ext>`: such a file never changes, so browsers
# keep it a year without asking. index.html (the SPA view) is asked for every time. The build
# writes .gz and .br next to each file (make frontend), served to browsers that accept them.
WHITENOISE_IMMUTABLE_FILE_TEST = r"/assets/[^/]+-[0-9A-Za-z_-]{8}\.\w+$"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS in production: plain HTTP is redirected and browsers are told to use HTTPS only (HSTS).
# Behind a proxy that ends TLS, name the header it sets (WORKBENCH_PROXY_SSL_HEADER=
# X-Forwarded-Proto) so that Django knows the request came over HTTPS.
SECURE_SSL_REDIRECT = env_bool("WORKBENCH_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("WORKBENCH_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WORKBENCH_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("WORKBENCH_HSTS_PRELOAD", False)
_PROXY_SSL_HEADER = env_str("WORKBENCH_PROXY_SSL_HEADER")
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Joining the browsers' preload list is a decision of its own (WORKBENCH_HSTS_PRELOAD=true and a
# submission to hstspreload.org), so `check --deploy` does not ask for it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy of every answer (workbench/middleware.py). The SPA loads its scripts
# from /static/ only; Ant Design, CodeMirror and React Flow set styles inline. "off" sends none.
CONTENT_SECURITY_POLICY = env_str(
    "WORKBENCH_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes anonymous requests 401, not 403.
        "workbench.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON in and out; input is checked for depth and unusable text (workbench/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["workbench.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["workbench.api.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "workbench.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "workbench.api.pagination.DefaultPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Proxies in front of the web process that append to X-Forwarded-For: the client address
    # (login throttling) is the one the outermost trusted proxy saw.
    "DEFAULT_THROTTLE_RATES": {"member_add": env_str("WORKBENCH_MEMBER_ADD_RATE", "30/min")},
    # 0: REMOTE_ADDR itself (X-Forwarded-For is anyone's to write).
    "NUM_PROXIES": env_int("WORKBENCH_NUM_PROXIES", 0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Workbench API",
    "DESCRIPTION": "Projects, nodes, scheduling, operations, data quality and alerts.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "workbench.api.schema.require_response_fields",
        "workbench.api.schema.integer_path_ids",
        "workbench.api.schema.declare_errors",
    ],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "DependencyKindEnum": "projects.models.DependencyKind",
        "DataSourceKindEnum": "projects.models.DataSourceKind",
        "QualityRuleKindEnum": "quality.models.RuleKind",
        "ChannelKindEnum": "alerts.models.ChannelKind",
        "InstanceStatusEnum": "scheduler.states.InstanceState",
        "BackfillStatusEnum": "scheduler.states.BackfillStatus",
        "BackfillDateStatusEnum": "scheduler.backfills.DateStatus",
        "AlertScopeEnum": "alerts.models.Scope",
        "TokenScopeEnum": "workbench.models.TokenScope",
        "RoleEnum": "projects.models.Role",
        "ProjectModeEnum": "projects.models.ProjectMode",
        "EnvironmentEnum": "projects.models.Environment",
        "DeployRequestStatusEnum": "projects.models.DeployRequestStatus",
        "IncidentStatusEnum": "alerts.models.IncidentStatus",
        "BaselineStatusEnum": "alerts.models.BaselineStatus",
        "AlertEventEnum": "alerts.models.Event",
        "DeliveryEventEnum": "alerts.api.serializers.DELIVERY_EVENTS",
    },
}

# Scheduler loop: leader lease and tick cadence.
SCHEDULER_TICK_SECONDS = float(env_str("SCHEDULER_TICK_SECONDS", "1.0"))
SCHEDULER_LEASE_SECONDS = env_int("SCHEDULER_LEASE_SECONDS", 5)
# A gap this long in the leader's heartbeat is an outage: the slots missed in it follow each
# node's catch-up policy. Shorter gaps (a restart, a failover) only make slots run late.
SCHEDULER_OUTAGE_SECONDS = env_int("SCHEDULER_OUTAGE_SECONDS", 120)
SCHEDULER_GENERATION_TIME = env_str("SCHEDULER_GENERATION_TIME", "23:30")  # project local time
# A project whose generation failed is tried again after this long, doubling up to the maximum.
SCHEDULER_GENERATION_RETRY_SECONDS = env_int("SCHEDULER_GENERATION_RETRY_SECONDS", 60)
SCHEDULER_GENERATION_RETRY_MAX_SECONDS = env_int("SCHEDULER_GENERATION_RETRY_MAX_SECONDS", 900)
INSTANCE_LEASE_SECONDS = env_int("INSTANCE_LEASE_SECONDS", 30)
QUEUED_REDISPATCH_SECONDS = env_int("QUEUED_REDISPATCH_SECONDS", 60)
# May a backfill instance run while a scheduled run of the same node is active (and vice versa)?
BACKFILL_ALONGSIDE_SCHEDULED = env_str("BACKFILL_ALONGSIDE_SCHEDULED", "true").lower() in (
    "1",
    "true",
    "yes",
)
# The share of a resource group's slots a project's runs may hold when no group_slots setting
# of the project names the group (1 lets one project take them all).
WORKBENCH_PROJECT_SLOT_SHARE = float(env_str("WORKBENCH_PROJECT_SLOT_SHARE", "0.75"))
# Health: a worker or scheduler heartbeat older than this counts as down.
HEALTH_STALE_SECONDS = env_int("HEALTH_STALE_SECONDS", 30)
# /healthz through the ASGI server reuses a report for this long (polling stays cheap).
HEALTH_CACHE_SECONDS = float(env_str("HEALTH_CACHE_SECONDS", "1.0"))
# GET /api/v1/me answers repeat callers from a per-credential cache this long (0 turns it off).
ME_CACHE_SECONDS = float(env_str("ME_CACHE_SECONDS", "1.0"))

# Who may create projects: "staff" (users with is_staff, like the admin made by bootstrap) or
# "everyone" signed in. DataWorks lets only tenant administrators create workspaces.
WORKBENCH_PROJECT_CREATORS = env_str("WORKBENCH_PROJECT_CREATORS", "staff")
if WORKBENCH_PROJECT_CREATORS not in ("staff", "everyone"):
    raise ImproperlyConfigured("WORKBENCH_PROJECT_CREATORS must be staff or everyone")

# Demo admin account created by `manage.py bootstrap`.
WORKBENCH_ADMIN_USERNAME = env_str("WORKBENCH_ADMIN_USERNAME", "admin")
WORKBENCH_ADMIN_PASSWORD = env_secret("WORKBENCH_ADMIN_PASSWORD")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
