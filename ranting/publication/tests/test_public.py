"""The public page: no login, latest published version, small cells hidden, no child data."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from ranting.publication import services
from ranting.publication.rounds import Round
from ranting.publication.tests.conftest import NAME_PREFIX, NIK_PREFIX
from ranting.publication.tests.helpers import cell_text, pdf_strings
from ranting.regions.models import Region

AUG = Round(2025, 8)
PUBLIC = "/publikasi/publik/32.75/2025-08/"


@pytest.fixture
def published(round_data, people):
    return services.freeze(people["dinas"], Region.objects.get(code="32.75"), AUG, "Uji.")


def test_it_needs_no_login(published, client):
    response = client.get(PUBLIC)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prevalensi gizi balita Kota Bekasi · bulan penimbangan Agustus 2025" in html
    assert client.get(PUBLIC + "pdf/").status_code == 200
    assert client.get(reverse("publication:public_index")).status_code == 200


# Hidden cells worked out by hand from the counts in conftest (rule: d < 10 or n 1–4):
# stunting: Medansatria 3/12 is small → its only sibling Kalibaru 6/20 is hidden too;
# wasting: Bekasijaya 2/10 and its kecamatan Bekasi Timur (the same 2/10) are small → at the
#   kota level kecamatan Medansatria 5/32 is hidden as partner → inside it Kalibaru 5/20 (the
#   smallest non-zero numerator; Medansatria 0/12 stays shown).
HIDDEN = {
    "stunting": {"32.75.06.1001", "32.75.06.1004"},
    "wasting": {"32.75.01.1001", "32.75.01", "32.75.06", "32.75.06.1004"},
    "underweight": set(),
}
CODES = ["32.75", "32.75.01", "32.75.01.1001", "32.75.06", "32.75.06.1001", "32.75.06.1004"]


def test_it_hides_small_cells_and_their_partners(published, client):
    html = client.get(PUBLIC).content.decode()
    for indicator, hidden in HIDDEN.items():
        for code in CODES:
            text = cell_text(html, code, indicator)
            assert text.startswith("*") is (code in hidden), (indicator, code, text)
    # A hidden cell keeps only its denominator; nothing derived from the numerator remains.
    assert cell_text(html, "32.75.06.1001", "stunting") == "* */12 Februari 2025: 50,0%"
    assert cell_text(html, "32.75.06.1004", "stunting") == "* */20 Februari 2025: –"
    assert cell_text(html, "32.75.01", "wasting") == "* */10 Februari 2025: –"
    # Shown cells: kota stunting 9/42 = 21.4 %, Wilson 11.7–35.9, −28.6 points from 50 %.
    assert cell_text(html, "32.75", "stunting") == (
        "21,4% tinggi IK 95% 11,7–35,9 9/42 Februari 2025: 50,0% -28,6 poin"
    )
    assert cell_text(html, "32.75.06.1001", "wasting").startswith("0,0% sangat rendah")
    assert cell_text(html, "32.75.06.1001", "underweight").startswith("41,7% sangat tinggi")
    # The tile map and the bar chart do not leak the hidden figures either.
    assert "Kalibaru: Stunting disembunyikan (sel kecil), 20 anak dinilai" in html
    for leaked in (
        "3 dari 12",
        "6 dari 20",
        "5 dari 20",
        "2 dari 10",
        "30,0% sangat",
        "25,0% sangat",
    ):
        assert leaked not in html


def test_the_inside_version_shows_every_cell(published, people, login):
    html = login(people["dinas"]).get(reverse("publication:version", args=[published.pk]))
    html = html.content.decode()
    assert cell_text(html, "32.75.06.1004", "stunting").startswith("30,0% sangat tinggi")
    assert "6/20" in cell_text(html, "32.75.06.1004", "stunting")
    assert cell_text(html, "32.75.01.1001", "wasting").startswith("20,0% sangat tinggi")


def test_it_holds_no_child_names_or_nik(published, client, people, login):
    pages = [
        client.get(PUBLIC).content.decode(),
        client.get(reverse("publication:public_index")).content.decode(),
        "\n".join(pdf_strings(client.get(PUBLIC + "pdf/").content)),
        json.dumps(published.payload, ensure_ascii=False),
        login(people["dinas"])
        .get(reverse("publication:version", args=[published.pk]))
        .content.decode(),
    ]
    for text in pages:
        assert NAME_PREFIX not in text
        assert NIK_PREFIX not in text
        assert "Ibu Rahasia" not in text


def test_it_keeps_to_the_content_security_policy(published, client, people, login):
    pages = [
        client.get(PUBLIC).content.decode(),
        login(people["dinas"])
        .get(reverse("publication:round", args=["32.75"]), {"tahun": "2025", "ronde": "8"})
        .content.decode(),
    ]
    for html in pages:
        assert "<script" not in html
        assert not re.search(r"\sstyle=", html)
        assert not re.search(r"\son[a-z]+=", html)


def test_it_shows_only_published_versions(round_data, people, client):
    kota = Region.objects.get(code="32.75")
    assert client.get(PUBLIC).status_code == 404
    services.freeze(people["dinas"], kota, AUG, publish=False)
    assert client.get(PUBLIC).status_code == 404
    assert client.get(PUBLIC + "v1/").status_code == 404
    assert client.get("/publikasi/publik/32.75/2025-02/").status_code == 404
    assert client.get("/publikasi/publik/32.16/2025-08/").status_code == 404


def test_it_lists_the_current_version_of_each_round(published, people, client):
    kota = Region.objects.get(code="32.75")
    services.freeze(people["dinas"], kota, AUG)
    services.freeze(people["dinas"], kota, Round(2025, 2))
    html = client.get(reverse("publication:public_index")).content.decode()
    assert html.count('href="/publikasi/publik/32.75/2025-08/"') == 1
    assert 'href="/publikasi/publik/32.75/2025-02/"' in html
    assert "Kota Bekasi · Agustus 2025" in html
    assert "versi 2" in html
