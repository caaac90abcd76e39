from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from ranting.analysis.tests.conftest import BULAN


def _region(code):
    return reverse("analysis:skdn_region", args=[code])


def _posyandu(posyandu):
    return reverse("analysis:skdn_posyandu", args=[posyandu.pk])


def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _row(sheet, first_cell):
    """The values of the first row whose column A equals `first_cell`."""
    for row in sheet.iter_rows(values_only=True):
        if row[0] == first_cell:
            return row
    raise AssertionError(f"no row {first_cell!r}")


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_it_exports_the_posyandu_f1_as_xlsx(skdn_data, people, login):
    response = login(people["kader"]).get(
        _posyandu(skdn_data["posyandu_a"]), {**BULAN, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="SKDN_32.75.06.1001.01_2025-05.xlsx"' in response["Content-Disposition"]
    book = _workbook(response)
    assert book.sheetnames == ["F1", "Per unit"]
    f1 = book["F1"]
    texts = [c for row in f1.iter_rows(max_row=6, values_only=True) for c in row if c]
    assert "Laporan Bulanan F1 / SKDN Posyandu" in texts
    assert "Posyandu Mawar (32.75.06.1001.01)" in texts
    assert "Bulan: Mei 2025" in texts
    assert "Sumber: data terverifikasi" in texts
    # No, Keterangan, Kode, 0–5 L/P, 6–11 L/P, 12–23 L/P, 24–59 L/P, Jumlah L/P/L+P
    assert _row(f1, "No.")[1:3] == ("Keterangan", "Kode")
    assert _row(f1, "01")[2:] == ("S", 1, 2, 1, 1, 1, 0, 1, 2, 4, 5, 9)
    assert _row(f1, "07")[-1] == 4
    assert _row(f1, "10")[2:] == ("A", None, None, 0, 1, None, None, None, None, 0, 1, 1)
    assert _row(f1, "K/S")[2] == pytest.approx(800 / 9)
    assert _row(f1, "N/D′")[2:5] == (50, 1, 2)
    assert any(row[1] == "D = N + T + O + B: sesuai" for row in f1.iter_rows(values_only=True))


def test_it_exports_the_per_unit_table_of_a_kecamatan(skdn_data, people, login):
    response = login(people["kecamatan"]).get(
        _region("32.75.06"), {**BULAN, "semua": "1", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert 'filename="SKDN_32.75.06_2025-05_semua.xlsx"' in response["Content-Disposition"]
    book = _workbook(response)
    units = book["Per unit"]
    assert any("Sumber: semua data" in (row[0] or "") for row in units.iter_rows(values_only=True))
    header = _row(units, "Kode")
    medansatria = dict(zip(header, _row(units, "32.75.06.1001"), strict=True))
    assert (medansatria["S"], medansatria["D"], medansatria["N"]) == (10, 5, 2)
    assert medansatria["D=N+T+O+B"] == "ya"
    kalibaru = dict(zip(header, _row(units, "32.75.06.1004"), strict=True))
    assert kalibaru["N/D"] == pytest.approx(100.0)
    total = dict(zip(header, _row(units, "32.75.06"), strict=True))
    assert (total["S"], total["D"]) == (11, 6)
    assert _row(book["F1"], "07")[-1] == 6


def test_it_names_the_city_once_in_the_kota_export(skdn_data, people, login):
    response = login(people["dinas"]).get(_region("32.75"), {**BULAN, "format": "xlsx"})
    assert 'filename="SKDN_32.75_2025-05.xlsx"' in response["Content-Disposition"]
    assert _workbook(response)["F1"]["A2"].value == "Kota Bekasi (32.75)"


def test_it_exports_csv_with_bom_and_age_sex_rows(skdn_data, people, login):
    response = login(people["admin_kelurahan"]).get(
        _region("32.75.06.1001"), {**BULAN, "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="SKDN_32.75.06.1001_2025-05.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    kelurahan_total = next(
        r for r in rows if r["kode"] == "32.75.06.1001" and r["kelompok_umur"] == "0-59"
    )
    assert kelurahan_total["sumber"] == "terverifikasi"
    assert (kelurahan_total["S"], kelurahan_total["K"], kelurahan_total["D"]) == ("10", "9", "4")
    assert kelurahan_total["N/D"] == "25.0"
    a_cell = next(
        r
        for r in rows
        if r["kode"] == "32.75.06.1001.01"
        and r["kelompok_umur"] == "0-5"
        and r["jenis_kelamin"] == "P"
    )
    assert (a_cell["S"], a_cell["D"]) == ("2", "0")
    assert a_cell["D/S"] == "0.0"
    assert a_cell["N/D"] == ""  # zero denominator
    # the report's own total, then 2 posyandu; each 8 cells + 1 total
    assert len(rows) == 3 * 9


def test_it_refuses_a_download_for_an_invalid_month(skdn_data, people, login):
    response = login(people["kecamatan"]).get(
        _region("32.75.06"), {"bulan": "Mei", "format": "xlsx"}
    )
    assert response.status_code == 400
    assert "Bulan laporan" in response.content.decode()


def test_it_refuses_an_unknown_format(skdn_data, people, login):
    response = login(people["kecamatan"]).get(_region("32.75.06"), {**BULAN, "format": "pdf"})
    assert response.status_code == 400
    assert "Format unduhan" in response.content.decode()


def test_it_hides_downloads_outside_the_scope(skdn_data, people, login):
    client = login(people["kecamatan_other"])
    assert client.get(_region("32.75.06"), {"format": "csv"}).status_code == 404
    kader = login(people["kader_b"])
    assert kader.get(_posyandu(skdn_data["posyandu_a"]), {"format": "xlsx"}).status_code == 404


def test_it_forbids_a_kader_the_kelurahan_download(skdn_data, people, login):
    response = login(people["kader"]).get(_region("32.75.06.1001"), {"format": "xlsx"})
    assert response.status_code == 403
