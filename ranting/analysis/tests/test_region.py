from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.analysis.tests.conftest import BULAN
from ranting.usage.middleware import RECORD_QUERIES_IN_TRANSACTION as USAGE_QUERIES


def _url(code):
    return reverse("analysis:skdn_region", args=[code])


def test_it_shows_the_kelurahan_with_one_row_per_posyandu(skdn_data, people, login):
    response = login(people["admin_kelurahan"]).get(_url("32.75.06.1001"), BULAN)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.approved_only
    assert [u.code for u in report.units] == ["32.75.06.1001.01", "32.75.06.1001.02"]
    a, a2 = report.units
    assert (a.totals["s"], a.totals["k"], a.totals["d"]) == (9, 8, 4)
    assert (a2.totals["s"], a2.totals["d"]) == (1, 0)  # not approved: D not counted
    assert a.report_label == "Disetujui (terkunci)"
    assert a2.report_label == "Dikirim ke kelurahan"
    assert (report.totals["s"], report.totals["d"], report.totals["n"]) == (10, 4, 1)
    body = response.content.decode()
    assert "Sumber: data terverifikasi" in body
    assert reverse("analysis:skdn_posyandu", args=[skdn_data["posyandu_a"].pk]) in body
    assert "Jumlah semua balita yang ada di kelompok penimbangan bulan ini" in body
    assert "D = N + T + O + B: sesuai" in body
    assert "bukan bulan vitamin A" in body  # May


def test_it_includes_unverified_data_with_semua(skdn_data, people, login):
    response = login(people["admin_kelurahan"]).get(_url("32.75.06.1001"), {**BULAN, "semua": "1"})
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.approved_only
    assert (report.totals["d"], report.totals["n"]) == (5, 2)
    body = response.content.decode()
    assert "Sumber: semua data, termasuk yang belum diverifikasi" in body
    assert "semua=1" in body  # drill-down and download links keep the choice


def test_it_drills_down_from_kota_to_kelurahan(skdn_data, people, login):
    client = login(people["dinas"])
    kota = client.get(_url("32.75"), BULAN)
    assert kota.status_code == 200
    units = {u.code: u for u in kota.context["report"].units}
    assert set(units) == {"32.75.01", "32.75.06"}
    assert units["32.75.06"].totals["d"] == 4
    assert units["32.75.01"].totals["d"] == 1
    assert (units["32.75.06"].posyandu_approved, units["32.75.06"].posyandu_total) == (1, 3)
    assert kota.context["report"].totals["d"] == 5
    assert _url("32.75.06") in kota.content.decode()
    kecamatan = client.get(_url("32.75.06"), BULAN)
    assert [u.code for u in kecamatan.context["report"].units] == [
        "32.75.06.1001",
        "32.75.06.1004",
    ]
    assert _url("32.75.06.1004") in kecamatan.content.decode()


def test_it_shows_ratios_and_dashes_for_zero_denominators(skdn_data, people, login):
    response = login(people["kecamatan"]).get(_url("32.75.06.1004"), BULAN)
    ratios = {cell["ratio"].code: cell["pct"] for cell in response.context["report"].ratios}
    # Kalibaru: S = K = 1, no approved weighing → D = 0.
    assert ratios["K/S"] == pytest.approx(100.0)
    assert ratios["D/S"] == 0
    assert ratios["N/D"] is None
    assert ratios["N/D′"] is None
    assert '<td class="num">–</td>' in response.content.decode()


def test_it_flags_a_failed_identity(skdn_data, people, login, make_child, measure):
    kid = make_child(posyandu=skdn_data["posyandu_a"], name="Tanpa kode")
    measure(kid, age_months=14, growth="")
    response = login(people["admin_kelurahan"]).get(_url("32.75.06.1001"), BULAN)
    assert not response.context["report"].identity_ok
    body = response.content.decode()
    assert "D = N + T + O + B: tidak sesuai" in body
    assert "1 penimbangan belum punya kode N/T/O/B" in body


def test_it_reports_an_invalid_month_and_shows_this_month(skdn_data, people, login):
    response = login(people["kecamatan"]).get(_url("32.75.06"), {"bulan": "2025-13"})
    assert response.status_code == 200
    assert "format TTTT-BB" in response.content.decode()


def test_it_keeps_a_constant_number_of_queries(
    skdn_data, people, login, make_child, measure, django_assert_max_num_queries
):
    client = login(people["dinas"])
    with django_assert_max_num_queries(9 + USAGE_QUERIES):
        client.get(_url("32.75"), BULAN)
    for i in range(15):
        kid = make_child(posyandu=skdn_data["posyandu_b"], name=f"Tambahan {i}")
        measure(kid, age_months=14, growth="N")
    with django_assert_max_num_queries(9 + USAGE_QUERIES):
        assert client.get(_url("32.75"), BULAN).status_code == 200


def test_it_hides_other_regions(skdn_data, people, login):
    client = login(people["admin_other"])
    assert client.get(_url("32.75.06.1001")).status_code == 404
    assert client.get(_url("32.75.06")).status_code == 404
    assert client.get(_url("99.99")).status_code == 404


def test_it_forbids_a_kader_the_kelurahan_totals(skdn_data, people, login):
    assert login(people["kader"]).get(_url("32.75.06.1001")).status_code == 403


def test_it_rejects_post(skdn_data, people, login):
    assert login(people["kecamatan"]).post(_url("32.75.06")).status_code == 405
