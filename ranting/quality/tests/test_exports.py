"""Excel and CSV downloads carry the same numbers as the page, for every row kind."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from ranting.quality.catalog import METRICS
from ranting.quality.tests.conftest import BULAN

pytestmark = pytest.mark.django_db


def _get(client, code, fmt, semua=True):
    url = reverse("quality:region", args=[code]) + f"?bulan={BULAN}&format={fmt}"
    return client.get(url + ("&semua=1" if semua else ""))


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # BOM: Excel reads the accents
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


def test_it_downloads_a_tidy_csv(regions, people, login, quality_month):
    response = _get(login(people["admin_kelurahan"]), "32.75.06.1001", "csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="KualitasData_32.75.06.1001_2025-05_semua.csv"'
    )
    rows = _csv(response)
    region = {r["metrik"]: r for r in rows if r["bagian"] == "Wilayah"}
    assert set(region) == {spec.code for spec in METRICS}
    # 10 of 12 target children measured (conftest): 83.333 %.
    assert region["completeness"]["nilai"] == "83.333"
    assert (region["completeness"]["n"], region["completeness"]["pembilang"]) == ("12", "10")
    assert region["completeness"]["penilaian"] == "perlu perhatian"
    posyandu_a = [
        r for r in rows if r["bagian"] == "Per posyandu" and r["nama"].startswith("Posyandu Mawar")
    ]
    flags = next(r for r in posyandu_a if r["metrik"] == "who_flags")
    assert (flags["nilai"], flags["n"], flags["pembilang"]) == ("12.5", "8", "1")
    sari = [r for r in rows if r["bagian"] == "Per kader" and r["nama"] == "Sari"]
    # Kader rows have no register metrics.
    assert "completeness" not in {r["metrik"] for r in sari}
    assert {r["posyandu"] for r in sari} == {"Mawar"}


def test_it_downloads_an_xlsx_with_every_part(regions, people, login, quality_month):
    response = _get(login(people["dinas"]), "32.75.06", "xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('_32.75.06_2025-05_semua.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Ringkasan",
        "Per Kelurahan-Desa",
        "Per posyandu",
        "Per kader",
        "Definisi",
    ]
    summary = book["Ringkasan"]
    rows = {r[1]: r for r in summary.iter_rows(min_row=7, values_only=True) if r[1]}
    completeness = rows["Anak sasaran yang diukur"]
    # Kecamatan Medansatria: A 8/10, A2 2/2, B 1/1 → 11 / 13 = 84.615 %.
    assert completeness[2] == pytest.approx(84.615)
    assert completeness[3] == 13
    assert completeness[4] == "perlu perhatian"
    units = book["Per Kelurahan-Desa"]
    codes = [r[0] for r in units.iter_rows(min_row=7, values_only=True)]
    assert codes == ["32.75.06.1001", "32.75.06.1004"]
    definitions = list(book["Definisi"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in definitions] == [spec.code for spec in METRICS]


def test_it_marks_a_verified_only_download_in_the_name(regions, people, login, quality_month):
    response = _get(login(people["dinas"]), "32.75", "csv", semua=False)
    assert 'KualitasData_32.75_2025-05.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    flags = next(r for r in rows if r["bagian"] == "Wilayah" and r["metrik"] == "who_flags")
    assert flags["sumber"] == "terverifikasi"
    assert flags["n"] == "2"  # only posyandu A2's report is approved


def test_it_lists_a_kelurahan_children_not_measured(regions, people, login, quality_month):
    response = _get(login(people["admin_kelurahan"]), "32.75.06.1001", "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Per posyandu", "Per kader", "Belum diukur", "Definisi"]
    rows = list(book["Belum diukur"].iter_rows(min_row=7, values_only=True))
    # c9 and c10 of posyandu A (conftest); A2's two children were measured.
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("Posyandu Mawar (RW 01)", "Anak 09", "10-03-2024"),
        ("Posyandu Mawar (RW 01)", "Anak 10", "10-03-2024"),
    ]
