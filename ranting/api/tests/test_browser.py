"""In Chromium: the token page on a 360 px phone, and the OpenAPI page under its strict CSP."""

from __future__ import annotations

import re

import pytest

from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_token_page_fits_a_phone_and_shows_the_new_token(
    people, password, live_server, sign_in
):
    phone = sign_in("kader", password)
    phone.goto(f"{live_server.url}/akun/token/")
    phone.fill("#id_name", "HP kader Mawar")
    phone.click("form.form button[type=submit]")

    token = phone.locator("#new-token").inner_text()
    assert re.fullmatch(r"rnt_[A-Za-z0-9_-]{40,}", token)
    assert phone.locator(".token-list li").count() == 1
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"]

    phone.click(".token-list button[type=submit]")
    assert "sudah dicabut" in phone.locator(".messages").inner_text()
    assert phone.locator("#new-token").count() == 0


def test_the_docs_page_renders_every_operation_under_its_csp(live_server, page, db):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )

    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15_000)

    assert page.locator(".opblock").count() >= 15
    assert "RANTING API" in page.locator(".title").first.inner_text()
    assert [p for p in problems if "Content Security Policy" in p] == []
    assert problems == []
    assert [u for u in outside if not u.startswith("data:")] == []
