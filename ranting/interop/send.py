"""Sending a FHIR bundle to a live platform (e.g. SATUSEHAT): off unless configured.

RANTING_FHIR_SEND_ENABLED must be on and RANTING_FHIR_BASE_URL set; the bundle is validated
again, then POSTed to `<base>/Bundle` as application/fhir+json with the bearer token. A token is
only sent over HTTPS (plain HTTP is accepted for a server on this machine, e.g. a test server).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from ranting.interop.fhir import validate

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_REPLY_CHARS = 500  # enough of a platform's OperationOutcome to say what it refused


class SendRefused(Exception):
    """Sending is switched off or misconfigured; nothing left this machine."""


class SendFailed(Exception):
    """The platform could not be reached or refused the bundle."""


@dataclass(frozen=True)
class SendResult:
    status: int
    location: str
    body: str


def _target() -> str:
    if not settings.FHIR_SEND_ENABLED:
        raise SendRefused(
            "Pengiriman FHIR dimatikan (RANTING_FHIR_SEND_ENABLED=0). Bundle hanya disimpan ke "
            "berkas; nyalakan pengiriman bila dinas sudah punya akses platform."
        )
    base = settings.FHIR_BASE_URL.strip().rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SendRefused(
            "RANTING_FHIR_BASE_URL belum diisi atau bukan alamat http(s), misalnya "
            "https://api-satusehat.kemkes.go.id/fhir-r4/v1."
        )
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise SendRefused("RANTING_FHIR_BASE_URL harus https: token tidak dikirim tanpa enkripsi.")
    return f"{base}/Bundle"


def send_bundle(bundle: dict) -> SendResult:
    """POST `bundle` to the configured platform; returns its answer.

    Raises SendRefused (switched off, no or unsafe URL, invalid bundle: nothing sent) or
    SendFailed (network error or an HTTP error status, with the platform's reply).
    """
    url = _target()
    body = json.dumps(validate(bundle), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
    if settings.FHIR_TOKEN:
        headers["Authorization"] = f"Bearer {settings.FHIR_TOKEN}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.FHIR_TIMEOUT_SECONDS) as response:
            reply = response.read().decode(errors="replace")
            return SendResult(response.status, response.headers.get("Location", ""), reply)
    except urllib.error.HTTPError as err:
        reply = err.read().decode(errors="replace")[:MAX_REPLY_CHARS]
        raise SendFailed(f"Platform FHIR menolak bundle (HTTP {err.code}): {reply}") from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        raise SendFailed(f"Platform FHIR tidak dapat dihubungi di {url}: {err}") from err
