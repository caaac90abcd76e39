"""Fixtures of the API tests: token clients per persona, JSON helpers, a fresh rate-limit cache."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from ranting.api.tokens import create_token

API = "/api/v1"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    # Rate limits count in the cache, which outlives a test; each test starts with none and
    # without limits unless it sets them.
    cache.clear()
    settings.API_RATE_USER = ""
    settings.API_RATE_ANON = ""
    yield
    cache.clear()


class JsonClient:
    """A test client that speaks JSON with a Bearer token (or anonymously)."""

    def __init__(self, token: str | None = None, **client_kwargs):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = Client(headers=headers, **client_kwargs)

    def get(self, path: str, params: dict | None = None):
        return self.client.get(API + path, params or {})

    def post(self, path: str, body: dict | None = None):
        return self.client.post(
            API + path, json.dumps(body or {}, default=str), content_type="application/json"
        )

    def patch(self, path: str, body: dict | None = None):
        return self.client.patch(
            API + path, json.dumps(body or {}, default=str), content_type="application/json"
        )


@pytest.fixture
def api(people):
    """api(persona) → a JsonClient signed in with a fresh token of that persona."""
    clients: dict[str, JsonClient] = {}

    def _api(persona: str) -> JsonClient:
        if persona not in clients:
            _row, raw = create_token(people[persona], "uji")
            clients[persona] = JsonClient(raw)
        return clients[persona]

    return _api


@pytest.fixture
def anonymous(db):
    return JsonClient()


def new_id() -> str:
    return str(uuid.uuid4())


def days_ago(n: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=n)


def measurement_body(child, **values) -> dict:
    """A plausible weighing of `child` today (a child born 2024-03-15 weighs about 11 kg)."""
    from django.utils import timezone

    body = {
        "client_id": new_id(),
        "child_id": child.pk,
        "measured_on": timezone.localdate().isoformat(),
        "weight_kg": 11.2,
        "lenhei_cm": 84.5,
        "position": "h",
    }
    body.update(values)
    return body


def child_body(regions, **values) -> dict:
    """A plausible registration of a boy born 400 days ago at posyandu A."""
    from django.utils import timezone

    body = {
        "client_id": new_id(),
        "posyandu_id": regions["posyandu_a"].pk,
        "name": "Budi Santoso",
        "sex": "L",
        "birth_date": (timezone.localdate() - dt.timedelta(days=400)).isoformat(),
        "mother_name": "Sri Wahyuni",
        "birth_weight_kg": 3.1,
    }
    body.update(values)
    return body
