"""Django settings for RANTING.

Every setting that varies between machines is read here, and only here, through the typed helpers
below. Development defaults are safe to run from a fresh clone (SQLite under var/); production must
set RANTING_SECRET_KEY and RANTING_DEBUG=0, or start-up fails loudly.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as err:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from err


DEBUG = envbool("RANTING_DEBUG", True)
SECRET_KEY = envstr("RANTING_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("RANTING_SECRET_KEY must be set when RANTING_DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "RANTING_SECRET_KEY must be at least 50 random characters, e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = [h for h in envstr("RANTING_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
VAR_DIR = Path(envstr("RANTING_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ranting.regions",
    "ranting.accounts",
    "ranting.children",
    "ranting.measurements",
    "ranting.recaps",
    "ranting.dashboards",
    "ranting.analysis",
    "ranting.guide",
    "ranting.demo",
    "ranting.quality",
    "ranting.usage",
    "ranting.publication",
    "ranting.review",
    "ranting.facts",
    "ranting.api",
    "ranting.transfer",
    "ranting.audit",
    "ranting.interop",
    "ranting.offline",
    "ranting.cluster",
    "auditlog",  # audit trail of children, measurements, users, reports (ranting.audit)
    "ninja",  # serves the Swagger UI files of the /api/v1/docs page from /static/ninja/
    "axes",  # sign-in lockout after repeated failures (ranting.accounts.lockout)
    "django_otp",  # optional two-step sign-in (ranting.accounts.twofactor)
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response, static too
    "ranting.accounts.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # user.is_verified(): two-step code given
    "ranting.accounts.middleware.TwoFactorMiddleware",  # code or enrolment before anything else
    "auditlog.middleware.AuditlogMiddleware",  # after auth: the actor of each audit entry
    "ranting.usage.middleware.UsageMiddleware",  # after auth: records report views (Aksi 6)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "ranting.urls"
WSGI_APPLICATION = "ranting.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ranting" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ranting.accounts.context_processors.role",
            ],
        },
    },
]

# DATABASE_URL wins (production); otherwise DB=postgres with DB_* parts; otherwise SQLite.
# PostgreSQL goes through Django's backend with bulk inserts as VALUES (ranting.lib.postgresql).
POSTGRESQL_ENGINE = "ranting.lib.postgresql"
_db_url = envstr("DATABASE_URL", "")
_db_kind = envstr("DB", "sqlite")
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = POSTGRESQL_ENGINE
elif _db_kind == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": POSTGRESQL_ENGINE,
            "NAME": envstr("DB_NAME", "ranting"),
            "USER": envstr("DB_USER", "postgres"),
            "PASSWORD": envstr("DB_PASSWORD", ""),
            "HOST": envstr("DB_HOST", "127.0.0.1"),
            "PORT": envstr("DB_PORT", "5432"),
            "CONN_MAX_AGE": 60,
        }
    }
elif _db_kind == "sqlite":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": envstr("DB_NAME", str(VAR_DIR / "ranting.sqlite3")),
            # IMMEDIATE: a writing transaction takes the lock at BEGIN and waits up to `timeout`
            # for it, instead of failing with "database is locked" when it upgrades later.
            "OPTIONS": {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
else:
    raise ImproperlyConfigured(f"DB must be 'sqlite' or 'postgres', got {_db_kind!r}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Django's rules with Indonesian messages, minimum 12 characters (ranting.accounts.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "ranting.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "ranting.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "ranting.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "ranting.accounts.passwords.NumericPasswordValidator"},
    {"NAME": "ranting.accounts.passwords.ContextWordsValidator"},
]
# Axes first: it refuses a locked-out username + IP before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Source strings are written in Bahasa Indonesia (the users' language) and marked for translation.
LANGUAGE_CODE = "id"
# One UI language: number parsing (decimal comma) must not change with the phone's language.
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "ranting" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("RANTING_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "ranting" / "static"]
# In development WhiteNoise serves straight from the app folders, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Production: compressed copies made by collectstatic, served by WhiteNoise (`ranting serve`).
# No hashed names: the offline form's ES modules import each other by plain name.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}

# --- Security (docs/deployment.md) -------------------------------------------------------------
# Served over HTTPS, directly or behind a TLS proxy: Secure cookies, HSTS, redirect to https.
HTTPS = envbool("RANTING_HTTPS", not DEBUG)
# Reverse proxies in front of the app. Only then are X-Forwarded-Proto (https or not) and
# X-Forwarded-For (the client IP that lockout and API rate limits count) believed; with 0 a
# client could otherwise fake its IP and dodge both.
PROXY_COUNT = envint("RANTING_PROXY_COUNT", 0)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
NINJA_NUM_PROXIES = PROXY_COUNT  # the API's rate limits (ninja reads X-Forwarded-For the same way)
SECURE_SSL_REDIRECT = envbool("RANTING_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = envint("RANTING_HSTS_SECONDS", 31_536_000 if HTTPS else 0)  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("RANTING_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("RANTING_HSTS_PRELOAD", False)
# Preload lists take only a registrable domain, on its owner's request (hstspreload.org): a
# decision for whoever runs the domain, not a default, so its reminder (W021) is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No page uses these device features (ranting.accounts.middleware sends the header).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Content-Security-Policy (django-csp): only this site's own files; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = envint("RANTING_SESSION_HOURS", 12) * 3600
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = HTTPS
# Not HttpOnly: the offline form's script sends the token with its API calls (offline/js/sync.js).
CSRF_COOKIE_HTTPONLY = False
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in envstr("RANTING_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Sign-in lockout (django-axes): after N wrong passwords or codes from one username + IP, that
# pair is refused for the lockout time (0: until a superadmin unlocks it at /akun/keamanan/).
AXES_FAILURE_LIMIT = envint("RANTING_LOGIN_FAILURE_LIMIT", 5)
_lockout_minutes = envint("RANTING_LOGIN_LOCKOUT_MINUTES", 30)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_lockout_minutes) if _lockout_minutes > 0 else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ranting.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ranting.accounts.lockout.client_ip"
# Masked in axes' log lines and in the form data it keeps of failed attempts (the password
# always is): the two-step code too.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]

# `ranting serve` (gunicorn): listen address, worker processes (0: 2 x CPU cores + 1), threads
# per worker (1: gunicorn's sync workers, see commands/serve.py), and seconds after which a
# worker stuck in one request is replaced.
SERVE_BIND = envstr("RANTING_BIND", "127.0.0.1:8000")
SERVE_WORKERS = envint("RANTING_WORKERS", 0)
SERVE_THREADS = envint("RANTING_THREADS", 1)
if SERVE_THREADS < 1:
    raise ImproperlyConfigured("RANTING_THREADS must be at least 1 (1: sync workers)")
SERVE_TIMEOUT = envint("RANTING_TIMEOUT", 120)

# Monthly facts after a write: "inline" (recomputed in the writer's transaction) or "queued"
# (PostgreSQL: the writer queues the posyandu-month and a thread of each `ranting serve` worker
# recomputes the queue every FACTS_REFRESH_SECONDS; facts.services explains the trade).
FACTS_REFRESH = envstr("RANTING_FACTS_REFRESH", "inline")
FACTS_REFRESH_SECONDS = envint("RANTING_FACTS_REFRESH_SECONDS", 1)
if FACTS_REFRESH not in {"inline", "queued"}:
    raise ImproperlyConfigured(
        f"RANTING_FACTS_REFRESH must be inline or queued, got {FACTS_REFRESH!r}"
    )
if FACTS_REFRESH == "queued" and DATABASES["default"]["ENGINE"] != POSTGRESQL_ENGINE:
    raise ImproperlyConfigured("RANTING_FACTS_REFRESH=queued needs PostgreSQL (SKIP LOCKED)")
if FACTS_REFRESH_SECONDS < 1:
    raise ImproperlyConfigured("RANTING_FACTS_REFRESH_SECONDS must be at least 1")

# Two-step sign-in (django-otp TOTP). Roles listed here must enrol; empty: optional for admin
# kelurahan, kecamatan, dinas and superadmin (kader never use it).
OTP_TOTP_ISSUER = "RANTING"
TOTP_REQUIRED_ROLES = frozenset(
    r.strip() for r in envstr("RANTING_TOTP_REQUIRED_ROLES", "").split(",") if r.strip()
)
_totp_roles = {"admin_kelurahan", "kecamatan", "dinas", "superadmin"}
if TOTP_REQUIRED_ROLES - _totp_roles:
    raise ImproperlyConfigured(
        f"RANTING_TOTP_REQUIRED_ROLES may list only {sorted(_totp_roles)}, "
        f"got {sorted(TOTP_REQUIRED_ROLES - _totp_roles)}"
    )

# Domain settings (see docs/configuration.md).
# Day of the month by which the admin kelurahan must verify the posyandu reports (RANTING SOP).
RECAP_DEADLINE_DAY = envint("RANTING_RECAP_DEADLINE_DAY", 30)
# Day of the month by which a kader must submit the posyandu report to the kelurahan.
SUBMIT_DEADLINE_DAY = envint("RANTING_SUBMIT_DEADLINE_DAY", 25)
# Optional path to a KBM table CSV replacing the shipped default (months 7 and 11 differ by source).
KBM_TABLE_PATH = envstr("RANTING_KBM_TABLE", "")
# Prevalence targets in percent shown beside the figures. Stunting 14%: RPJMN 2020-2024 national
# target. RANTING_STUNTING_TARGET overrides it (e.g. a city's own RPJMD target).
PREVALENCE_TARGETS = {"stunting": float(envstr("RANTING_STUNTING_TARGET", "14"))}
# Small-cell suppression of the public publication (ranting.publication.suppression): a
# prevalence cell is hidden when its denominator is below the first or its numerator is 1 to
# below the second; complementary cells are hidden so no hidden value follows from the totals.
PUBLIC_MIN_DENOMINATOR = envint("RANTING_PUBLIC_MIN_DENOMINATOR", 10)
PUBLIC_MIN_NUMERATOR = envint("RANTING_PUBLIC_MIN_NUMERATOR", 5)
# Coverage targets of the lokus matrix, "code=percent" pairs overriding the cited defaults
# (analysis/lokus_rules.py), e.g. "ds=85,asi=70". Checked when the matrix is built.
LOKUS_TARGETS = envstr("RANTING_LOKUS_TARGETS", "")
# Days a report-usage row (who viewed or downloaded which report) is kept; 0 keeps them for ever.
# Two years covers the yearly review (Aksi 8) of the year before. Purged by `purge_usage`.
USAGE_RETENTION_DAYS = envint("RANTING_USAGE_RETENTION_DAYS", 730)

# JSON API rate limits ("count/period", period s, m, h or d; empty switches a limit off): per
# signed-in user, and per client IP for requests without valid credentials.
API_RATE_USER = envstr("RANTING_API_RATE_USER", "300/m")
API_RATE_ANON = envstr("RANTING_API_RATE_ANON", "30/m")

# Audit trail (ranting.audit): rows written by `ranting restore` or fixtures (raw saves) are the
# saved history itself, not new changes, so they make no audit entries.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# The entries live in our own table (audit_logentry) with the kota of each, so a national
# cluster distributes them with the city data (docs/scaling.md, Citus).
AUDITLOG_LOGENTRY_MODEL = "audit.LogEntry"
# FHIR R4 export (ranting.interop). Sending to a live platform (e.g. SATUSEHAT) is off unless
# enabled; the token is a bearer token obtained outside RANTING (use RANTING_FHIR_TOKEN_FILE).
FHIR_SEND_ENABLED = envbool("RANTING_FHIR_SEND_ENABLED", False)
FHIR_BASE_URL = envstr("RANTING_FHIR_BASE_URL", "")
FHIR_TOKEN = envstr("RANTING_FHIR_TOKEN", "")
FHIR_TIMEOUT_SECONDS = envint("RANTING_FHIR_TIMEOUT", 30)
# Base of the identifier systems for RANTING's own ids (child, posyandu, measurement, z-score
# codes); set it to a URL the deploying organisation controls.
FHIR_SYSTEM_BASE = envstr("RANTING_FHIR_SYSTEM_BASE", "urn:ranting")

# Largest register file the web import accepts (MB); bigger files go through `ranting import`.
IMPORT_MAX_UPLOAD_MB = envint("RANTING_IMPORT_MAX_MB", 50)

LOG_LEVEL = envstr("RANTING_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler masks NIK and KK numbers (ranting.lib.logging); a handler's filter also
    # sees the records of child loggers (django.request quoting a path, a database error).
    "filters": {"mask_nik": {"()": "ranting.lib.logging.MaskNikFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_nik"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (console when DEBUG, mail to ADMINS) are replaced: its records
        # go to the masked handler above, so none leaves unmasked.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # runserver's request lines (they carry query strings).
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
