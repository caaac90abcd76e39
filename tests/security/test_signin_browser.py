"""Sign-in on a 360 px phone in Chromium: lockout after wrong passwords, and two-step sign-in
enrolled by typing the key shown on the page into a TOTP calculation (what an app does)."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from ranting.testing.browser import sign_in_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _code_from_key(typed_key: str, steps_ahead: int = 0) -> str:
    key = typed_key.replace(" ", "")
    raw = b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(raw, drift=steps_ahead):06d}"


def test_wrong_passwords_lock_the_form(people, password, new_page, live_server):
    page = new_page()
    for _ in range(5):
        sign_in_on(page, live_server.url, "kader", "salah-sekali")

    assert "Akun dikunci sementara" in page.content()
    assert _no_horizontal_scroll(page)
    sign_in_on(page, live_server.url, "kader", password)
    assert "Akun dikunci sementara" in page.content()


def test_two_step_sign_in_from_enrolment_to_the_next_sign_in(
    people, password, new_page, live_server
):
    page = new_page()
    sign_in_on(page, live_server.url, "dinas", password)
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/akun/")
    page.click("text=Aktifkan")
    page.wait_for_url("**/akun/dua-langkah/")
    assert page.locator("svg.qr").is_visible()
    assert _no_horizontal_scroll(page)
    typed_key = page.locator(".secret").inner_text()

    page.fill("#id_code", _code_from_key(typed_key))
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/akun/")
    assert "Aktif" in page.locator("#dua-langkah").inner_text()

    page.click("header button:has-text('Keluar')")
    sign_in_on(page, live_server.url, "dinas", password)
    page.wait_for_url("**/akun/masuk/kode/")
    assert _no_horizontal_scroll(page)
    # The enrolment used this time step's code; the app shows the next one 30 s later.
    page.fill("#id_code", _code_from_key(typed_key, steps_ahead=1))
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/pantau/.*"))
    assert "Keluar (dinas)" in page.locator("header").inner_text()


def test_account_pages_fit_a_phone(people, password, new_page, live_server):
    locked = new_page()
    for _ in range(5):
        sign_in_on(locked, live_server.url, "kader_b", "salah-sekali")
    page = new_page()
    sign_in_on(page, live_server.url, "super", password)
    page.wait_for_load_state("networkidle")

    for path in ("/akun/", "/akun/kata-sandi/", "/akun/keamanan/", "/akun/dua-langkah/"):
        page.goto(live_server.url + path)
        assert _no_horizontal_scroll(page), path
    page.goto(f"{live_server.url}/akun/keamanan/")
    assert "kader_b" in page.locator("main").inner_text()
    page.click("text=Buka kunci")
    assert "dibuka" in page.locator(".messages").inner_text()
