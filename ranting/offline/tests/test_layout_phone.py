"""The offline page fits a 360 px phone without horizontal scrolling in every state."""

from __future__ import annotations

import pytest

from ranting.offline.tests.conftest import months_before, open_offline, sign_in
from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = "document.documentElement.scrollWidth"


def test_it_fits_a_360_px_phone(phone, live_server, password, family, make_child, record, today):
    make_child(
        name="Muhammad Rizky Pratama Putra Wijayakusuma Hadiningrat",
        birth_date=months_before(today, 40),
    )
    page = phone().new_page()
    sign_in(page, live_server.url, "kader", password)
    open_offline(page, live_server.url)
    assert page.evaluate(WIDTH) <= PHONE_VIEWPORT["width"]

    page.locator("li.child", has_text="Citra").get_by_role("button", name="Catat").click()
    page.fill("#id_weight_kg", "1200")
    page.fill("#id_lenhei_cm", "0,885")
    page.get_by_role("button", name="Simpan di HP").click()
    page.wait_for_selector("#form-errors:not([hidden])")
    assert page.evaluate(WIDTH) <= PHONE_VIEWPORT["width"]

    # Recorded online by someone else after the list was downloaded: a conflict.
    record(family["citra"], today, "12.00", "88.0", "h")
    page.fill("#id_weight_kg", "12,4")
    page.fill("#id_lenhei_cm", "88,5")
    page.get_by_role("button", name="Simpan di HP").click()
    page.wait_for_selector("#queue li[data-state=konflik] table.compare")
    assert page.locator("#result-section").is_visible()
    assert page.evaluate(WIDTH) <= PHONE_VIEWPORT["width"]
