"""The queue survives closing the browser (issue 6), and a resend never makes a second row."""

from __future__ import annotations

import pytest

from ranting.measurements.models import Measurement
from ranting.offline.tests.conftest import (
    READY,
    launch_persistent,
    open_offline,
    sign_in,
    wait_until_all_sent,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Forget that the entry was sent, as if the server's answer had been lost on the way back.
FORGET_ANSWER = """async (clientId) => {
  const store = await import('/static/offline/js/store.js');
  const db = await store.openStore(document.getElementById('luring').dataset.user);
  const entry = await db.entry(clientId);
  entry.state = 'menunggu';
  delete entry.server;
  await db.saveEntry(entry);
}"""


def test_it_keeps_the_queue_across_a_browser_restart(
    browser, live_server, password, family, tmp_path
):
    profile = str(tmp_path / "profil-hp")
    context = launch_persistent(browser, profile)
    page = context.pages[0] if context.pages else context.new_page()
    sign_in(page, live_server.url, "kader", password)
    open_offline(page, live_server.url)
    context.set_offline(True)
    page.locator("li.child", has_text="Citra").get_by_role("button", name="Catat").click()
    page.fill("#id_weight_kg", "11,9")
    page.fill("#id_lenhei_cm", "87,0")
    page.get_by_role("button", name="Simpan di HP").click()
    page.wait_for_selector("#queue li[data-state=menunggu]")
    client_id = page.locator("#queue li.entry").get_attribute("data-client-id")
    context.close()
    assert not Measurement.objects.filter(child=family["citra"]).exists()

    # The phone is switched on again, still without signal.
    context = launch_persistent(browser, profile)
    try:
        context.set_offline(True)
        page = context.pages[0] if context.pages else context.new_page()
        response = page.goto(f"{live_server.url}/luring/")
        assert response is not None
        assert response.from_service_worker
        page.wait_for_selector(READY)
        entry = page.locator("#queue li.entry")
        assert entry.get_attribute("data-client-id") == client_id
        assert entry.get_attribute("data-state") == "menunggu"

        context.set_offline(False)
        page.get_by_role("button", name="Kirim sekarang").click()
        wait_until_all_sent(page)
        row = Measurement.objects.get(child=family["citra"])
        assert str(row.client_id) == client_id

        page.evaluate(FORGET_ANSWER, client_id)
        page.reload()
        page.wait_for_selector(READY)
        wait_until_all_sent(page)  # resent on start: the server answers "duplicate"
        assert Measurement.objects.filter(child=family["citra"]).count() == 1
        assert page.evaluate(
            """async (clientId) => {
              const store = await import('/static/offline/js/store.js');
              const db = await store.openStore(document.getElementById('luring').dataset.user);
              return (await db.entry(clientId)).server.duplicate;
            }""",
            client_id,
        )
    finally:
        context.close()
