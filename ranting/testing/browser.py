"""Browser fixtures: headless Debian Chromium driven by Playwright against the live server.

Playwright's own browser download is never used: the browser is /usr/bin/chromium (Debian).
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium flags for a sandboxed CI machine with no network but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The smallest phone the kader use (STYLE: mobile-first, no horizontal scrolling at 360 px).
PHONE_VIEWPORT = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page() → a page in a fresh browser context (own cookies: one person's phone)."""
    contexts = []

    def _new_page():
        context = browser.new_context(viewport=PHONE_VIEWPORT, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in_on(page, base_url: str, username: str, password: str):
    """Sign `username` in on the real login form of `page`; returns the page."""
    page.goto(f"{base_url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    return page


@pytest.fixture
def sign_in_new(new_page, live_server, password):
    """sign_in_new(username) → a fresh browser context signed in as that persona."""

    def _sign_in_new(username: str):
        return sign_in_on(new_page(), live_server.url, username, password)

    return _sign_in_new


@pytest.fixture
def sign_in(page, live_server):
    """sign_in(username, password) on the real login form."""

    def _sign_in(username: str, password: str):
        return sign_in_on(page, live_server.url, username, password)

    return _sign_in
