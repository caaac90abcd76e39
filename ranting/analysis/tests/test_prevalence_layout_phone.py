"""The prevalence page at 360 px: no horizontal scrolling outside .table-wrap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.analysis.tests.conftest import BULAN
from ranting.analysis.tests.prevalence_data import make_prevalence_data
from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("code", ["32.75", "32.75.06.1001"])
def test_it_fits_a_360_px_phone(
    regions, make_child, measure, report, people, password, live_server, sign_in, code
):
    make_prevalence_data(regions, make_child, measure, report)
    phone = sign_in("dinas", password)
    url = reverse("analysis:prevalence_region", args=[code])
    phone.goto(f"{live_server.url}{url}?bulan={BULAN['bulan']}")
    assert phone.locator("h1").inner_text().startswith("Prevalensi gizi balita")
    # Open every definition: an open <details> must not widen the page either.
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"]
