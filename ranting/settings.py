"""Django settings for RANTING.

Every setting that varies between machines is read here, and only here, through the typed helpers
below. Development defaults are safe to run from a fresh clone (SQLite under var/); production must
set RANTING_SECRET_KEY and RANTING_DEBUG=0, or start-up fails loudly.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
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
    "auditlog",  # audit trail of children, measurements, users, reports (ranting.audit)
    "ninja",  # serves the Swagger UI files of the /api/v1/docs page from /static/ninja/
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",  # after auth: the actor of each audit entry
    "ranting.usage.middleware.UsageMiddleware",  # after auth: records report views (Aksi 6)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
_db_url = envstr("DATABASE_URL", "")
_db_kind = envstr("DB", "sqlite")
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
elif _db_kind == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
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
            "OPTIONS": {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
else:
    raise ImproperlyConfigured(f"DB must be 'sqlite' or 'postgres', got {_db_kind!r}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("RANTING_LOG_LEVEL", "WARNING")},
}
