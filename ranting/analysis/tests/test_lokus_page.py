"""The lokus page: matrix rows in rank order, colour AND text label, markers, month, sorting."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ranting.analysis.tests.lokus_data import BULAN_AUGUST, make_lokus_data


@pytest.fixture
def data(regions, report):
    return make_lokus_data(regions, report)


def _get(client, code="32.75", **params):
    return client.get(reverse("analysis:lokus_region", args=[code]), params)


def _rows(html):
    """(rank, kelurahan code) per matrix row, in page order."""
    return re.findall(r'<tr id="kel-([\d.]+)".*?<strong>(\d+)</strong>', html, flags=re.S)


def _row_html(html, code):
    match = re.search(rf'<tr id="kel-{re.escape(code)}".*?</tr>', html, flags=re.S)
    assert match, code
    return match.group(0)


def test_it_shows_the_matrix_in_rank_order(data, people, login):
    response = _get(login(people["dinas"]), **BULAN_AUGUST)
    assert response.status_code == 200
    html = response.content.decode()
    assert _rows(html) == [
        ("32.75.06.1004", "1"),
        ("32.75.06.1001", "2"),
        ("32.75.01.1001", "3"),
        ("32.75.06.1002", "4"),
    ]
    assert "Agustus 2025" in html
    assert "<strong>24,4%</strong>" in html  # the city average, 22/90


def test_it_pairs_every_colour_with_its_label(data, people, login):
    html = _get(login(people["dinas"]), **BULAN_AUGUST).content.decode()
    k1 = _row_html(html, "32.75.06.1001")
    # Prevalence 80%: red fill and the words "Sangat tinggi"; N/D 50%: orange and "Rendah".
    assert re.search(r'class="tl tone-red".*?80,0%.*?Sangat tinggi', k1, flags=re.S)
    assert re.search(
        r'class="tl tone-orange" data-label="Naik berat badan N/D">.*?50%'
        r".*?5/10.*?Rendah",
        k1,
        flags=re.S,
    )
    for cell in re.findall(r'<td class="tl tone-(\w+)"[^>]*>(.*?)</td>', html, flags=re.S):
        assert re.search(r'class="tl-label">\w', cell[1]), cell


def test_it_marks_hotspots_and_candidates_in_words(data, people, login):
    html = _get(login(people["dinas"]), **BULAN_AUGUST).content.decode()
    k1, k2, k3 = (_row_html(html, c) for c in ("32.75.06.1001", "32.75.06.1004", "32.75.01.1001"))
    assert 'class="hotspot"' in k1
    assert "▲ Hotspot" in k1
    assert "Kandidat lokus" in k1
    assert "prevalensi bermakna di atas rata-rata kota" in k1
    assert "▲ Hotspot" in k3
    assert "jumlah kasus bermakna di atas rata-rata per kelurahan" in k3
    assert "p = 0,018" in k3
    assert "▲ Hotspot" not in k2
    assert "Kandidat lokus" in k2
    assert "lebih dari 50% indikator utama cakupannya kurang" in k2
    assert "4 dari 4" in k2
    k4 = _row_html(html, "32.75.06.1002")
    assert "Data kurang lengkap" in k4
    assert "belum ada anak dinilai" in k4


def test_it_explains_the_method_on_the_page(data, people, login):
    html = _get(login(people["dinas"]), **BULAN_AUGUST).content.decode()
    assert 'href="#definisi"' in html
    assert 'id="definisi"' in html
    for text in (
        "WHO/UNICEF 2019",
        "uji Poisson eksak satu sisi",
        "metode Wilson",
        "Kandidat lokus (kriteria pedoman Aksi 1)",
        "Perpres 72/2021, indikator no. 17",
        "mulai 80% dari target",
    ):
        assert text in html, text
    # Legend of the D/S classes for its 90% target: < 45, ≥ 45, ≥ 72, ≥ 90.
    assert re.search(
        r"Partisipasi D/S</th><td class=\"num\">90%</td><td[^>]*>&lt; 45%</td>"
        r"<td[^>]*>≥ 45%</td><td[^>]*>≥ 72%</td><td[^>]*>≥ 90%</td>",
        html,
    )


def test_it_shows_a_kecamatan_only_its_kelurahan_with_city_ranks(data, people, login):
    html = _get(login(people["kecamatan"]), "32.75.06", **BULAN_AUGUST).content.decode()
    assert [rank for _code, rank in _rows(html)] == ["1", "2", "4"]
    assert "Bekasijaya" not in html


def test_it_defaults_to_the_latest_month_with_approved_data(data, people, login):
    html = _get(login(people["dinas"])).content.decode()
    assert 'value="2025-08"' in html
    assert "Ringkasan — Agustus 2025" in html


@pytest.mark.parametrize(
    ("sort", "first"),
    [("prevalensi", "32.75.06.1001"), ("kasus", "32.75.01.1001"), ("nama", "32.75.01.1001")],
)
def test_it_sorts_on_request(data, people, login, sort, first):
    html = _get(login(people["dinas"]), **BULAN_AUGUST, urut=sort).content.decode()
    assert _rows(html)[0][0] == first
    assert f'urut={sort}" aria-current="true"' in html


def test_it_reports_an_unknown_sort_and_keeps_the_rank(data, people, login):
    html = _get(login(people["dinas"]), **BULAN_AUGUST, urut="acak").content.decode()
    assert "Urutan: pilihan tidak dikenal; ditampilkan menurut peringkat." in html
    assert _rows(html)[0][0] == "32.75.06.1004"


def test_it_offers_the_last_weighing_month_outside_february_and_august(
    data, people, login, make_child, measure, report
):
    import datetime as dt

    september = dt.date(2025, 9, 1)
    report(data["posyandu_c"], "approved", period=september)
    measure(make_child(posyandu=data["posyandu_c"], name="Anak Sep"), period=september)
    html = _get(login(people["dinas"])).content.decode()
    assert "Ringkasan — September 2025" in html
    assert "Vitamin A hanya dinilai di bulan Februari dan Agustus" in html
    assert 'href="?bulan=2025-08"' in html
    assert "tidak dinilai bulan ini" in html


def test_it_refuses_a_download_of_a_bad_month_naming_the_field(data, people, login):
    response = _get(login(people["dinas"]), bulan="2025-13", format="csv")
    assert response.status_code == 400
    assert "Bulan laporan" in response.content.decode()


def test_it_shows_a_bad_month_as_an_error_on_the_page(data, people, login):
    response = _get(login(people["dinas"]), bulan="Agustus")
    assert response.status_code == 200
    assert "Bulan laporan: tulis bulan dengan format TTTT-BB" in response.content.decode()


def test_it_lets_a_superadmin_choose_among_several_kota(regions, people, login):
    from ranting.regions.models import Region

    provinsi = Region.objects.create(code="32", name="Jawa Barat", level="provinsi", kota_code="")
    Region.objects.filter(code="32.75").update(parent=provinsi)
    Region.objects.create(
        code="32.71", name="Kota Bogor", level="kota", parent=provinsi, kota_code="32.71"
    )
    client = login(people["superadmin"])
    for url in (reverse("analysis:lokus"), reverse("analysis:lokus_region", args=["32"])):
        html = client.get(url).content.decode()
        assert "Pilih kota:" in html
        assert reverse("analysis:lokus_region", args=["32.71"]) in html
        assert reverse("analysis:lokus_region", args=["32.75"]) in html
