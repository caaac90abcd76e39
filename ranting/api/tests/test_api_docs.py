"""docs/api.md describes every operation of the spec and every error code the code can answer."""

from __future__ import annotations

import re
from pathlib import Path

from ranting.api.tests.conftest import API

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "api.md").read_text()


def test_every_operation_is_documented(client):
    spec = client.get(API + "/openapi.json").json()
    operations = [
        f"{method.upper()} {path.removeprefix(API)}"
        for path, methods in spec["paths"].items()
        for method in methods
    ]
    assert len(operations) >= 18
    # "GET /children/{id}" may be written with a query string: "GET /children?posyandu=…".
    missing = [op for op in operations if not re.search(re.escape(op) + r"(?![\w/{])", DOC)]
    assert missing == []


def test_every_error_code_is_documented():
    source = "\n".join(p.read_text() for p in (ROOT / "ranting" / "api").rglob("*.py"))
    codes = set(re.findall(r'ApiError\(\s*\d{3},\s*"([a-z_]+)"', source))
    codes |= set(re.findall(r'code="([a-z_]+)"', source))
    assert {"not_found", "forbidden", "client_id_conflict", "already_measured"} <= codes
    assert sorted(code for code in codes if f"`{code}`" not in DOC) == []
