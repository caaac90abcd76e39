"""The API's per-IP limit for callers without valid credentials (token guessing) counts the
real client: a forged X-Forwarded-For does not give a fresh allowance."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def _guess(client: Client, forwarded: str | None = None):
    headers = {"Authorization": "Bearer rnt_tebakan"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    return client.get("/api/v1/children", headers=headers)


def test_forged_forwarded_for_headers_share_one_allowance(db, settings):
    settings.API_RATE_ANON = "3/m"
    client = Client(REMOTE_ADDR="198.51.100.20")

    statuses = [_guess(client, f"192.0.2.{n}").status_code for n in range(4)]

    assert statuses == [401, 401, 401, 429]


def test_behind_a_proxy_each_client_has_its_own_allowance(db, settings):
    from ninja.conf import settings as ninja_settings

    settings.API_RATE_ANON = "3/m"
    settings.NINJA_NUM_PROXIES = 1
    original = ninja_settings.NUM_PROXIES
    ninja_settings.NUM_PROXIES = 1  # ninja copies its settings once at import
    try:
        proxy = Client(REMOTE_ADDR="127.0.0.1")
        first = [_guess(proxy, "203.0.113.1").status_code for _ in range(4)]
        second = _guess(proxy, "203.0.113.2").status_code
    finally:
        ninja_settings.NUM_PROXIES = original

    assert first == [401, 401, 401, 429]
    assert second == 401
