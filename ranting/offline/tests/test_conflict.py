"""Conflicts: the same child and month recorded twice are shown, never silently overwritten."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.offline.tests.conftest import open_offline, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def queue_offline_while_recorded_online(page, context, record, family, today):
    """The phone queues Citra's weighing offline; meanwhile another phone records her online.
    Back online, the `online` event starts the sync, which finds the conflict."""
    context.set_offline(True)
    page.wait_for_selector("#luring[data-online='0']")
    page.locator("li.child", has_text="Citra").get_by_role("button", name="Catat").click()
    page.fill("#id_weight_kg", "12,4")
    page.fill("#id_lenhei_cm", "88,5")
    page.get_by_role("button", name="Simpan di HP").click()
    page.wait_for_selector("#queue li[data-state=menunggu]")
    online = record(family["citra"], today, "12.00", "88.0", "h")
    context.set_offline(False)
    entry = page.locator("#queue li[data-state=konflik]")
    entry.wait_for()
    return online, entry


def test_it_shows_the_conflict_side_by_side_and_keeps_the_server_row(
    phone, live_server, password, family, record, today
):
    context = phone()
    page = context.new_page()
    sign_in(page, live_server.url, "kader", password)
    open_offline(page, live_server.url)
    online, entry = queue_offline_while_recorded_online(page, context, record, family, today)

    assert page.locator("#count-konflik").inner_text() == "1"
    assert "sudah punya data bulan ini di server" in entry.inner_text()
    weight_row = entry.locator("table.compare tr", has_text="Berat badan")
    assert weight_row.locator("td").all_inner_texts() == ["12,4", "12"]
    assert "differs" in (weight_row.get_attribute("class") or "")
    online.refresh_from_db()
    assert online.weight_kg == Decimal("12.00")
    assert Measurement.objects.filter(child=family["citra"]).count() == 1

    # A second weighing of the same child and month on the phone is refused, not queued.
    page.locator("li.child", has_text="Citra").get_by_role("button", name="Catat").click()
    page.fill("#id_weight_kg", "12,6")
    page.get_by_role("button", name="Simpan di HP").click()
    expect(page.locator("#form-notice")).to_contain_text("sudah punya data di antrean")
    page.get_by_role("button", name="Batal").click()
    assert page.locator("#queue li.entry").count() == 1

    entry.get_by_role("button", name="Buang data HP").click()
    page.wait_for_selector("#queue-empty:not([hidden])")
    online.refresh_from_db()
    assert online.weight_kg == Decimal("12.00")
    assert not MeasurementRevision.objects.exists()


def test_it_sends_the_phone_values_as_a_correction_when_chosen(
    phone, live_server, password, family, record, today
):
    context = phone()
    page = context.new_page()
    sign_in(page, live_server.url, "kader", password)
    open_offline(page, live_server.url)
    online, entry = queue_offline_while_recorded_online(page, context, record, family, today)

    entry.get_by_role("button", name="Kirim sebagai koreksi").click()
    expect(entry.locator(".correction-error")).to_have_text("Isi alasan koreksi.")
    entry.get_by_label("Alasan koreksi").fill("Timbangan HP lain belum nol")
    entry.get_by_role("button", name="Kirim sebagai koreksi").click()
    page.wait_for_selector("#queue li[data-state=terkirim]")

    assert Measurement.objects.filter(child=family["citra"]).count() == 1
    online.refresh_from_db()
    assert (online.weight_kg, online.lenhei_cm) == (Decimal("12.40"), Decimal("88.5"))
    revision = MeasurementRevision.objects.get(measurement=online)
    assert revision.previous["weight_kg"] == "12.00"
    assert revision.reason == "Timbangan HP lain belum nol"
