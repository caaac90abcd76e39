"""/penggunaan/ at 360 px, and a report opened in a real browser is counted once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing.browser import PHONE_VIEWPORT
from ranting.usage.models import ReportUsage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_usage_page_fits_a_360_px_phone(usage_rows, people, password, live_server, sign_in):
    phone = sign_in("dinas", password)
    phone.goto(f"{live_server.url}{reverse('usage:index')}?bulan=2025-05")
    assert phone.locator("#total-views").inner_text() == "7"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]


def test_a_report_page_with_its_styles_and_charts_is_one_row(
    regions, people, password, live_server, sign_in
):
    phone = sign_in("dinas", password)
    before = ReportUsage.objects.count()
    phone.goto(f"{live_server.url}{reverse('dashboards:region', args=['32.75'])}")
    phone.wait_for_load_state("networkidle")
    rows = list(ReportUsage.objects.all()[: ReportUsage.objects.count() - before])
    assert [(r.report, r.kind, r.region_code) for r in rows] == [
        ("dashboards:region", "lihat", "32.75")
    ]
