"""Security headers and cookie flags on real responses."""

from __future__ import annotations

import pytest

LOGIN = "/akun/masuk/"
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
}


def _directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


@pytest.mark.parametrize("path", [LOGIN, "/api/v1/regions", "/publikasi/publik/", "/luring/sw.js"])
def test_every_response_carries_the_headers(client, db, path):
    response = client.get(path)

    assert _directives(response.headers["Content-Security-Policy"]) == CSP
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()"):
        assert feature in policy


def test_https_adds_hsts(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    secure = client.get(LOGIN, secure=True)
    plain = client.get(LOGIN)

    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in plain.headers  # browsers ignore it on http


def test_https_redirects_plain_http(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(LOGIN)

    assert response.status_code == 301
    assert response.url == "https://testserver/akun/masuk/"


def test_behind_the_proxy_its_https_header_counts(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    assert client.get(LOGIN, HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get(LOGIN, HTTP_X_FORWARDED_PROTO="http").status_code == 301


def test_session_and_csrf_cookies_are_hardened(people, password, client, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client.get(LOGIN)

    response = client.post(LOGIN, {"username": "kader", "password": password})

    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["secure"] is True
    assert int(session["max-age"]) == settings.SESSION_COOKIE_AGE == 12 * 3600
    csrf = response.cookies.get("csrftoken") or client.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    assert csrf["secure"] is True
    # Readable by script on purpose: the offline form sends it as X-CSRFToken.
    assert not csrf["httponly"]


def test_the_session_changes_at_sign_in(people, password, client):
    client.get(LOGIN)
    client.cookies["sessionid"] = "dipasang-penyerang"  # session fixation attempt

    client.post(LOGIN, {"username": "kader", "password": password})

    assert client.cookies["sessionid"].value != "dipasang-penyerang"
