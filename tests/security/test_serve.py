"""`ranting serve` in production mode, behind a (simulated) TLS proxy: migrate, collectstatic,
gunicorn; static files from WhiteNoise; a real sign-in with hardened cookies; masked logs."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "ranting.example.go.id"  # RANTING_ALLOWED_HOSTS of docs/deployment.md
NIK = "3275061503240001"
NIK_MASKED = "3275\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220001"
PASSWORD = "kunyit-asam-jahe-merah"
SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from ranting.accounts.models import User
User.objects.create_user("kader_uji", password="{PASSWORD}", role="kader")
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, production_env):
    tmp = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {
        "DJANGO_SETTINGS_MODULE": "ranting.settings",
        **production_env(tmp),
        "RANTING_BIND": f"127.0.0.1:{port}",
        "RANTING_WORKERS": "1",
        "PATH": str(Path(sys.executable).parent),
    }
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=300)
    log = (tmp / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "ranting.cli", "serve", "--migrate"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            _get(base, "/akun/masuk/")
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail((tmp / "serve.log").read_text())
            time.sleep(0.3)
    else:
        pytest.fail("ranting serve did not answer")
    yield {"base": base, "log": tmp / "serve.log", "static_root": Path(env["RANTING_STATIC_ROOT"])}
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    log.close()


def _request(base, path, *, data=None, headers=None, proxied=True):
    all_headers = {"Host": HOST, **(headers or {})}
    if proxied:  # what the TLS proxy adds (RANTING_PROXY_COUNT=1)
        all_headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    request = urllib.request.Request(base + path, data=data, headers=all_headers)
    try:
        return OPENER.open(request, timeout=30)
    except urllib.error.HTTPError as err:
        return err


def _get(base, path, **kwargs):
    return _request(base, path, **kwargs)


def _cookies(response) -> dict[str, str]:
    """name → the whole Set-Cookie line."""
    return {line.split("=", 1)[0]: line for line in response.headers.get_all("Set-Cookie") or []}


def test_plain_http_is_redirected_to_https(server):
    response = _get(server["base"], "/akun/masuk/", proxied=False)

    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/akun/masuk/"


def test_pages_carry_hsts_and_the_csp(server):
    response = _get(server["base"], "/akun/masuk/")

    assert response.status == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "upgrade-insecure-requests" in csp


def test_static_files_are_collected_and_served_compressed(server):
    assert (server["static_root"] / "css" / "ranting.css").exists()
    assert (server["static_root"] / "css" / "ranting.css.gz").exists()

    response = _get(server["base"], "/static/css/ranting.css", headers={"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "public" in response.headers["Cache-Control"]


def test_a_real_sign_in_gets_hardened_cookies(server):
    base = server["base"]
    page = _get(base, "/akun/masuk/")
    csrf_line = _cookies(page)["csrftoken"]
    token = re.search(r"csrftoken=([^;]+)", csrf_line).group(1)
    form = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    body = f"csrfmiddlewaretoken={form}&username=kader_uji&password={PASSWORD}".encode()
    headers = {
        "Cookie": f"csrftoken={token}",
        "Origin": f"https://{HOST}",
        "Referer": f"https://{HOST}/akun/masuk/",
        "Content-Type": "application/x-www-form-urlencoded",
    }

    signed_in = _request(base, "/akun/masuk/", data=body, headers=headers)

    assert signed_in.status == 302
    session_line = _cookies(signed_in)["sessionid"]
    for flag in ("HttpOnly", "Secure", "SameSite=Lax", "Max-Age=43200"):
        assert flag in session_line
    assert "Secure" in csrf_line
    assert "SameSite=Lax" in csrf_line
    session = re.search(r"sessionid=([^;]+)", session_line).group(1)
    children = _get(base, "/anak/", headers={"Cookie": f"sessionid={session}"})
    assert children.status == 200


def test_logs_hold_no_query_string_and_no_nik(server):
    _get(server["base"], f"/akun/masuk/?cari={NIK}")
    _get(server["base"], f"/tidak-ada/{NIK}/")
    time.sleep(1)  # gunicorn writes the access line after the response

    log = server["log"].read_text()
    assert NIK not in log
    assert f"/tidak-ada/{NIK_MASKED}/" in log  # access log line and Django's "Not Found"
    assert '"GET /akun/masuk/ HTTP/1.1" 200' in log
    assert "cari=" not in log


def test_by_default_each_worker_takes_a_request_only_when_idle(server):
    # gunicorn's sync workers: no request queues in a busy worker beside an idle one.
    log = server["log"].read_text()

    assert "Using worker: sync" in log
    assert "gthread" not in log
