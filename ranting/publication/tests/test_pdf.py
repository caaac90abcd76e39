"""The PDF, read back from the real (compressed) file: text of its pages, both versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.publication import services
from ranting.publication.rounds import Round
from ranting.publication.tests.helpers import pdf_strings
from ranting.regions.models import Region

PUBLIC = "/publikasi/publik/32.75/2025-08/"


@pytest.fixture
def published(round_data, people):
    kota = Region.objects.get(code="32.75")
    return services.freeze(people["dinas"], kota, Round(2025, 8), "Catatan versi satu.")


def test_the_public_pdf_is_a_pdf_with_the_published_figures(published, client):
    response = client.get(PUBLIC + "pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="publikasi-32.75-2025-08-v1-publik.pdf"'
    )
    body = response.content
    assert body.startswith(b"%PDF-")
    assert body.rstrip().endswith(b"%%EOF")
    strings = pdf_strings(body)
    text = "\n".join(strings)
    assert "Prevalensi gizi balita Kota Bekasi, bulan penimbangan Agustus" in text
    assert "Versi publik: sel kecil disembunyikan (*)." in strings
    # Summary row of stunting: 9/42 = 21.4 %, Wilson 11.7–35.9, February 50 %, −28.6 points.
    row = strings[strings.index("Stunting") : strings.index("Stunting") + 7]
    assert row == ["Stunting", "21,4%", "11,7–35,9", "9/42", "50,0%", "-28,6", "tinggi"]
    # The bar chart and the tile map are drawn: their labels are in the page text.
    assert "target 14%" in strings
    assert "Medansatria · 28,1%" in strings  # a tile-map block title
    assert "21,4% tinggi" in strings  # the kota's bar
    # Hidden cells carry only their denominator in the table ("*/20"), never 6/20.
    assert "*\n*/20\nd *" in text
    assert "6/20" not in text
    assert "3/12" not in text
    assert "Catatan versi: Catatan versi satu." in text
    assert published.checksum in text


def test_the_inside_pdf_shows_every_cell(published, people, login):
    response = login(people["dinas"]).get(reverse("publication:version_pdf", args=[published.pk]))
    strings = pdf_strings(response.content)
    text = "\n".join(strings)
    assert "Versi lengkap dinas: memuat sel kecil, bukan untuk disebarluaskan." in strings
    assert "30,0%\n6/20\nd –" in text  # Kalibaru stunting, no February figure to compare
    assert "25,0%\n3/12\nd -25,0" in text  # Medansatria 3/12 against 5/10 in February
    preview = login(people["dinas"]).get(
        reverse("publication:version_pdf", args=[published.pk]), {"tampilan": "publik"}
    )
    assert "6/20" not in "\n".join(pdf_strings(preview.content))


def test_the_same_version_gives_the_same_file(published, client):
    first = client.get(PUBLIC + "pdf/").content
    assert client.get(PUBLIC + "pdf/").content == first
