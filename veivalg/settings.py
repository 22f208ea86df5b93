"""Veivalg settings: one file, driven by environment variables with safe development defaults."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number such as 2.5, got {raw!r}") from None
    if not value >= minimum:  # also refuses nan
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def env_json(name: str) -> dict | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a JSON object: {error}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, got {type(value).__name__}")
    return value


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
PRODUCTION = env_bool("PRODUCTION", False)
if PRODUCTION and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set to a real secret in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "veivalg.core",
    "veivalg.places",
    "veivalg.directory",
    "veivalg.accounts",
    "veivalg.audit",
    "veivalg.content",
    "veivalg.events",
    "veivalg.guide",
    "veivalg.sitesearch",
    "veivalg.reminders",
    "veivalg.intake",
    "veivalg.placements",
    "veivalg.stats",
    "veivalg.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Staff sign-in hardening (issue 5, item 2): TOTP second factor and lockout.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "veivalg.core.middleware.PermissionsPolicyMiddleware",
    "veivalg.core.input_guard.QueryStringGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "veivalg.core.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside the middleware below, so it sees every response they give a signed-in user.
    "veivalg.accounts.sessions.PrivateResponseMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "veivalg.accounts.staff.StaffSecurityMiddleware",
    "veivalg.accounts.sessions.CitizenSessionMiddleware",
    "veivalg.core.ratelimit.RateLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "veivalg.urls"
WSGI_APPLICATION = "veivalg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "veivalg.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "veivalg_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "veivalg" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# Attachments, letters and application copies: outside the web root (no URL), read only through
# views that check who may see them. PRIVATE_STORAGE_BACKEND and PRIVATE_STORAGE_OPTIONS (JSON)
# point it at an S3-compatible store (django-storages) instead.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES["private"] = {
    "BACKEND": os.environ.get("PRIVATE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
    "OPTIONS": env_json("PRIVATE_STORAGE_OPTIONS") or {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
}
# Intake (issue 6): the main deadline for municipal places when a municipality has set none
# (month, day), the office's target for answers (month, day), and the largest attachment.
INTAKE_DEFAULT_DEADLINE = (2, 1)
INTAKE_DEFAULT_ANSWER_BY = (5, 1)
INTAKE_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
INTAKE_MAX_ATTACHMENTS = 10
INTAKE_NAV_ANSWER_DAYS = 42
# Flow meetings (dynamisk flyt): the ISO weeks of the year they are held by default.
FLOW_MEETING_WEEKS = (18, 41)
# Statistics are aggregates over years: the dashboards may show figures this many seconds old.
STATS_CACHE_SECONDS = env_int("STATS_CACHE_SECONDS", 300)
# Decisions can be appealed within three weeks of the letter (forvaltningsloven § 29).
INTAKE_COMPLAINT_DAYS = 21
# Drafts not touched for this many days are deleted by remove_expired_data.
RETENTION_DRAFT_APPLICATION_DAYS = env_int("RETENTION_DRAFT_APPLICATION_DAYS", 180)

WAGTAIL_SITE_NAME = "Veivalg"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "veivalg.core.search_backends",
        # Our own Norwegian analyser prepares the text (see directory/search), so the
        # database must not stem it again: 'simple' keeps tokens as they are.
        "SEARCH_CONFIG": "simple",
    }
}
# Offers are indexed explicitly by the directory app after their search text is built.
WAGTAILSEARCH_AUTO_UPDATE = True


def cache_settings(url: str, *, prefix: str, local_name: str, max_entries: int) -> dict:
    """Redis at `url` (short time-outs, so a stalled server costs a second, not a request), or a
    per-process memory cache when no URL is set (development, one server)."""
    if url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": local_name,
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


# A shared cache (Redis) in production through CACHE_URL, e.g. redis://127.0.0.1:6379/1.
# Rate-limit counters live in a cache of their own, so that filling the page cache cannot evict
# them: the same Redis under another key prefix by default, or another server through
# RATELIMIT_CACHE_URL (Redis evicts by memory across all its databases). Both fail open
# (core/ratelimit.py, core/page_cache.py): with Redis down the site serves fresh pages and
# counts per process.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": cache_settings(CACHE_URL, prefix="", local_name="veivalg-pages", max_entries=5000),
    "ratelimit": cache_settings(
        os.environ.get("RATELIMIT_CACHE_URL", CACHE_URL),
        prefix="ratelimit",
        local_name="veivalg-ratelimit",
        max_entries=100_000,
    ),
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A task RUNNING longer than this lost its worker (killed mid-run) and goes back in the queue
# (`requeue_stuck_tasks`, from the scheduler); after TASK_MAX_ATTEMPTS starts it is given up.
# The longest real task (a letter PDF, a re-index of the directory) takes well under a minute.
TASK_STUCK_AFTER_SECONDS = env_int("TASK_STUCK_AFTER_SECONDS", 900, minimum=60)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 3, minimum=1)

LOGIN_URL = "wagtailadmin_login"


def email_settings(url: str) -> dict:
    """EMAIL_URL such as smtp://user:password@host:587?tls=true, or console:// (the default)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme in {"", "console"}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp://, smtps:// or console://, got {parts.scheme!r}"
        )
    query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls") in {"1", "true", "yes"},
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": 10,
    }


globals().update(email_settings(os.environ.get("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Veivalg <ikke-svar@veivalg.example>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses are switched off for the page and anything it embeds
# (core/middleware.py). The read-aloud button uses speechSynthesis, which needs no permission.
PERMISSIONS_POLICY = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
if PRODUCTION:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Where the directory keeps an offer's "checked" status from going stale.
OFFER_REVIEW_INTERVAL_DAYS = 365
SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_PAGE_SIZE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SITE_NAME = _("Veivalg")
SHOW_DEMO_BANNER = env_bool("SHOW_DEMO_BANNER", True)
# The load_demo_* commands write fictional people, staff and a known password: they refuse to
# run unless DEBUG is on or this is set (`make demo` sets it; a demo server may too).
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", False)
# Serve static files straight from the app folders unless collectstatic has been run.
WHITENOISE_USE_FINDERS = True

# --- Sign-in (issue 5) ---
# Citizens sign in with OpenID Connect (ID-porten in production; `manage.py run_oidc_mock` in
# development, see veivalg/accounts/README.md).
import hashlib  # noqa: E402

OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "http://127.0.0.1:8009").rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "veivalg-dev")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "veivalg-dev-secret")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile")
OIDC_HTTP_TIMEOUT = env_float("OIDC_HTTP_TIMEOUT", 10)
# A citizen is signed out after this long without a request, and this long after signing in
# however active (seconds); then a plain message on the sign-in page (accounts/sessions.py).
CITIZEN_IDLE_SECONDS = env_int("CITIZEN_IDLE_SECONDS", 30 * 60, minimum=60)
CITIZEN_SESSION_MAX_SECONDS = env_int("CITIZEN_SESSION_MAX_SECONDS", 12 * 60 * 60, minimum=60)
# Django's default is 14 days. No session outlives the citizen maximum unused: the cookie and
# the stored session expire this long after the session was last saved.
SESSION_COOKIE_AGE = CITIZEN_SESSION_MAX_SECONDS
# The key for the identity-number hash. Changing it makes every person unfindable at sign-in,
# so production sets its own and keeps it; the default is derived from SECRET_KEY.
IDENTITY_HASH_KEY = (
    os.environ.get("IDENTITY_HASH_KEY")
    or hashlib.sha256(f"veivalg.identity-hash:{SECRET_KEY}".encode()).hexdigest()
)
if PRODUCTION and not os.environ.get("IDENTITY_HASH_KEY"):
    raise ImproperlyConfigured("IDENTITY_HASH_KEY must be set in production.")
# The key of the access log's hash chain (audit/chain.py). Changing it makes every existing entry
# fail `verify_access_log`, so it is kept for good; the default is derived from IDENTITY_HASH_KEY,
# which production already keeps (docs/operations/database-roles.md).
ACCESS_LOG_CHAIN_KEY = (
    os.environ.get("ACCESS_LOG_CHAIN_KEY")
    or hashlib.sha256(f"veivalg.access-log-chain:{IDENTITY_HASH_KEY}".encode()).hexdigest()
)
TEMPLATES[0]["OPTIONS"]["context_processors"].append("veivalg.accounts.context_processors.acting_for")
# Retention (days) for what `remove_expired_data` deletes; see veivalg/accounts/README.md.
RETENTION_ENDED_CONSENT_DAYS = env_int("RETENTION_ENDED_CONSENT_DAYS", 3 * 365)
RETENTION_HANDLED_REQUEST_DAYS = env_int("RETENTION_HANDLED_REQUEST_DAYS", 365)
# Event registrations (name, contact details, needs) are emptied this long after the event.
EVENT_REGISTRATION_RETENTION_DAYS = env_int("EVENT_REGISTRATION_RETENTION_DAYS", 30)
# An event sign-up counts once the person opens the link in the e-mail, within this many hours;
# unconfirmed sign-ups are deleted by the daily removal after that.
EVENT_CONFIRMATION_HOURS = env_int("EVENT_CONFIRMATION_HOURS", 48, minimum=1)
# Records of outgoing mail (core/mail.py) hold the address; they are deleted after this many days.
OUTGOING_MAIL_RETENTION_DAYS = env_int("OUTGOING_MAIL_RETENTION_DAYS", 90, minimum=1)
ACCESS_LOG_PAGE_SIZE = 25
# Synthetic identity numbers (month + 80, as in ID-porten's test environment and Tenor).
IDENTITY_ACCEPT_SYNTHETIC = env_bool("IDENTITY_ACCEPT_SYNTHETIC", not PRODUCTION)
DIRECTORY_VERSION_SECONDS = env_float("DIRECTORY_VERSION_SECONDS", 2)

# --- Staff sign-in and security headers (issue 5, item 2 and "Security") ---
from datetime import timedelta  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username + address before the password is tried.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff must confirm a TOTP code (django-otp) after the password before /redaktor/ opens.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)
# A staff session unused this long is signed out (seconds).
STAFF_IDLE_SECONDS = env_int("STAFF_IDLE_SECONDS", 30 * 60, minimum=60)
OTP_TOTP_ISSUER = "Veivalg"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0) or None
AXES_VERBOSE = False
# Only failures are kept; successful sign-ins are in Wagtail's and our own logs.
AXES_DISABLE_ACCESS_LOG = True
# POSTs allowed per client address and period (seconds) for views that sign in or send e-mail;
# past that a 429 page (veivalg/core/ratelimit.py). Keys are URL names, except
# "sign_in_failures": failed password sign-ins per address across all usernames, after which
# both staff sign-in pages (/ansatt/logg-inn/, /redaktor/login/) answer 429 for the period. Only
# failures count, so an office behind one address can still sign in in the morning.
RATE_LIMITS = {
    "sign_in_failures": (20, 900),
    "accounts:start_sign_in": (10, 60),
    "wagtailadmin_login": (20, 300),
    "events:register": (10, 600),
    "reminders:subscribe": (10, 600),
    "directory:report_error": (10, 600),
    "staff:verify": (10, 300),
    "staff:enrol": (10, 300),
}
# Content-Security-Policy (django-csp 4): no inline script or style on the public site.
# The Wagtail admin (/redaktor/) and the API docs page (Swagger UI from django-ninja) rely on
# inline scripts and styles that we do not control, so those prefixes are left without the
# header; both are behind sign-in or carry no user content.
# form-action is left out on purpose: sign-in and sign-out forms redirect to the OIDC provider.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/redaktor/", "/api/docs"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
