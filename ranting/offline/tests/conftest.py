"""Fixtures of the offline-form tests: children with a history, and a phone-like browser.

Dates are relative to the real today: the browser's clock cannot be frozen with the server's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ranting.testing.browser import CHROMIUM, CHROMIUM_ARGS, PHONE_VIEWPORT

# The kader's phones are in Indonesia; the server's TIME_ZONE is Asia/Jakarta too, so "today"
# is the same day on both sides.
PHONE_CONTEXT = {"viewport": PHONE_VIEWPORT, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}
READY = "#luring[data-ready='1']"


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def inputs(on: dt.date, weight: str, length: str | None = None, position: str = "", **extra):
    data = {
        "measured_on": on,
        "weight_kg": Decimal(weight),
        "lenhei_cm": None if length is None else Decimal(length),
        "position": position,
        "oedema": False,
        "armc_cm": None,
        "headc_cm": None,
        "vitamin_a": False,
        "exclusive_breastfeeding": False,
        "notes": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def record(people):
    """record(child, on, weight, length, position) → a saved Measurement (as the kader)."""
    from ranting.measurements.services import record_measurement

    def _record(child, on, weight, length=None, position="", user=None, **extra):
        data = inputs(on, weight, length, position, **extra)
        return record_measurement(child, user or people["kader"], data, confirm=True)

    return _record


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def family(make_child, record, today, people):
    """Posyandu A: Budi (14 months, weighed last month), Citra (30 months, never weighed),
    and Dewi in posyandu B, which the kader of A must never see."""
    budi = make_child(name="Budi Santoso", sex="L", birth_date=months_before(today, 14))
    citra = make_child(name="Citra Lestari", sex="P", birth_date=months_before(today, 30))
    from ranting.children.models import Child

    dewi = Child.objects.create(
        posyandu=people["kader_b"].posyandus.get(),
        name="Dewi Anggraini",
        sex="P",
        birth_date=months_before(today, 20),
        mother_name="Ibu Dewi",
    )
    record(budi, months_before(today, 1), "9.10", "76.0", "l")
    return {"budi": budi, "citra": citra, "dewi": dewi}


@pytest.fixture
def phone(browser):
    """phone() → a fresh phone-sized browser context (own cookies, storage, service worker)."""
    contexts = []

    def _phone():
        context = browser.new_context(**PHONE_CONTEXT)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield _phone
    for context in contexts:
        context.close()


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def open_offline(page, base_url: str) -> None:
    """Open /luring/ and wait until the page is ready, installed and the list downloaded."""
    page.goto(f"{base_url}/luring/")
    page.wait_for_selector(READY)
    # evaluate(), not wait_for_function(): polling a string predicate needs eval, which the
    # page's CSP forbids.
    page.evaluate(WAIT_FOR_CONTROLLER)
    page.wait_for_selector("#children li.child")


def launch_persistent(browser, user_data_dir: str):
    """A browser with its profile on disk, like a phone's browser across restarts."""
    context = browser.browser_type.launch_persistent_context(
        user_data_dir,
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        **PHONE_CONTEXT,
    )
    context.set_default_timeout(15_000)
    return context


WAIT_FOR_CONTROLLER = """async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
        await new Promise((done) =>
            navigator.serviceWorker.addEventListener("controllerchange", done, { once: true }));
    }
}"""


def wait_until_all_sent(page) -> None:
    """Every queued entry is "terkirim" (locator waits: the page's CSP forbids eval)."""
    from playwright.sync_api import expect

    expect(page.locator("#queue li.entry").first).to_be_attached()
    expect(page.locator("#queue li.entry:not([data-state='terkirim'])")).to_have_count(0)
