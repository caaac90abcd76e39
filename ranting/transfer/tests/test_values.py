"""Cell parsing: dates, decimals, sex, position, yes/no, NIK digits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ranting.transfer import values


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("15/03/2024", dt.date(2024, 3, 15)),
        ("5/3/2024", dt.date(2024, 3, 5)),
        ("15-03-2024", dt.date(2024, 3, 15)),
        ("15.03.2024", dt.date(2024, 3, 15)),
        ("2024-03-15", dt.date(2024, 3, 15)),
        ("2024-03-15 00:00:00", dt.date(2024, 3, 15)),
        # Excel serials: 45366 days after 1899-12-30 is 2024-03-15 (45292 is 2024-01-01:
        # 124 years incl. 30 leap days (1900 is not one) = 45290 days + 2).
        (45366, dt.date(2024, 3, 15)),
        ("45366", dt.date(2024, 3, 15)),
        (45292.0, dt.date(2024, 1, 1)),
        (dt.datetime(2024, 3, 15, 0, 0), dt.date(2024, 3, 15)),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_the_date_formats_registers_use(cell, expected):
    assert values.date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("31/02/2024", "Tanggal “31/02/2024” tidak ada di kalender."),
        ("15/03/24", "Tahun harus ditulis 4 angka (misalnya 15/03/2024); tertulis “15/03/24”."),
        ("kemarin", "“kemarin” bukan tanggal; tulis hh/bb/tttt (misalnya 15/03/2024)."),
    ],
)
def test_it_explains_a_bad_date(cell, reason):
    with pytest.raises(ValueError) as err:
        values.date(cell)
    assert str(err.value) == reason


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("8,5", Decimal("8.5")),
        ("8.5", Decimal("8.5")),
        (" 12,25 ", Decimal("12.25")),
        ("8,5 kg", Decimal("8.5")),
        ("75 cm", Decimal("75")),
        (8.5, Decimal("8.5")),
        (8.500000000001, Decimal("8.5")),  # binary noise of an Excel cell
        (9, Decimal("9")),
        ("", None),
    ],
)
def test_it_reads_decimal_comma_and_number_cells(cell, expected):
    assert values.decimal(cell) == expected


def test_it_refuses_text_as_a_number():
    with pytest.raises(ValueError, match="“delapan” bukan angka; tulis misalnya 8,5."):
        values.decimal("delapan")
    with pytest.raises(ValueError):
        values.decimal("1.234,5")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("L", "L"), ("l", "L"), ("Laki-laki", "L"), ("P", "P"), ("Perempuan", "P"), ("2", "P")],
)
def test_it_reads_sex(cell, expected):
    assert values.sex(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("berdiri", "h"), ("Terlentang", "l"), ("Telentang", "l"), ("", "")],
)
def test_it_reads_the_measuring_position(cell, expected):
    assert values.position(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("ya", True), ("Y", True), ("biru", True), ("1", True), (2, True), ("tidak", False),
     ("", False), ("-", False), (0, False)],
)  # fmt: skip
def test_it_reads_yes_no_and_counts(cell, expected):
    assert values.boolean(cell) is expected


def test_it_refuses_a_nik_excel_turned_into_scientific_notation():
    with pytest.raises(ValueError, match="angka ilmiah"):
        values.digits("3,27506E+15", "NIK anak")
    assert values.digits("3275 0615 0324 0001", "NIK anak") == "3275061503240001"
    assert values.digits(3275061503240001, "NIK anak") == "3275061503240001"
