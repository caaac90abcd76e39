"""Excel and CSV downloads of the lokus matrix carry the page's figures, colours and labels."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from ranting.analysis.tests.lokus_data import BULAN_AUGUST, make_lokus_data


@pytest.fixture
def data(regions, report):
    return make_lokus_data(regions, report)


def _get(client, code="32.75", **params):
    return client.get(reverse("analysis:lokus_region", args=[code]), params)


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_it_exports_the_matrix_as_csv(data, people, login):
    response = _get(login(people["dinas"]), **BULAN_AUGUST, format="csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="Lokus_32.75_2025-08.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    assert [(r["peringkat"], r["kode"]) for r in rows] == [
        ("1", "32.75.06.1004"),
        ("2", "32.75.06.1001"),
        ("3", "32.75.01.1001"),
        ("4", "32.75.06.1002"),
    ]
    k1 = rows[1]
    assert (k1["bulan"], k1["sumber"], k1["kecamatan"]) == (
        "2025-08",
        "terverifikasi",
        "Medansatria",
    )
    assert (k1["kasus_stunting"], k1["anak_dinilai"], k1["prevalensi"]) == ("8", "10", "80.0")
    assert (k1["ik95_bawah"], k1["ik95_atas"]) == ("49.02", "94.33")
    assert (k1["kelas_prevalensi"], k1["prevalensi_bermakna"]) == ("Sangat tinggi", "ya")
    assert (k1["rata_rata_kasus_per_kelurahan"], k1["p_poisson"]) == ("7.33", "0.4508")
    assert (k1["hotspot"], k1["kandidat_lokus"], k1["kriteria"]) == ("ya", "ya", "prevalence")
    assert (k1["nd_pembilang"], k1["nd_penyebut"], k1["nd_persen"]) == ("5", "10", "50.0")
    assert (k1["nd_target"], k1["nd_kelas"]) == ("80.0", "Rendah")
    assert (k1["complete_pembilang"], k1["complete_penyebut"]) == ("1", "2")
    assert (k1["asi_persen"], k1["asi_kelas"]) == ("", "")
    assert (k1["indikator_utama_kurang"], k1["indikator_utama_dinilai"]) == ("1", "4")
    assert k1["peringatan_data"] == "ya"
    k3 = rows[2]
    assert (k3["p_poisson"], k3["kasus_bermakna"], k3["kriteria"]) == ("0.0183", "ya", "cases")
    assert (k3["vit_a_persen"], k3["vit_a_kelas"]) == ("90.0", "Memadai")
    k2 = rows[0]
    assert (k2["kriteria"], k2["ks_persen"], k2["ks_kelas"]) == ("coverage", "40.0", "Rendah")


def test_it_marks_unverified_csv_exports(data, people, login):
    response = _get(login(people["dinas"]), **BULAN_AUGUST, semua="1", format="csv")
    assert 'filename="Lokus_32.75_2025-08_semua.csv"' in response["Content-Disposition"]
    rows = {r["kode"]: r for r in _csv(response)}
    assert rows["32.75.06.1001"]["sumber"] == "semua"
    assert (rows["32.75.06.1001"]["kasus_stunting"], rows["32.75.06.1001"]["anak_dinilai"]) == (
        "9",
        "11",
    )


def test_it_exports_only_the_users_kelurahan(data, people, login):
    response = _get(login(people["kecamatan"]), "32.75.06", **BULAN_AUGUST, format="csv")
    assert [r["peringkat"] for r in _csv(response)] == ["1", "2", "4"]


def _fill(cell) -> str:
    return cell.fill.fgColor.rgb[-6:].upper()


def test_it_exports_a_coloured_excel_matrix(data, people, login):
    response = _get(login(people["dinas"]), **BULAN_AUGUST, format="xlsx")
    assert response.status_code == 200
    assert 'filename="Lokus_32.75_2025-08.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Matriks", "Definisi"]
    sheet = book["Matriks"]
    head = [c.value for c in sheet[8]]
    col = {name: i for i, name in enumerate(head)}
    rows = [list(row) for row in sheet.iter_rows(min_row=9)]
    assert [(r[0].value, r[1].value) for r in rows] == [
        (1, "32.75.06.1004"),
        (2, "32.75.06.1001"),
        (3, "32.75.01.1001"),
        (4, "32.75.06.1002"),
    ]
    k1 = rows[1]
    assert k1[col["Prevalensi stunting %"]].value == 80.0
    assert k1[col["Kelas prevalensi"]].value == "Sangat tinggi"
    # Red for "Sangat tinggi" on both the figure and its label (lokus_rules.TONE_FILL["red"]).
    assert _fill(k1[col["Prevalensi stunting %"]]) == "F6C1BD"
    assert _fill(k1[col["Kelas prevalensi"]]) == "F6C1BD"
    assert k1[col["Naik berat badan N/D %"]].value == 50.0
    assert k1[col["Naik berat badan N/D: kelas"]].value == "Rendah"
    assert _fill(k1[col["Naik berat badan N/D: kelas"]]) == "FFD8A8"  # orange
    assert k1[col["Kriteria terpenuhi"]].value == "prevalensi bermakna di atas rata-rata kota"
    k3 = rows[2]
    assert k3[col["Nilai p uji Poisson"]].value == pytest.approx(0.0183)
    assert _fill(k3[col["Vitamin A (Feb/Agu): kelas"]]) == "C8E6C9"  # green, "Memadai"
    k4 = rows[3]
    assert k4[col["Prevalensi stunting %"]].value is None
    assert k4[col["Kelengkapan laporan: kelas"]].value == "Sangat rendah"
    assert "Rata-rata Kota Bekasi: prevalensi 24.4% (22/90), 7.3 kasus per kelurahan" in (
        sheet["A5"].value
    )
    definitions = [c.value for c in book["Definisi"]["A"] if c.value]
    assert "Kelas prevalensi stunting" in definitions
    assert any(str(v).startswith("Peringkat: kandidat lokus lebih dulu") for v in definitions)
