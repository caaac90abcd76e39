"""First-pass row checks: the same rules as the forms, every reason named by the file's column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ranting.transfer.columns import suggest_mapping
from ranting.transfer.rows import CHILD_INDEX, MEASUREMENT_INDEX, RowValidator
from ranting.transfer.tests.conftest import BUDI, HEADERS, TODAY


@pytest.fixture
def validator(regions):
    def _validator(headers=HEADERS, importable=("posyandu_a", "posyandu_a2")):
        kel = regions["32.75.06.1001"]
        posyandus = [regions["posyandu_a"], regions["posyandu_a2"]]
        ids = {regions[name].pk for name in importable}
        return RowValidator(headers, suggest_mapping(headers), posyandus, ids, kel.label, TODAY)

    return _validator


def check(validator, cells, **kwargs):
    return validator(**kwargs).validate(7, cells)


def test_it_accepts_a_good_row(validator):
    row = check(validator, [*BUDI, "10/05/2025", "9,5", "75,2", "terlentang"])
    assert row.errors == []
    assert row.warnings == []
    assert row.number == 7
    assert row.child[CHILD_INDEX["birth_date"]] == dt.date(2024, 3, 15)
    assert row.child[CHILD_INDEX["name"]] == "Budi Santoso"
    assert row.measure[MEASUREMENT_INDEX["weight_kg"]] == Decimal("9.5")
    assert row.measure[MEASUREMENT_INDEX["position"]] == "l"


def test_it_accepts_a_register_only_row(validator):
    row = check(validator, [*BUDI, "", "", "", ""])
    assert row.errors == []
    assert row.measure is None


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        (
            {7: "9500"},
            "BB",
            "Berat badan harus antara 0,9 dan 58 kg. Isi berat dalam kg, bukan gram "
            "(misalnya 8,5).",
        ),
        ({7: "9,555"}, "BB", "Isi paling banyak 2 angka di belakang koma."),
        (
            {8: "0,75"},
            "TB",
            "Panjang/tinggi badan harus antara 38 dan 150 cm. Isi dalam cm, "
            "bukan meter (misalnya 75,5).",
        ),  # fmt: skip
        ({6: "21/06/2025"}, "Tgl Ukur", "Tanggal ukur tidak boleh di masa depan."),
        ({6: "10/01/2024"}, "Tgl Ukur", "Tanggal ukur sebelum tanggal lahir anak (15-03-2024)."),
        (
            {6: "10/05/2025", 7: ""},
            "BB",
            "Berat badan (kg) wajib diisi bila baris ini berisi pengukuran.",
        ),  # fmt: skip
        ({6: ""}, "Tgl Ukur", "Tanggal ukur wajib diisi bila baris ini berisi pengukuran."),
        (
            {0: "327506150324001"},
            "NIK",
            "NIK anak: NIK harus tepat 16 angka (sekarang 15 karakter).",
        ),  # fmt: skip
        (
            {0: "3275061513240001"},
            "NIK",
            "NIK anak: Angka ke-9–10 NIK (bulan lahir) harus 01–12; tertulis 13.",
        ),  # fmt: skip
        ({2: "X"}, "JK", "“X” bukan jenis kelamin; isi L (laki-laki) atau P (perempuan)."),
        ({2: ""}, "JK", "Jenis kelamin wajib diisi (L atau P)."),
        ({1: ""}, "Nama", "Nama anak wajib diisi."),
        ({4: ""}, "Nama Ortu", "Nama ibu/orang tua wajib diisi."),
        ({3: "16/07/2025"}, "Tgl Lahir", "Tanggal lahir tidak boleh di masa depan."),
        ({5: "Anggrek"}, "Posyandu", "Posyandu “Anggrek” tidak ada di Kelurahan Medansatria."),
        ({5: ""}, "Posyandu", "Posyandu wajib diisi (nama atau kode)."),
        ({9: "duduk"}, "Cara Ukur", "“duduk” bukan cara ukur; isi “berdiri” atau “terlentang”."),
    ],
)
def test_it_refuses_a_bad_value_naming_the_column_and_reason(validator, change, column, reason):
    cells = [*BUDI, "10/05/2025", "9,5", "75,2", "terlentang"]
    for index, value in change.items():
        cells[index] = value
    row = check(validator, cells)
    assert (column, reason) in row.errors
    assert row.rejected
    assert row.child is None
    assert row.measure is None


def test_it_lists_every_reason_of_a_row(validator):
    row = check(validator, ["123", "Budi", "X", "15/03/2024", "Siti", "Mawar", "10/05/2025",
                            "9500", "75", "terlentang"])  # fmt: skip
    assert [column for column, _reason in row.errors] == ["NIK", "JK", "BB"]


def test_it_refuses_standing_height_under_nine_months(validator):
    row = check(validator, [*BUDI[:3], "01/01/2025", *BUDI[4:], "10/05/2025", "7", "62", "berdiri"])
    assert row.errors == [
        ("Cara Ukur", "Bayi di bawah 9 bulan harus diukur terlentang, bukan berdiri.")
    ]


def test_it_refuses_a_measurement_at_60_months(validator):
    row = check(validator, [*BUDI[:3], "01/01/2020", *BUDI[4:], "10/01/2025", "17", "", ""])
    assert row.errors == [
        (
            "Tgl Ukur",
            "Pada tanggal ini anak sudah berumur 60 bulan; program balita hanya sampai umur 59 "
            "bulan.",
        )
    ]


def test_it_refuses_asi_eksklusif_after_six_months(validator):
    headers = [*HEADERS, "ASI Eksklusif"]
    row = check(validator, [*BUDI, "10/05/2025", "9,5", "75", "terlentang", "ya"], headers=headers)
    assert row.errors == [
        ("ASI Eksklusif", "ASI eksklusif hanya dicatat untuk bayi di bawah 6 bulan.")
    ]


def test_it_takes_the_position_from_the_age_when_the_cell_is_blank(validator):
    # 13 months on 10 May 2025: under 24 months, so lying down (PMK 2/2020), with a warning.
    row = check(validator, [*BUDI, "10/05/2025", "9,5", "75,2", ""])
    assert row.errors == []
    assert row.measure[MEASUREMENT_INDEX["position"]] == "l"
    assert row.warnings == [
        ("Cara Ukur", "Cara ukur kosong; dianggap Terlentang (panjang badan) menurut umur anak.")
    ]


def test_it_takes_the_position_from_the_age_silently_without_a_position_column(validator):
    headers = HEADERS[:-1]
    row = check(validator, ["", *BUDI[1:3], "01/01/2022", *BUDI[4:], "10/05/2025", "14", "95"],
                headers=headers)  # fmt: skip
    assert row.errors == []
    assert row.warnings == []
    assert row.measure[MEASUREMENT_INDEX["position"]] == "h"  # 40 months: standing


def test_it_warns_when_the_nik_disagrees_with_sex_and_birth_date(validator):
    row = check(validator, ["3275065503240001", *BUDI[1:], "", "", "", ""])
    assert row.errors == []
    assert [column for column, _reason in row.warnings] == ["NIK"]
    assert "jenis kelamin perempuan" in row.warnings[0][1]


def test_it_refuses_a_posyandu_the_user_may_not_record_into(validator):
    cells = [*BUDI[:5], "Melati", "10/05/2025", "9,5", "75", "terlentang"]
    row = check(validator, cells, importable=("posyandu_a",))
    assert row.errors == [("Posyandu", "Anda tidak boleh mencatat data Posyandu Melati (RW 02).")]


def test_it_finds_the_posyandu_by_code_or_by_name_with_prefix(validator, regions):
    for name in ("32.75.06.1001.02", "posyandu  melati", "MELATI"):
        row = check(validator, [*BUDI[:5], name, "", "", "", ""])
        assert row.errors == []
        assert row.posyandu_id == regions["posyandu_a2"].pk


def test_it_defaults_to_the_only_posyandu_the_user_may_record_into(validator, regions):
    headers = [h for h in HEADERS if h != "Posyandu"]
    row = check(validator, [*BUDI[:5], "", "", "", ""], headers=headers, importable=("posyandu_a",))
    assert row.errors == []
    assert row.posyandu_id == regions["posyandu_a"].pk
