"""The child page with the "Ekspor FHIR" button at 360 px, and the download it starts."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from ranting.testing.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_button_fits_a_phone_and_downloads_the_bundle(
    people, make_child, password, live_server, sign_in
):
    child = make_child(nik="3275061503240001")
    phone = sign_in("kader", password)
    phone.goto(f"{live_server.url}{reverse('children:detail', args=[child.pk])}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Ekspor FHIR").click()
    assert download.value.suggested_filename == f"fhir-anak-{child.pk}.json"
    bundle = json.loads(Path(download.value.path()).read_text())
    assert bundle["resourceType"] == "Bundle"
