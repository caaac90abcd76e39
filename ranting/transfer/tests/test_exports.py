"""Exports: streamed CSV and xlsx of the register and the measurements, scoped and masked."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.transfer.importer import run_import

NIK = "3275061503240001"
MOTHER_NIK = "3275064101950002"


@pytest.fixture
def data(regions, make_child):
    """Budi at Mawar with April and May 2025 weighings (May approved); Ani at Anggrek (Bekasi
    Timur) weighed in May."""
    budi = make_child(name="Budi", nik=NIK, mother_nik=MOTHER_NIK, phone="0812345678",
                      birth_date=dt.date(2024, 3, 15), birth_weight_kg=Decimal("3.10"))  # fmt: skip
    ani = make_child(posyandu=regions["posyandu_c"], name="Ani", sex="P")
    common = {"position": "l", "age_months": 13, "zwei": -0.514, "zlen": -1.2, "growth": "N"}
    Measurement.objects.create(child=budi, posyandu=budi.posyandu, period=dt.date(2025, 4, 1),
                               measured_on=dt.date(2025, 4, 10), weight_kg=Decimal("9.20"),
                               lenhei_cm=Decimal("74.0"), **{**common, "growth": "B"})  # fmt: skip
    Measurement.objects.create(child=budi, posyandu=budi.posyandu, period=dt.date(2025, 5, 1),
                               measured_on=dt.date(2025, 5, 10), weight_kg=Decimal("9.50"),
                               lenhei_cm=Decimal("75.2"), status_tbu="normal", vitamin_a=True,
                               **common)  # fmt: skip
    Measurement.objects.create(child=ani, posyandu=ani.posyandu, period=dt.date(2025, 5, 1),
                               measured_on=dt.date(2025, 5, 12),
                               weight_kg=Decimal("8.00"))  # fmt: skip
    MonthlyReport.objects.create(posyandu=budi.posyandu, period=dt.date(2025, 5, 1),
                                 status="approved")  # fmt: skip
    return {"budi": budi, "ani": ani}


def download(client, **params):
    response = client.get(reverse("transfer:download"), params)
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response):
    assert response.streaming  # sent as it is produced, not built in memory first
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_measurement_csv_of_a_posyandu_and_month_range(regions, people, login, data):
    client = login(people["admin_kelurahan"])
    response = download(client, unit=f"p:{regions['posyandu_a'].pk}", data="pengukuran",
                        dari="2025-05", sampai="2025-06", format="csv")  # fmt: skip
    assert response["Content-Disposition"] == (
        'attachment; filename="pengukuran_32.75.06.1001.01_2025-05_2025-06.csv"'
    )
    rows = csv_rows(response)
    assert rows[0][:5] == ["NIK anak", "Nama anak", "Jenis kelamin (L/P)", "Tanggal lahir",
                           "Nama ibu/orang tua"]  # fmt: skip
    assert len(rows) == 2  # April is outside the range; Ani is another posyandu
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["NIK anak"] == "3275••••••••0001"  # masked unless asked for
    assert (row["Nama anak"], row["Tanggal lahir"], row["Tanggal ukur"]) == (
        "Budi", "15/03/2024", "10/05/2025")  # fmt: skip
    assert (row["Bulan laporan"], row["Umur (bulan)"], row["Berat badan (kg)"]) == (
        "2025-05", "13", "9.50")  # fmt: skip
    assert (row["Tinggi/panjang badan (cm)"], row["Cara ukur (berdiri/terlentang)"]) == (
        "75.2", "terlentang")  # fmt: skip
    assert (row["ZS BB/U"], row["ZS TB/U"], row["TB/U"], row["N/T/O/B"]) == (
        "-0.51", "-1.2", "Normal", "N")  # fmt: skip
    assert (row["Vitamin A"], row["Laporan disetujui"], row["Kode posyandu"]) == (
        "ya", "ya", "32.75.06.1001.01")  # fmt: skip


def test_full_nik_only_for_register_keepers_who_ask(regions, people, login, data):
    unit = f"p:{regions['posyandu_a'].pk}"
    admin = login(people["admin_kelurahan"])
    rows = csv_rows(download(admin, unit=unit, data="anak", format="csv", nik_lengkap="on"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["NIK anak"], row["NIK ibu"], row["Nomor HP"]) == (NIK, MOTHER_NIK, "0812345678")
    camat = login(people["kecamatan"])
    rows = csv_rows(download(camat, unit=unit, data="anak", format="csv", nik_lengkap="on"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["NIK anak"], row["NIK ibu"], row["Nomor HP"]) == (
        "3275••••••••0001", "3275••••••••0002", "")  # fmt: skip


def test_the_child_list_of_a_region(regions, people, login, data):
    rows = csv_rows(download(login(people["dinas"]), unit="r:32.75", data="anak", format="csv"))
    assert [r[1] for r in rows[1:]] == ["Ani", "Budi"]  # by posyandu code: 32.75.01 first
    budi = dict(zip(rows[0], rows[2], strict=True))
    assert (budi["Berat lahir (kg)"], budi["Kelurahan"], budi["Aktif"]) == ("3.10", "Medansatria",
                                                                             "ya")  # fmt: skip


def test_the_xlsx_holds_the_same_rows_with_numbers_as_numbers(regions, people, login, data):
    response = download(login(people["dinas"]), unit="r:32.75.06", data="pengukuran",
                        dari="2025-01", sampai="2025-06", format="xlsx")  # fmt: skip
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Pengukuran"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # header + Budi April and May (Ani is in Bekasi Timur)
    header = rows[0]
    may = dict(zip(header, rows[2], strict=True))
    assert may["Berat badan (kg)"] == 9.5
    assert may["ZS BB/U"] == -0.51
    assert may["Umur (bulan)"] == 13
    assert may["Bulan laporan"] == "2025-05"


def test_a_bad_month_range_is_explained(regions, people, login, data):
    response = login(people["dinas"]).get(
        reverse("transfer:download"),
        {"unit": "r:32.75", "data": "pengukuran", "dari": "2025-06", "sampai": "2025-01",
         "format": "csv"},
    )  # fmt: skip
    assert response.status_code == 400
    assert (
        "“Sampai bulan” harus sama dengan atau setelah “Dari bulan”." in response.content.decode()
    )


def test_an_export_imports_back_as_already_present(regions, people, login, data, tmp_path, context):
    rows = csv_rows(download(login(people["admin_kelurahan"]), unit="r:32.75.06.1001",
                             data="pengukuran", dari="2025-01", sampai="2025-06", format="csv",
                             nik_lengkap="on"))  # fmt: skip
    path = tmp_path / "ekspor.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = run_import(path, None, context(), write=True)
    assert result.summary.rejected == 0
    assert result.summary.conflicts == 0
    assert result.summary.skipped == 2
    assert Measurement.objects.count() == 3


def test_the_export_page_offers_the_users_regions_and_posyandu(regions, people, login):
    page = login(people["admin_kelurahan"]).get(reverse("transfer:export")).content.decode()
    assert 'value="r:32.75.06.1001"' in page
    assert f'value="p:{regions["posyandu_a"].pk}"' in page
    assert 'value="r:32.75.06"' not in page
    assert "Tampilkan NIK lengkap" in page
    camat = login(people["kecamatan"]).get(reverse("transfer:export")).content.decode()
    assert 'value="r:32.75.06"' in camat
    assert "Tampilkan NIK lengkap" not in camat
