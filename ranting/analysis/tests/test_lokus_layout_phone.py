"""The lokus page at 360 px: no horizontal scrolling; the matrix becomes one card per kelurahan
whose coloured cells still read their class in words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.analysis.tests.lokus_data import BULAN_AUGUST, make_lokus_data
from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("code", ["32.75", "32.75.06"])
def test_it_fits_a_360_px_phone(regions, report, people, password, live_server, sign_in, code):
    make_lokus_data(regions, report)
    persona = "dinas" if code == "32.75" else "camat"
    phone = sign_in(persona, password)
    url = reverse("analysis:lokus_region", args=[code])
    phone.goto(f"{live_server.url}{url}?bulan={BULAN_AUGUST['bulan']}")
    assert phone.locator("h1").inner_text().startswith("Hotspot dan prioritas lokus stunting")
    # Open every definition: an open <details> must not widen the page either.
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    # Each matrix row is a card no wider than the screen, not a table row to scroll sideways.
    first = phone.locator("table.lokus tbody tr").first
    assert first.bounding_box()["width"] <= PHONE_VIEWPORT["width"]
    prevalence = phone.locator("#kel-32\\.75\\.06\\.1001 td.tl").first
    assert "Sangat tinggi" in prevalence.inner_text()
    # The column name is repeated in each card, so a colour is never alone on the phone.
    label = prevalence.evaluate("e => getComputedStyle(e, '::before').content")
    assert "Prevalensi stunting" in label
