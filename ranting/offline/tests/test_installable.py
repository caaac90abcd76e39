"""Chromium's own installability check passes (manifest, icons, service worker, scope)."""

from __future__ import annotations

import pytest

from ranting.offline.tests.conftest import launch_persistent, open_offline, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_is_installable(browser, live_server, password, family, tmp_path):
    # A persistent profile: Chromium never offers installation in an incognito context.
    context = launch_persistent(browser, str(tmp_path / "profil"))
    try:
        page = context.pages[0] if context.pages else context.new_page()
        sign_in(page, live_server.url, "kader", password)
        open_offline(page, live_server.url)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == f"{live_server.url}/luring/manifest.webmanifest"
        assert manifest["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == f"{live_server.url}/luring/"
    finally:
        context.close()
