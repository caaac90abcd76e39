"""The Excel matrix: Tabel 8.1 layout, the rows' values and the computed percentages."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from ranting.review.models import ReviewRow


def _sheet(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return book.worksheets[0]


def _rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_export_follows_the_guidelines_table(review, people, login):
    ReviewRow.objects.create(
        review=review,
        kota_code="32.75",
        section="A",
        order=2,
        indicator="Prevalensi stunting",
        opd="Dinas Kesehatan",
        unit="%",
        direction="turun",
        source="stunting",
        target=Decimal("14"),
        realisation=Decimal("17.5"),
        realisation_note="RANTING, Desember 2024, data terverifikasi: 7 dari 40 anak yang diukur.",
        budget_allocated=Decimal("420.5"),
        budget_realised=Decimal("210.25"),
    )
    response = login(people["kecamatan"]).get(
        reverse("review:matrix", args=[review.pk]) + "?format=xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="Reviu_Kinerja_32.75_2024.xlsx"'
    )
    rows = _rows(_sheet(response))
    assert rows[0][0] == "Matriks Reviu Kinerja Tahunan Percepatan Penurunan Stunting"
    assert rows[1][0] == "Kota Bekasi (32.75) · tahun anggaran 2024"
    head, sub = rows[5], rows[6]
    assert head[:6] == [
        "No.",
        "Program",
        "Kegiatan",
        "Indikator Kinerja Keluaran (Output)",
        "OPD",
        "Satuan",
    ]
    assert head[6] == "Capaian Output"
    assert head[10] == "Anggaran (juta rupiah)"
    assert head[13:] == ["Permasalahan/Kendala", "Rekomendasi Tindak Lanjut"]
    assert sub[6:13] == [
        "Target",
        "Realisasi",
        "Keterangan",
        "% Capaian",
        "Alokasi",
        "Realisasi",
        "% Realisasi",
    ]
    assert rows[7][0] == "A. Program/kegiatan yang berkaitan dengan indikator"
    k4 = rows[8]
    assert k4[:6] == [
        1,
        "Pembinaan Kesehatan Masyarakat",
        "Peningkatan Kesehatan Ibu",
        "Ibu hamil diperiksa K4",
        "Dinas Kesehatan",
        "%",
    ]
    # 76 / 95 = 80%; 1000 / 1250 = 80%.
    assert k4[6:13] == [95, 76, None, 80, 1250, 1000, 80]
    assert k4[13:] == ["Data ibu pindah", "Pendataan bersama kader"]
    stunting = rows[9]
    assert stunting[3] == "Prevalensi stunting *"
    # (2 × 14 − 17.5) / 14 = 75%; 210.25 / 420.5 = 50%.
    assert stunting[6:8] == [14, 17.5]
    assert "Desember 2024" in stunting[8]
    assert stunting[9] == 75
    assert stunting[10:13] == [420.5, 210.25, 50]
    # Part A total: 1250 + 420.5 allocated, 1000 + 210.25 realised: 72.448…%.
    total_a = rows[10]
    assert total_a[0] == "Jumlah bagian A"
    assert total_a[10:13] == [1670.5, 1210.25, 72.45]
    assert rows[11][0] == "B. Pelaksanaan 8 (delapan) aksi integrasi"
    rembuk = rows[12]
    assert rembuk[3] == "Rembuk Stunting"
    assert rembuk[6:10] == [1, 1, "Ya, Maret", 100]
    assert rembuk[10:13] == [None, None, None]
    assert rows[13][0] == "Jumlah bagian B"
    assert rows[14][0] == "Jumlah seluruhnya"
    assert rows[14][10:13] == [1670.5, 1210.25, 72.45]
    notes = [r[0] for r in rows[15:] if r[0]]
    assert any("(2 × target − realisasi) / target × 100" in n for n in notes)


def test_an_unknown_format_is_refused(review, people, login):
    response = login(people["dinas"]).get(
        reverse("review:matrix", args=[review.pk]) + "?format=pdf"
    )
    assert response.status_code == 400
    assert "xlsx" in response.content.decode()


def test_the_page_shows_the_same_percentages(review, people, login):
    html = (
        login(people["admin_kelurahan"])
        .get(reverse("review:matrix", args=[review.pk]))
        .content.decode()
    )
    assert "80,00" in html  # K4 physical and budget
    assert "100,00" in html  # Rembuk Stunting 1 of 1
    assert 'id="reached">1 / 2<' in html
