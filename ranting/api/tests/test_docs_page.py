"""The OpenAPI page is served by the app itself: every asset is a local /static/ file."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders

from ranting.api.tests.conftest import API


def test_the_docs_page_loads_only_local_assets_that_are_served(client):
    page = client.get(API + "/docs")

    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 3
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")) is not None, url
        served = client.get(url)
        assert served.status_code == 200, url
        body = b"".join(served.streaming_content) if served.streaming else served.content
        assert len(body) > 100, url
    # No inline code: the only inline <script> is JSON data, not executable.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert "style=" not in html
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_the_spec_is_served_and_names_both_sign_ins(client):
    spec = client.get(API + "/openapi.json").json()

    assert spec["info"]["title"] == "RANTING API"
    schemes = spec["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert API + "/measurements" in spec["paths"]
