"""The quality pages and the recap panel at 360 px: no horizontal scrolling outside .table-wrap,
and a metric's definition opens with one tap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.quality.tests.conftest import BULAN
from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _width(phone) -> int:
    return phone.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize(
    ("username", "code"),
    [
        pytest.param("dinas", "32.75", id="kota"),
        pytest.param("admin_kel", "32.75.06.1001", id="kelurahan"),
    ],
)
def test_it_fits_a_360_px_phone(quality_month, password, live_server, sign_in, username, code):
    phone = sign_in(username, password)
    url = reverse("quality:region", args=[code])
    phone.goto(f"{live_server.url}{url}?bulan={BULAN}&semua=1")
    assert phone.locator("h1").inner_text().startswith("Kualitas data")
    assert _width(phone) <= PHONE_VIEWPORT["width"]
    # A column heading jumps to its definition.
    phone.click("table.q-table thead a[href='#def-dps_weight']")
    assert phone.evaluate("location.hash") == "#def-dps_weight"
    assert phone.locator("#def-dps_weight").is_visible()


def test_it_fits_the_recap_panel_and_opens_a_definition(
    regions, quality_month, password, live_server, sign_in
):
    phone = sign_in("admin_kel", password)
    url = reverse("recaps:detail", args=[regions["posyandu_a"].pk, BULAN])
    phone.goto(f"{live_server.url}{url}")
    panel = phone.locator("section.q-panel")
    assert panel.locator("h2").inner_text() == "Kualitas data bulan ini"
    first = panel.locator("details").first
    assert not first.locator("p").first.is_visible()
    first.locator("summary").click()
    assert first.locator("p").first.is_visible()
    # Open every definition: an open <details> must not widen the page either.
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert _width(phone) <= PHONE_VIEWPORT["width"]
