"""The publication pages at 360 px: no horizontal scrolling outside .table-wrap, readable map."""

from __future__ import annotations

import pytest

from ranting.publication import services
from ranting.publication.rounds import Round
from ranting.regions.models import Region
from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    # The phone variant of the tile map is the one shown, at least 280 px wide.
    narrow = page.locator("svg.tilemap.narrow")
    assert narrow.is_visible()
    assert not page.locator("svg.tilemap.wide").is_visible()
    assert narrow.bounding_box()["width"] >= 280


def test_the_round_page_fits_a_phone(round_data, people, password, live_server, sign_in):
    phone = sign_in("dinas", password)
    phone.goto(f"{live_server.url}/publikasi/ronde/32.75/?tahun=2025&ronde=8")
    assert phone.locator("h1").inner_text().startswith("Ronde penimbangan Agustus 2025")
    _fits(phone)


def test_the_public_page_fits_a_phone_without_login(round_data, people, live_server, page):
    services.freeze(people["dinas"], Region.objects.get(code="32.75"), Round(2025, 8))
    page.goto(f"{live_server.url}/publikasi/publik/32.75/2025-08/?indikator=wasting")
    assert page.locator("h1").inner_text().startswith("Prevalensi gizi balita Kota Bekasi")
    _fits(page)


def test_the_wide_map_shows_on_a_desktop(round_data, people, live_server, page):
    services.freeze(people["dinas"], Region.objects.get(code="32.75"), Round(2025, 8))
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/publikasi/publik/32.75/2025-08/")
    assert page.locator("svg.tilemap.wide").is_visible()
    assert not page.locator("svg.tilemap.narrow").is_visible()
