"""The review matrix and its row form at 360 px: no horizontal scrolling of the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_matrix_and_form_fit_a_360_px_phone(review, people, password, live_server, sign_in):
    phone = sign_in("dinas", password)
    phone.goto(f"{live_server.url}{reverse('review:matrix', args=[review.pk])}")
    assert phone.locator("h1").inner_text().startswith("Matriks reviu kinerja 2024")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    phone.click("text=Tambah baris")
    phone.fill("#id_indicator", "Balita ditimbang")
    phone.fill("#id_opd", "DPPKB")
    phone.fill("#id_target", "85")
    phone.fill("#id_realisation", "80,75")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    phone.click("main button[type=submit]")
    phone.wait_for_selector("text=Balita ditimbang")
    assert "95,00" in phone.locator("table.review-rows").first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
