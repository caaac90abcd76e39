"""The import and export pages in Chromium at 360 px: the whole flow, progress bar included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.measurements.models import Measurement
from ranting.testing.browser import PHONE_VIEWPORT
from ranting.transfer.tests.conftest import write_csv
from ranting.transfer.tests.test_import import BAD, GOOD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _today():
    # The browser keeps real time (session cookies must not look expired): no time travel here;
    # the register's dates (2025) are in the past either way.
    return


def signed_in(sign_in, username, password):
    page = sign_in(username, password)
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)
    return page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]


def test_an_admin_imports_a_register_on_a_phone(people, password, live_server, sign_in, tmp_path):
    path = write_csv(tmp_path / "register.csv", [*GOOD, BAD])
    phone = signed_in(sign_in, "admin_kel", password)
    phone.goto(f"{live_server.url}{reverse('transfer:upload')}")
    assert fits(phone)
    phone.set_input_files("#id_file", str(path))
    phone.click("main button[type=submit]")

    phone.wait_for_url("**/kolom/")
    assert phone.locator("select").count() == 10
    assert fits(phone)
    assert phone.locator("#id_col_7").input_value() == "weight_kg"  # "BB" suggested as weight
    phone.click("main button[type=submit]")

    # The progress page polls the status and shows the result by itself when the check ends.
    phone.wait_for_selector("text=Hasil pemeriksaan", timeout=30_000)
    assert fits(phone)
    assert phone.locator("td.bad").inner_text() == "X"
    phone.check("#id_valid_only")
    phone.click("text=Simpan ke database")
    phone.wait_for_selector("text=Hasil impor", timeout=30_000)
    assert fits(phone)
    assert Measurement.objects.count() == 5
    with phone.expect_download() as download:
        phone.click("text=Unduh daftar baris ditolak")
    assert download.value.suggested_filename.startswith("ditolak_")


def test_the_export_page_fits_a_phone(people, password, live_server, sign_in):
    phone = signed_in(sign_in, "dinas", password)
    phone.goto(f"{live_server.url}{reverse('transfer:export')}")
    assert phone.locator("h1").inner_text() == "Ekspor data"
    assert fits(phone)
