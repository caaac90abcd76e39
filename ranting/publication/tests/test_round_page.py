"""The live round page: round choice, figures, comparison and a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ranting.publication.tests.conftest import ROUND
from ranting.publication.tests.helpers import cell_text, row_html

URL = reverse("publication:round", args=["32.75"])


def test_it_shows_the_chosen_round_with_the_previous_one(round_data, people, login):
    response = login(people["dinas"]).get(URL, ROUND)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ronde penimbangan Agustus 2025 · Kota Bekasi" in html
    # Live and complete: small cells are shown inside (3/12 = 25.0 %), with February's 5/10.
    assert cell_text(html, "32.75.06.1001", "stunting") == (
        "25,0% tinggi IK 95% 8,9–53,2 3/12 Februari 2025: 50,0% -25,0 poin"
    )
    medansatria = row_html(html, "32.75.06.1001")
    assert ">14<" in medansatria
    assert ">12<" in medansatria
    assert "85,7%" in medansatria
    assert "Laporan terverifikasi: 3 dari 4 posyandu aktif." in html
    assert "belum lengkap" in html


def test_a_kecamatan_sees_its_kelurahan(round_data, people, login):
    html = (
        login(people["kecamatan"])
        .get(reverse("publication:round", args=["32.75.06"]), ROUND)
        .content.decode()
    )
    assert "Ronde penimbangan Agustus 2025 · Medansatria" in html
    assert "9/32" in cell_text(html, "32.75.06", "stunting")
    assert 'data-code="32.75.01"' not in html  # another kecamatan


def test_it_switches_the_indicator_of_the_chart_and_map(round_data, people, login):
    html = login(people["dinas"]).get(URL, {**ROUND, "indikator": "wasting"}).content.decode()
    assert "Wasting menurut wilayah" in html
    assert "Peta petak kelurahan: Wasting, Agustus 2025" in html
    assert 'href="?tahun=2025&amp;ronde=8&amp;indikator=underweight"' in html
    # An unknown indicator falls back to stunting rather than failing.
    html = login(people["dinas"]).get(URL, {**ROUND, "indikator": "x"}).content.decode()
    assert "Stunting menurut wilayah" in html


def test_a_bad_round_is_named_and_the_latest_shown(round_data, people, login, time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 10, 3, 0, tzinfo=dt.UTC), tick=False)
    html = login(people["dinas"]).get(URL, {"tahun": "2025", "ronde": "3"}).content.decode()
    assert "Bulan penimbangan: pilih Februari atau Agustus. Ditampilkan ronde terakhir." in html
    assert "Ronde penimbangan Agustus 2025" in html


def _page_queries(client) -> list[str]:
    """SQL of one round page, without other apps' request bookkeeping (usage tracking)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, ROUND).status_code == 200
    return [
        q["sql"]
        for q in captured.captured_queries
        if "usage_" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]


def test_it_costs_the_same_queries_whatever_the_size(round_data, people, login, make_child):
    client = login(people["dinas"])
    # Session and user (2), the region (1), regions below it, prevalence counts, register,
    # verification (4), the round's versions (1).
    assert len(_page_queries(client)) == 8
    for _ in range(10):
        make_child(posyandu=round_data["posyandu_c"])
    assert len(_page_queries(client)) == 8
