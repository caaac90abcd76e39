"""Production settings from the environment: `check --deploy` is clean with the values that
docs/deployment.md documents, and start-up fails loudly without a proper secret key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # From scratch: settings.py must need nothing but these variables.
    full = {"DJANGO_SETTINGS_MODULE": "ranting.settings", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=180
    )


SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ("
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
    "'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', "
    "'NINJA_NUM_PROXIES', 'CSRF_TRUSTED_ORIGINS', 'ALLOWED_HOSTS', 'SESSION_COOKIE_AGE', "
    "'STORAGES', 'CONTENT_SECURITY_POLICY', 'DATABASES')}, default=str))"
)


def test_check_deploy_is_clean_with_the_documented_values(production_env, tmp_path):
    result = run(
        production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_does_complain_about_development_values(tmp_path):
    # The check above would pass for nothing if the command saw no problems at all.
    env = {"DB_NAME": str(tmp_path / "dev.sqlite3")}
    result = run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    for code in ("security.W018", "security.W012", "security.W016", "security.W004"):
        assert code in result.stderr + result.stdout, code


def test_the_documented_values_harden_cookies_https_and_the_proxy(production_env, tmp_path):
    result = run(production_env(tmp_path), "-c", SHOW)
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout)

    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert (s["SESSION_COOKIE_SAMESITE"], s["CSRF_COOKIE_SAMESITE"]) == ("Lax", "Lax")
    assert s["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["NINJA_NUM_PROXIES"] == 1
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://ranting.example.go.id"]
    assert s["ALLOWED_HOSTS"] == ["ranting.example.go.id"]
    assert s["SESSION_COOKIE_AGE"] == 12 * 3600
    assert s["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")
    assert s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["upgrade-insecure-requests"] is True
    assert s["DATABASES"]["default"]["NAME"] == str(tmp_path / "ranting.sqlite3")


def test_development_defaults_stay_on_plain_http(tmp_path):
    result = run({"DB_NAME": str(tmp_path / "dev.sqlite3")}, "-c", SHOW)
    s = json.loads(result.stdout)

    assert s["DEBUG"] is True
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_PROXY_SSL_HEADER"] is None
    assert s["NINJA_NUM_PROXIES"] == 0  # X-Forwarded-For is not believed without a proxy


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"RANTING_SECRET_KEY_FILE": None}, "RANTING_SECRET_KEY must be set", id="no-key"
        ),
        pytest.param(
            {"RANTING_SECRET_KEY_FILE": None, "RANTING_SECRET_KEY": "kunci-pendek"},
            "at least 50 random characters",
            id="short-key",
        ),
        pytest.param(
            {"RANTING_TOTP_REQUIRED_ROLES": "dinas,kader"},
            "RANTING_TOTP_REQUIRED_ROLES may list only",
            id="totp-for-kader",
        ),
        pytest.param(
            {"RANTING_LOGIN_FAILURE_LIMIT": "lima"}, "must be an integer", id="bad-integer"
        ),
        pytest.param({"RANTING_HTTPS": "mungkin"}, "must be a boolean", id="bad-boolean"),
        pytest.param({"RANTING_THREADS": "0"}, "RANTING_THREADS must be at least 1", id="threads"),
    ],
)
def test_it_refuses_to_start_with_a_bad_value(production_env, tmp_path, change, message):
    env = production_env(tmp_path)
    for name, value in change.items():
        if value is None:
            env.pop(name)
        else:
            env[name] = value

    result = run(env, "manage.py", "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_the_secret_key_can_come_from_a_file(production_env, tmp_path):
    env = production_env(tmp_path)
    key = Path(env["RANTING_SECRET_KEY_FILE"]).read_text().strip()

    result = run(env, "-c", "import django; django.setup(); from django.conf import settings; "
                 "print(settings.SECRET_KEY)")  # fmt: skip

    assert result.stdout.strip() == key
