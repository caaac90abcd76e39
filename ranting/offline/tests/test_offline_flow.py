"""The offline form end to end: network cut, page from the service worker, queue, sync."""

from __future__ import annotations

import pytest

from ranting.measurements.models import Measurement
from ranting.measurements.templatetags.growth_tags import zfmt
from ranting.offline.tests.conftest import READY, open_offline, sign_in, wait_until_all_sent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOWN = ("zwei", "zlen", "zwfl", "zbmi")


def record_on_phone(page, child_name: str, weight: str, length: str) -> dict[str, str]:
    """Fill the form for `child_name`, save on the phone; returns the z-scores shown."""
    page.locator("li.child", has_text=child_name).get_by_role("button", name="Catat").click()
    page.fill("#id_weight_kg", weight)
    page.fill("#id_lenhei_cm", length)
    page.get_by_role("button", name="Simpan di HP").click()
    result = page.locator("#result-section")
    result.wait_for(state="visible")
    assert "dihitung di HP, dicek ulang oleh server" in result.inner_text()
    shown = {name: result.locator(f"tr[data-index={name}] .z").inner_text() for name in SHOWN}
    page.get_by_role("button", name="Anak berikutnya").click()
    return shown


def entry_states(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "#queue li.entry",
        "items => Object.fromEntries(items.map(i => [i.dataset.clientId, i.dataset.state]))",
    )


def test_it_records_offline_and_sends_once_online(phone, live_server, people, password, family):
    context = phone()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, "kader", password)
    open_offline(page, live_server.url)
    names = page.locator("#children li.child strong").all_inner_texts()
    assert names == ["Budi Santoso", "Citra Lestari"]  # not Dewi of posyandu B

    context.set_offline(True)
    response = page.reload()
    assert response is not None
    assert response.from_service_worker
    page.wait_for_selector(READY)
    assert page.locator("#net-state").inner_text() == "Tanpa sinyal (luring)"

    budi = record_on_phone(page, "Budi", "9,45", "77,2")
    citra = record_on_phone(page, "Citra", "11,8", "86,4")
    assert list(entry_states(page).values()) == ["menunggu", "menunggu"]
    assert page.locator("#count-menunggu").inner_text() == "2"
    assert Measurement.objects.count() == 1  # only Budi's earlier month

    context.set_offline(False)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    # Chromium's emulation leaves navigator.onLine true in a page loaded while offline, so no
    # `online` event comes here: the kader taps the button (the event path is tested with
    # the conflict, whose page was loaded online).
    page.get_by_role("button", name="Kirim sekarang").click()
    wait_until_all_sent(page)
    # The queue went in one request.
    assert [url.removeprefix(live_server.url) for url in posts] == ["/api/v1/measurements/batch"]
    assert page.locator("#count-terkirim").inner_text() == "2"
    states = entry_states(page)
    assert Measurement.objects.count() == 3
    for child, shown in ((family["budi"], budi), (family["citra"], citra)):
        row = Measurement.objects.get(child=child, client_id__in=list(states))
        assert {name: zfmt(getattr(row, name)) for name in SHOWN} == shown
    # Budi was weighed last month: the server's N/T matches the phone's badge.
    assert errors == []
