"""Sending a bundle: refused unless enabled; a real POST to a small local FHIR server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ranting.cli import main
from ranting.interop.fhir import child_bundle, to_json
from ranting.interop.send import SendFailed, SendRefused, send_bundle


class FhirServer:
    """A local HTTP server that records requests and answers with a given status and body."""

    def __init__(self, status=201, reply=b'{"resourceType": "Bundle"}'):
        self.requests = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                owner.requests.append((self.path, dict(self.headers), self.rfile.read(length)))
                self.send_response(status)
                self.send_header("Content-Type", "application/fhir+json")
                if status == 201:
                    self.send_header("Location", "Bundle/abc-123/_history/1")
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):  # keep the test output clean
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/fhir-r4/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def bundle(make_child):
    return child_bundle(make_child(nik="3275061503240001"))


def test_it_is_off_by_default_and_sends_nothing(settings, bundle):
    assert settings.FHIR_SEND_ENABLED is False
    with FhirServer() as server:
        settings.FHIR_BASE_URL = server.url
        with pytest.raises(SendRefused, match="RANTING_FHIR_SEND_ENABLED=0"):
            send_bundle(bundle)
    assert server.requests == []


def test_it_refuses_a_missing_url(settings, bundle):
    settings.FHIR_SEND_ENABLED = True
    settings.FHIR_BASE_URL = ""
    with pytest.raises(SendRefused, match="RANTING_FHIR_BASE_URL belum diisi"):
        send_bundle(bundle)


def test_it_refuses_to_send_a_token_over_plain_http(settings, bundle):
    settings.FHIR_SEND_ENABLED = True
    settings.FHIR_BASE_URL = "http://fhir.example.org/r4"
    with pytest.raises(SendRefused, match="harus https"):
        send_bundle(bundle)


def test_it_posts_the_bundle_with_the_token(settings, bundle):
    settings.FHIR_SEND_ENABLED = True
    settings.FHIR_TOKEN = "rahasia-token"
    with FhirServer() as server:
        settings.FHIR_BASE_URL = server.url + "/"
        result = send_bundle(bundle)
    assert result.status == 201
    assert result.location == "Bundle/abc-123/_history/1"
    [(path, headers, body)] = server.requests
    assert path == "/fhir-r4/v1/Bundle"
    assert headers["Content-Type"] == "application/fhir+json"
    assert headers["Authorization"] == "Bearer rahasia-token"
    sent = json.loads(body)
    assert sent["resourceType"] == "Bundle"
    assert [e["fullUrl"] for e in sent["entry"]] == [e["fullUrl"] for e in bundle["entry"]]


def test_it_reports_what_the_platform_refused(settings, bundle):
    settings.FHIR_SEND_ENABLED = True
    outcome = (
        b'{"resourceType": "OperationOutcome", "issue": [{"diagnostics": "NIK tidak dikenal"}]}'
    )
    with FhirServer(status=400, reply=outcome) as server:
        settings.FHIR_BASE_URL = server.url
        with pytest.raises(SendFailed, match="HTTP 400.*NIK tidak dikenal"):
            send_bundle(bundle)


def test_it_reports_an_unreachable_platform(settings, bundle):
    settings.FHIR_SEND_ENABLED = True
    with FhirServer() as server:
        url = server.url
    settings.FHIR_BASE_URL = url  # the server is closed now
    with pytest.raises(SendFailed, match="tidak dapat dihubungi"):
        send_bundle(bundle)


def test_the_command_sends_a_file_only_when_enabled(settings, bundle, tmp_path, capsys):
    path = tmp_path / "bundle.json"
    path.write_text(to_json(bundle))
    with FhirServer() as server:
        settings.FHIR_BASE_URL = server.url
        assert main(["fhir", "send", str(path)]) == 1
        assert "dimatikan" in capsys.readouterr().out
        settings.FHIR_SEND_ENABLED = True
        assert main(["fhir", "send", str(path)]) == 0
    assert "Bundle terkirim (HTTP 201): Bundle/abc-123/_history/1." in capsys.readouterr().out
    assert len(server.requests) == 1
