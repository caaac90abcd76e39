"""The prevalence page of a region: figures, definitions, filters, access and query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.analysis.tests.conftest import BULAN
from ranting.analysis.tests.prevalence_data import make_prevalence_data
from ranting.usage.middleware import RECORD_QUERIES_IN_TRANSACTION as USAGE_QUERIES


@pytest.fixture
def data(regions, make_child, measure, report):
    return make_prevalence_data(regions, make_child, measure, report)


def _url(code):
    return reverse("analysis:prevalence_region", args=[code])


def test_it_shows_the_kelurahan_prevalence(data, people, login):
    response = login(people["admin_kelurahan"]).get(_url("32.75.06.1001"), BULAN)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.approved_only
    assert report.summaries[0].current.count == 2
    body = response.content.decode()
    assert "Prevalensi gizi balita" in body
    assert "Mei 2025" in body
    assert "6 balita diukur bulan ini." in body
    assert "50,0%" in body  # stunting 2/4
    assert "IK 95%: 15,0–85,0%" in body
    assert "2 dari 4 anak" in body
    assert "Sumber: data terverifikasi" in body
    assert "Posyandu Mawar (RW 01)" in body


def test_it_puts_every_definition_one_click_away(data, people, login):
    body = login(people["dinas"]).get(_url("32.75"), BULAN).content.decode()
    assert body.count('<details class="def">') >= 5 + 2 * 5  # cards + both table headers
    assert "Pembilang" in body
    assert "Penyebut" in body
    assert "z-score PB/U atau TB/U di bawah −3 SD" in body
    assert "flag WHO" in body


def test_it_shows_trend_target_and_city_average(data, people, login, settings):
    settings.PREVALENCE_TARGETS = {"stunting": 14.0}
    body = login(people["kecamatan"]).get(_url("32.75.06.1001"), BULAN).content.decode()
    assert "April 2025" in body
    assert "Mei 2024" in body
    assert "+25,0 poin" in body  # 50% against 25% in April
    assert "0,0 poin" in body  # against 50% in May 2024
    assert "di atas target (+36,0 poin)" in body
    assert "RPJMN 2020–2024" in body
    assert "Rata-rata Kota Bekasi" in body
    assert "20,0%" in body  # kota stunting 2/10


def test_it_includes_unverified_data_with_semua(data, people, login):
    response = login(people["admin_kelurahan"]).get(_url("32.75.06.1001"), {**BULAN, "semua": "1"})
    assert response.context["report"].measured == 7
    body = response.content.decode()
    assert "Sumber: semua data, termasuk yang belum diverifikasi" in body
    assert "semua=1" in body


def test_it_links_units_one_level_down_and_keeps_the_filters(data, people, login):
    body = login(people["dinas"]).get(_url("32.75"), BULAN).content.decode()
    assert f'href="{_url("32.75.06")}?bulan=2025-05"' in body
    assert f'href="{_url("32.75.01")}?bulan=2025-05"' in body


def test_it_marks_hotspot_units(regions, make_child, measure, report, people, login):
    report(regions["posyandu_a"], "approved")
    report(regions["posyandu_c"], "approved")
    for i in range(40):
        measure(make_child(posyandu=regions["posyandu_a"], name=f"A{i}"), age_months=20, zlen=0.0)
        measure(
            make_child(posyandu=regions["posyandu_c"], name=f"C{i}"),
            age_months=20,
            zlen=-2.5 if i < 30 else 0.0,
        )
    body = login(people["dinas"]).get(_url("32.75"), BULAN).content.decode()
    assert body.count('class="hotspot"') == 1
    assert "▲" in body


def test_it_falls_back_to_this_month_on_a_bad_month(data, people, login):
    response = login(people["dinas"]).get(_url("32.75"), {"bulan": "kemarin"})
    assert response.status_code == 200
    assert "Bulan laporan: tulis bulan dengan format TTTT-BB" in response.content.decode()


def test_it_refuses_post(data, people, login):
    response = login(people["dinas"]).post(_url("32.75"), BULAN)
    assert response.status_code == 405


def test_it_hides_a_region_outside_the_users_scope(data, people, login):
    assert login(people["kecamatan_other"]).get(_url("32.75.06"), BULAN).status_code == 404
    assert login(people["admin_other"]).get(_url("32.75.06.1001"), BULAN).status_code == 404
    assert login(people["dinas"]).get(_url("32.99"), BULAN).status_code == 404


def test_it_forbids_kader_the_region_of_their_posyandu(data, people, login):
    assert login(people["kader"]).get(_url("32.75.06.1001"), BULAN).status_code == 403


def test_it_runs_a_constant_number_of_queries(
    data, people, login, make_child, measure, django_assert_max_num_queries
):
    client = login(people["dinas"])
    # Session, user, region, region counts (3 months in one query), units, crumbs; none per row.
    with django_assert_max_num_queries(6 + USAGE_QUERIES):
        client.get(_url("32.75"), BULAN)
    for i in range(15):
        posyandu = data["posyandu_b"] if i % 2 else data["posyandu_c"]
        measure(make_child(posyandu=posyandu, name=f"Lagi {i}"), age_months=i, zlen=-2.5)
    with django_assert_max_num_queries(6 + USAGE_QUERIES):
        client.get(_url("32.75"), BULAN)
    # Below the kota: plus the kota's name and the city counts.
    with django_assert_max_num_queries(8 + USAGE_QUERIES):
        client.get(_url("32.75.06.1001"), BULAN)
