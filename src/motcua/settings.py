"""Django settings for motcua.

Everything that differs between a laptop and a ward's server comes from the
environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS and the MOTCUA_* settings
(see docs/deployment.md). DEBUG is off unless set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "django-insecure-motcua-dev-only-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "motcua.core",
    "motcua.org",
    "motcua.workcal",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.indicators",
    "motcua.demo",
]

MIDDLEWARE = [
    "motcua.core.logs.RequestIdMiddleware",  # first: every later log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "motcua.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.core.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "motcua.core.middleware.IdleTimeoutMiddleware",
    "motcua.org.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"
ASGI_APPLICATION = "motcua.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.web.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL + a busy timeout keep the embedded default usable with a few concurrent users.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Per process. Whatever several workers must agree on lives in tables instead (rate-limit
# counters: motcua.core.ratelimit; stamps of the caches: docs/architecture.md).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Reverse proxies in front of the app whose X-Forwarded-For may be trusted (0: none).
MOTCUA_TRUSTED_PROXY_HOPS = int(os.environ.get("MOTCUA_TRUSTED_PROXY_HOPS", "0"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"
# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in lockout (django-axes, docs/sign-in.md): a user name is locked from one client
# address after AXES_FAILURE_LIMIT wrong passwords in a row, for AXES_COOLOFF_TIME since
# the last try. Keyed by the pair, so that the officers of a ward behind one public
# address never lock each other out.
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MOTCUA_SIGNIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The same client address as the rate limits: REMOTE_ADDR unless MOTCUA_TRUSTED_PROXY_HOPS.
AXES_CLIENT_IP_CALLABLE = "motcua.org.signin.client_address"
AXES_LOCKOUT_CALLABLE = "motcua.org.signin.locked_out"
AXES_RESET_ON_SUCCESS = True
# Every failure is kept (AccessFailureLog) besides the counters; org/admin.py shows both
# and the successes (AccessLog) read-only.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False  # no banner on every manage.py command

# Django's four rules worded in Vietnamese; at least 12 characters (org/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"motcua.org.passwords.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "vi"
# Vietnamese only until every page is translated (docs/architecture.md, "Language").
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security: on by default when DEBUG is off; TLS is terminated in front of us.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # absolute: signed out 8 hours after signing in
# The Django admin (read-only window for operators, sign-in logs and unlocks): its path,
# and whether it is served at all. Off by default in production (docs/deployment.md).
MOTCUA_ADMIN_PATH = os.environ.get("MOTCUA_ADMIN_PATH", "quan-tri-he-thong/").strip("/") + "/"
MOTCUA_ADMIN_ENABLED = env_bool("MOTCUA_ADMIN_ENABLED", DEBUG)
# Idle: signed out after this many minutes without a request (core.middleware).
MOTCUA_IDLE_TIMEOUT_MINUTES = int(os.environ.get("MOTCUA_IDLE_TIMEOUT_MINUTES", "30"))
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from our own static files, so an
# injected <script> or onclick= does not run. Styles may be inline (style attributes,
# the print view's <style>, htmx's indicator style): a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page of ours uses (core.middleware.PermissionsPolicyMiddleware).
MOTCUA_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "display-capture=(), accelerometer=(), gyroscope=(), magnetometer=()"
)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# JSON lines with the request id (core/logs.py) unless LOG_FORMAT=text (the default on a
# development machine, where a person reads the console).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "motcua.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "motcua.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# /healthz (core/health.py): the free space it requires where the stored files live, and
# the checks of apps above core (name → dotted path; the worker adds its heartbeat).
MOTCUA_HEALTH_MIN_FREE_MB = int(os.environ.get("MOTCUA_HEALTH_MIN_FREE_MB", "500"))
MOTCUA_HEALTH_CHECKS: dict[str, str] = {}
# Where `manage.py backup` writes its archives when no path is given.
MOTCUA_BACKUP_DIR = Path(os.environ.get("MOTCUA_BACKUP_DIR", VAR_DIR / "backups"))

# motcua
# The staff home page (org) shows these apps' to-do panels: org may not import them.
MOTCUA_STAFF_HOME_PANELS = ["motcua.dossiers.web.todo.todo_panel"]
# What removing a calendar change would do to open dossiers (workcal's confirmation page).
MOTCUA_OVERRIDE_REMOVAL_PREVIEW = "motcua.dossiers.recompute.preview_override_removal"
MOTCUA_SITE_NAME = os.environ.get("MOTCUA_SITE_NAME", "Hệ thống một cửa điện tử")
# Working periods used when an agency has none of its own (DOMAIN.md §8: configurable).
MOTCUA_DEFAULT_WORKING_PERIODS = (("07:30", "11:30"), ("13:30", "17:30"))
# Same-day procedures: received after this time → result on the next working day.
MOTCUA_SAME_DAY_CUTOFF = "15:00"
# Apology-and-extension letters (Mẫu 04) allowed per dossier. DOMAIN.md §2: "once only" is
# unconfirmed [U], hence a setting.
MOTCUA_MAX_EXTENSIONS = int(os.environ.get("MOTCUA_MAX_EXTENSIONS", "1"))
# Absolute base of the public site, printed in the receipt's QR code (Mẫu 01).
MOTCUA_PUBLIC_BASE_URL = os.environ.get("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# A calendar change recomputes open dossiers at once up to this many; a larger run is left
# for `manage.py recompute_due` or the staff page (/can-bo/ho-so/tinh-lai-han/).
MOTCUA_RECOMPUTE_INLINE_LIMIT = int(os.environ.get("MOTCUA_RECOMPUTE_INLINE_LIMIT", "2000"))
