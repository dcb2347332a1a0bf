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
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "motcua.core",
    "motcua.org",
    "motcua.files",
    "motcua.workcal",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.portal",
    # After the portal, whose templates replace allauth's (same names, apps searched in order).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "motcua.payments",
    "motcua.outbound",
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
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "motcua.core.middleware.IdleTimeoutMiddleware",
    # Citizens out of /can-bo/ and the admin; staff through two-factor first (org.twofactor).
    "motcua.org.middleware.StaffAreaMiddleware",
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
# Paths whose sign-in page is not LOGIN_URL (core.middleware.login_url_for: the idle timeout).
MOTCUA_LOGIN_URLS = {"/dich-vu-cong/": "account_login"}
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"
# django-axes first: it refuses a locked-out sign-in before any password is checked.
# allauth's backend signs citizens in by e-mail on the portal (docs/portal.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
# The staff form posts "username", the portal's (allauth) an e-mail: one rule for both.
AXES_USERNAME_CALLABLE = "motcua.org.signin.username_of"
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

# Two-factor sign-in for staff (django-otp, org.twofactor, docs/sign-in.md): required for
# superusers and agency admins. Off only in the test suite's ordinary tests (conftest.py).
MOTCUA_TWO_FACTOR_ENFORCED = env_bool("MOTCUA_TWO_FACTOR_ENFORCED", True)

# Citizen and organisation accounts (django-allauth, motcua.portal, docs/portal.md).
ACCOUNT_ADAPTER = "motcua.portal.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "motcua.portal.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {
    "signup": "motcua.portal.forms.SignupForm",
    "login": "motcua.portal.forms.LoginForm",
    "reset_password": "motcua.portal.forms.ResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False  # the staff's session rules (8 h absolute, idle timeout)
ACCOUNT_LOGOUT_REDIRECT_URL = "portal-home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
# Six digits by text message: typed on a phone's number pad.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "dashed": False, "length": 6}
# Wrong passwords: django-axes' lock by (e-mail, address), as for staff, so allauth's own
# per-address count is off (it would lock a household or an internet café). allauth's
# other limits (mails sent: verification, reset; sign-ups) stay at their defaults.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = env_bool("MOTCUA_OIDC_LINK_BY_EMAIL", False)
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# An identity provider by OpenID Connect (VNeID or a province's SSO), configured here only:
# MOTCUA_OIDC_SERVER_URL (the issuer, whose /.well-known/openid-configuration is read),
# MOTCUA_OIDC_CLIENT_ID, MOTCUA_OIDC_CLIENT_SECRET, MOTCUA_OIDC_NAME, MOTCUA_OIDC_ID.
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
if os.environ.get("MOTCUA_OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": os.environ.get("MOTCUA_OIDC_ID", "vneid"),
            "name": os.environ.get("MOTCUA_OIDC_NAME", "VNeID"),
            "client_id": os.environ.get("MOTCUA_OIDC_CLIENT_ID", ""),
            "secret": os.environ.get("MOTCUA_OIDC_CLIENT_SECRET", ""),
            "settings": {
                "server_url": os.environ["MOTCUA_OIDC_SERVER_URL"],
                "token_auth_method": os.environ.get(
                    "MOTCUA_OIDC_TOKEN_AUTH_METHOD", "client_secret_basic"
                ),
                "scope": env_list("MOTCUA_OIDC_SCOPE", ["openid", "profile", "email"]),
            },
        }
    )
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "motcua <no-reply@localhost>")
# The portal's SMS codes: a callable (phone, text), the outbox by default; empty = dropped.
MOTCUA_SMS_SENDER = os.environ.get("MOTCUA_SMS_SENDER", "motcua.outbound.portal.send_sms")
MOTCUA_OIDC_CITIZEN_ID_CLAIM = os.environ.get("MOTCUA_OIDC_CITIZEN_ID_CLAIM", "")

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
# Uploaded files (motcua.files, docs/files.md): the local folder MEDIA_ROOT by default, any
# S3-compatible store when MOTCUA_S3_BUCKET is set (django-storages, installed only there;
# docs/deployment.md). Never served from a URL: MEDIA_URL is not routed.
_FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if os.environ.get("MOTCUA_S3_BUCKET"):
    _FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MOTCUA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MOTCUA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MOTCUA_S3_REGION") or None,
            "location": os.environ.get("MOTCUA_S3_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
STORAGES = {
    "default": _FILE_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
# An uploaded file larger than this goes to a temporary file on disk as it arrives, never
# whole in memory (bench/files_bench.py); the storage then copies it in chunks.
FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
FILE_UPLOAD_PERMISSIONS = 0o640
# What an upload may be by default (motcua.files.policy): types decided from the content.
MOTCUA_UPLOAD_TYPES = env_list(
    "MOTCUA_UPLOAD_TYPES", ["application/pdf", "image/jpeg", "image/png"]
)
MOTCUA_UPLOAD_MAX_BYTES = int(os.environ.get("MOTCUA_UPLOAD_MAX_MB", "20")) * 1024 * 1024
MOTCUA_UPLOAD_MAX_FILES = int(os.environ.get("MOTCUA_UPLOAD_MAX_FILES", "10"))
# Antivirus hook (motcua.files.antivirus): off unless a scanner class is named, e.g.
# "motcua.files.antivirus.ClamdScanner" with the daemon's address.
MOTCUA_ANTIVIRUS = os.environ.get("MOTCUA_ANTIVIRUS", "")
MOTCUA_CLAMD_ADDRESS = os.environ.get("MOTCUA_CLAMD_ADDRESS", "unix:///run/clamav/clamd.ctl")
MOTCUA_CLAMD_TIMEOUT = float(os.environ.get("MOTCUA_CLAMD_TIMEOUT", "30"))
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
MOTCUA_HEALTH_CHECKS: dict[str, str] = {"worker": "motcua.outbound.health.worker_heartbeat"}
# The worker beats at most every MOTCUA_WORKER_HEARTBEAT_SECONDS; /healthz calls it
# unhealthy when no worker beat for MOTCUA_HEALTH_WORKER_MAX_AGE_SECONDS (docs/deployment.md).
MOTCUA_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("MOTCUA_WORKER_HEARTBEAT_SECONDS", "15"))
MOTCUA_HEALTH_WORKER_MAX_AGE_SECONDS = int(
    os.environ.get("MOTCUA_HEALTH_WORKER_MAX_AGE_SECONDS", "300")
)
# Where `manage.py backup` writes its archives when no path is given.
MOTCUA_BACKUP_DIR = Path(os.environ.get("MOTCUA_BACKUP_DIR", VAR_DIR / "backups"))

# motcua
# The staff home page (org) shows these apps' to-do panels: org may not import them.
MOTCUA_STAFF_HOME_PANELS = ["motcua.dossiers.web.todo.todo_panel"]
# Panels of the staff dossier page contributed by the apps above dossiers (callables
# (request, dossier) -> dict with "template", or None).
MOTCUA_DOSSIER_PANELS = ["motcua.payments.views.dossier_panel"]
# The same for the citizen's own dossier page on the portal ("Hồ sơ của tôi").
MOTCUA_PORTAL_DOSSIER_PANELS = ["motcua.payments.views.portal_panel"]
# What removing a calendar change would do to open dossiers (workcal's confirmation page).
MOTCUA_OVERRIDE_REMOVAL_PREVIEW = "motcua.dossiers.recompute.preview_override_removal"
MOTCUA_SITE_NAME = os.environ.get("MOTCUA_SITE_NAME", "Hệ thống một cửa điện tử")
# The name an authenticator app shows beside the staff member's code (org.twofactor).
OTP_TOTP_ISSUER = MOTCUA_SITE_NAME
# Working periods used when an agency has none of its own (DOMAIN.md §8: configurable).
MOTCUA_DEFAULT_WORKING_PERIODS = (("07:30", "11:30"), ("13:30", "17:30"))
# Same-day procedures: received after this time → result on the next working day.
MOTCUA_SAME_DAY_CUTOFF = "15:00"
# Apology-and-extension letters (Mẫu 04) allowed per dossier. DOMAIN.md §2: "once only" is
# unconfirmed [U], hence a setting.
MOTCUA_MAX_EXTENSIONS = int(os.environ.get("MOTCUA_MAX_EXTENSIONS", "1"))
# Working hours the counter has to check an online dossier (receive, ask for completion or
# refuse) from its submission: the queue marks it late after that [U: no text found fixes
# it; the ward's directive asks for one working day].
MOTCUA_ONLINE_CHECK_WORKING_HOURS = int(os.environ.get("MOTCUA_ONLINE_CHECK_WORKING_HOURS", "8"))
# Absolute base of the public site, printed in the receipt's QR code (Mẫu 01).
MOTCUA_PUBLIC_BASE_URL = os.environ.get("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# Background work (docs/outbound.md): django-tasks' API on its database backend, run by
# `manage.py worker` (started with the web server by `make run`). No broker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic jobs: (name, period in seconds, dotted path of a callable taking no argument).
# Apps may also register theirs with motcua.core.periodic.register in AppConfig.ready.
MOTCUA_PERIODIC_JOBS: list[tuple[str, int, str]] = []

# The outbox (docs/outbound.md): delivery attempts, backoff and the worker's lease.
MOTCUA_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("MOTCUA_OUTBOX_MAX_ATTEMPTS", "6"))
MOTCUA_OUTBOX_BACKOFF_SECONDS = int(os.environ.get("MOTCUA_OUTBOX_BACKOFF_SECONDS", "30"))
MOTCUA_OUTBOX_LEASE_SECONDS = int(os.environ.get("MOTCUA_OUTBOX_LEASE_SECONDS", "120"))
MOTCUA_OUTBOX_BATCH = int(os.environ.get("MOTCUA_OUTBOX_BATCH", "50"))
# Record delivery outcomes without waiting for the disk flush (PostgreSQL; docs/outbound.md).
MOTCUA_OUTBOX_ASYNC_COMMIT = env_bool("MOTCUA_OUTBOX_ASYNC_COMMIT", True)
# Citizens are told through these channels when the dossier has the address (in order).
MOTCUA_CITIZEN_CHANNELS = env_list("MOTCUA_CITIZEN_CHANNELS", ["email", "sms"])
# SMS written without diacritics (GSM-7: one SMS is 160 characters, not 70).
MOTCUA_SMS_UNACCENTED = env_bool("MOTCUA_SMS_UNACCENTED", True)
# Notification channels: one plug-in class each (motcua.outbound.channels). The console
# and file classes are the development and test default; real gateways by configuration.
# With DEBUG=0 the default is the real gateway: unconfigured, its messages become dead
# letters that say so (never "sent" to a console nobody reads).
_FAKE_CHANNEL = {
    "console": "motcua.outbound.channels.fake.ConsoleChannel",
    "file": "motcua.outbound.channels.fake.FileChannel",
}
MOTCUA_CHANNELS = {
    "email": {
        "CLASS": "motcua.outbound.channels.email.EmailChannel",
        "FROM": os.environ.get("MOTCUA_EMAIL_FROM", "Một cửa điện tử <khong-tra-loi@localhost>"),
    },
    "sms": {
        "CLASS": _FAKE_CHANNEL.get(
            os.environ.get("MOTCUA_SMS_BACKEND", "console" if DEBUG else "http"),
            "motcua.outbound.channels.sms.HttpSmsChannel",
        ),
        "URL": os.environ.get("MOTCUA_SMS_URL", ""),
        "USERNAME": os.environ.get("MOTCUA_SMS_USERNAME", ""),
        "PASSWORD": os.environ.get("MOTCUA_SMS_PASSWORD", ""),
        "BRANDNAME": os.environ.get("MOTCUA_SMS_BRANDNAME", ""),
        "TIMEOUT": 10,
    },
    "zalo": {
        "CLASS": _FAKE_CHANNEL.get(
            os.environ.get("MOTCUA_ZALO_BACKEND", "console" if DEBUG else "zns"),
            "motcua.outbound.channels.zalo.ZaloZnsChannel",
        ),
        "URL": os.environ.get(
            "MOTCUA_ZALO_ZNS_URL", "https://business.openapi.zalo.me/message/template"
        ),
        "ACCESS_TOKEN": os.environ.get("MOTCUA_ZALO_ACCESS_TOKEN", ""),
        # One approved ZNS template per message kind: {"received": "123456", …}.
        "TEMPLATES": dict(
            item.split("=", 1) for item in env_list("MOTCUA_ZALO_TEMPLATES", []) if "=" in item
        ),
        "TIMEOUT": 10,
    },
}
MOTCUA_FILE_CHANNEL_DIR = Path(os.environ.get("MOTCUA_FILE_CHANNEL_DIR", VAR_DIR / "outbox"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10

# --- Payments (docs/payments.md) -------------------------------------------------------------
# Providers by code; the payment page offers the enabled online ones in this order.
MOTCUA_PAYMENT_PROVIDERS = {
    "vnpay": "motcua.payments.providers.vnpay.VnpayProvider",
    "sandbox": "motcua.payments.providers.sandbox.SandboxProvider",
    "counter": "motcua.payments.providers.counter.CounterProvider",
}
# The local fake gateway (demo, browser tests). Never in production.
MOTCUA_PAYMENT_SANDBOX = env_bool("MOTCUA_PAYMENT_SANDBOX", DEBUG)
MOTCUA_PAYMENT_LINK_DAYS = int(os.environ.get("MOTCUA_PAYMENT_LINK_DAYS", "60"))
VNPAY_TMN_CODE = os.environ.get("VNPAY_TMN_CODE", "")
VNPAY_HASH_SECRET = os.environ.get("VNPAY_HASH_SECRET", "")
VNPAY_PAYMENT_URL = os.environ.get(
    "VNPAY_PAYMENT_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
)
VNPAY_API_URL = os.environ.get(
    "VNPAY_API_URL", "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
)
# vnp_IpAddr of the server's own querydr/refund requests.
VNPAY_SERVER_IP = os.environ.get("VNPAY_SERVER_IP", "127.0.0.1")
VNPAY_EXPIRE_MINUTES = int(os.environ.get("VNPAY_EXPIRE_MINUTES", "15"))
