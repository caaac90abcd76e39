"""The audit page at 360 px (phone): no horizontal scrolling, long values wrap."""

import pytest
from django.urls import reverse

from ranting.children import services as children
from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_audit_list_and_an_entry_fit_a_360_px_phone(
    people, make_child, regions, password, live_server, sign_in
):
    child = make_child(name="Muhammad Rizky Pratama Ramadhan", address="Jl. " + "Panjang " * 20)
    children.move_child(child, people["kader"], regions["posyandu_a2"], "pindah " * 25)
    phone = sign_in("admin_kel", password)
    phone.goto(f"{live_server.url}{reverse('audit:list')}")
    assert phone.locator("h1").inner_text() == "Jejak audit"
    assert phone.locator("article.audit-entry").count() >= 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    phone.locator("article.audit-entry .audit-head a").first.click()
    assert phone.locator("h1").inner_text().startswith("Catatan audit #")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
