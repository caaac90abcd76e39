"""The SKDN pages at 360 px (the kader's phone): no horizontal scrolling outside .table-wrap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.analysis.tests.conftest import BULAN
from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("kader", "posyandu"),
        ("dinas", "kota"),
    ],
)
def test_it_fits_a_360_px_phone(skdn_data, people, password, live_server, sign_in, username, path):
    phone = sign_in(username, password)
    if path == "posyandu":
        url = reverse("analysis:skdn_posyandu", args=[skdn_data["posyandu_a"].pk])
    else:
        url = reverse("analysis:skdn_region", args=["32.75"])
    phone.goto(f"{live_server.url}{url}?bulan={BULAN['bulan']}")
    assert phone.locator("h1").inner_text().startswith("Laporan F1/SKDN")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"]
