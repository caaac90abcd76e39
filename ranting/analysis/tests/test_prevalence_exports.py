"""Excel and CSV downloads of the prevalence page parse and carry the page's figures."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from ranting.analysis.tests.conftest import BULAN
from ranting.analysis.tests.prevalence_data import make_prevalence_data


@pytest.fixture
def data(regions, make_child, measure, report):
    return make_prevalence_data(regions, make_child, measure, report)


def _url(code):
    return reverse("analysis:prevalence_region", args=[code])


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _find(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, match
    return found[0]


def test_it_exports_the_prevalence_as_csv(data, people, login):
    response = login(people["admin_kelurahan"]).get(
        _url("32.75.06.1001"), {**BULAN, "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="Prevalensi_32.75.06.1001_2025-05.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    stunting = _find(rows, bagian="wilayah", indikator="stunting")
    assert stunting["bulan"] == "2025-05"
    assert stunting["sumber"] == "terverifikasi"
    assert (stunting["pembilang"], stunting["penyebut"], stunting["persen"]) == ("2", "4", "50.0")
    assert (stunting["ik95_bawah"], stunting["ik95_atas"]) == ("15.0", "85.0")
    assert stunting["target"] == "14.0"
    assert stunting["rata_rata_kota"] == "20.0"
    assert stunting["di_atas_rata_rata_kota"] == "tidak"
    previous = _find(rows, bagian="bulan_lalu", indikator="stunting")
    assert (previous["bulan"], previous["pembilang"], previous["penyebut"]) == ("2025-04", "1", "4")
    last_year = _find(rows, bagian="tahun_lalu", indikator="stunting")
    assert (last_year["bulan"], last_year["persen"]) == ("2024-05", "50.0")
    kota = _find(rows, bagian="kota", indikator="stunting")
    assert (kota["kode"], kota["nama"], kota["penyebut"]) == ("32.75", "Kota Bekasi", "10")
    girls = _find(rows, bagian="jenis_kelamin", kode="P", indikator="underweight")
    assert (girls["pembilang"], girls["penyebut"]) == ("1", "3")
    toddlers = _find(rows, bagian="kelompok_umur", kode="24-59", indikator="underweight")
    assert (toddlers["pembilang"], toddlers["penyebut"]) == ("1", "3")
    unit = _find(rows, bagian="unit", kode="32.75.06.1001.02", indikator="stunting")
    assert (unit["penyebut"], unit["persen"], unit["ik95_bawah"]) == ("0", "", "")
    assert {r["indikator"] for r in rows} == {
        "stunting",
        "severe_stunting",
        "wasting",
        "underweight",
        "overweight",
    }


def test_it_marks_unverified_csv_exports(data, people, login):
    response = login(people["admin_kelurahan"]).get(
        _url("32.75.06.1001"), {**BULAN, "semua": "1", "format": "csv"}
    )
    assert (
        'filename="Prevalensi_32.75.06.1001_2025-05_semua.csv"' in response["Content-Disposition"]
    )
    rows = _csv(response)
    stunting = _find(rows, bagian="wilayah", indikator="stunting")
    assert (stunting["sumber"], stunting["pembilang"], stunting["penyebut"]) == ("semua", "3", "5")


def test_it_exports_the_prevalence_as_xlsx(data, people, login):
    response = login(people["dinas"]).get(_url("32.75"), {**BULAN, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="Prevalensi_32.75_2025-05.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Rincian", "Per unit"]
    summary = book["Ringkasan"]
    texts = [c for row in summary.iter_rows(max_row=5, values_only=True) for c in row if c]
    assert "Prevalensi masalah gizi balita" in texts
    assert "Kota Bekasi (32.75)" in texts
    assert "Bulan: Mei 2025" in texts
    assert "Sumber: data terverifikasi" in texts
    rows = {row[0]: row for row in summary.iter_rows(min_row=8, values_only=True) if row[0]}
    stunting = rows["Stunting"]
    assert stunting[2:7] == (
        20.0,
        pytest.approx(5.67, abs=0.01),
        pytest.approx(50.98, abs=0.01),
        2,
        10,
    )
    assert stunting[11] == 14.0  # target
    assert "−2 SD" in stunting[1]
    assert "Pembilang" not in stunting[15]
    assert stunting[15].startswith("Anak yang diukur")
    per_unit = book["Per unit"]
    codes = [row[0] for row in per_unit.iter_rows(min_row=8, values_only=True)]
    assert codes == ["32.75.01", "32.75.06"]
    breakdown = book["Rincian"]
    keys = [row[0] for row in breakdown.iter_rows(min_row=8, values_only=True)]
    assert keys == ["L", "P", "0-5", "6-11", "12-23", "24-59"]


def test_it_refuses_a_download_of_a_bad_month(data, people, login):
    response = login(people["dinas"]).get(_url("32.75"), {"bulan": "2025-13", "format": "csv"})
    assert response.status_code == 400
    assert "Bulan laporan" in response.content.decode()


def test_it_refuses_an_unknown_format(data, people, login):
    response = login(people["dinas"]).get(_url("32.75"), {**BULAN, "format": "pdf"})
    assert response.status_code == 400
    assert "Format unduhan" in response.content.decode()


def test_it_hides_exports_outside_the_users_scope(data, people, login):
    response = login(people["kecamatan_other"]).get(_url("32.75.06"), {**BULAN, "format": "csv"})
    assert response.status_code == 404
    response = login(people["kader"]).get(_url("32.75.06.1001"), {**BULAN, "format": "xlsx"})
    assert response.status_code == 403
