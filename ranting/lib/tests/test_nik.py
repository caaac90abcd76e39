import datetime as dt

import pytest

from ranting.lib.nik import mask_nik, nik_errors, nik_warnings, normalize_nik, parse_nik

VALID_BOY = "3275061503240001"  # Medansatria, 15-03-24, serial 0001
VALID_GIRL = "3275065503240002"  # same date +40


def test_it_accepts_a_valid_nik():
    assert nik_errors(VALID_BOY) == []
    assert nik_errors(VALID_GIRL) == []


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        pytest.param("327506150324000", "16 angka", id="too-short"),
        pytest.param("32750615032400011", "16 angka", id="too-long"),
        pytest.param("32750615032400a1", "16 angka", id="letter"),
        pytest.param("3275060003240001", "tanggal lahir", id="day-00"),
        pytest.param("3275063203240001", "tanggal lahir", id="day-32"),
        pytest.param("3275064003240001", "tanggal lahir", id="day-40"),
        pytest.param("3275067203240001", "tanggal lahir", id="day-72"),
        pytest.param("3275061500240001", "bulan lahir", id="month-00"),
        pytest.param("3275061513240001", "bulan lahir", id="month-13"),
        pytest.param("3275063102240001", "bukan tanggal", id="31-feb"),
        pytest.param("3275067102240001", "bukan tanggal", id="31-feb-female"),
        pytest.param("3275061503240000", "0000", id="serial-0000"),
    ],
)
def test_it_rejects_hard_rule_violations(nik, fragment):
    errors = nik_errors(nik)
    assert errors
    assert any(fragment in e for e in errors)


def test_it_accepts_boundary_days():
    assert nik_errors("3275060103240001") == []
    assert nik_errors("3275063101240001") == []
    assert nik_errors("3275064101240001") == []
    assert nik_errors("3275067101240001") == []


def test_it_accepts_29_february_of_a_leap_year_in_either_century():
    assert nik_errors("3275062902240001") == []  # 2024
    assert nik_errors("3275062902000001") == []  # 2000 is leap
    assert nik_errors("3275062902230001") != []  # 2023 and 1923 are not


def test_it_parses_sex_and_date():
    info = parse_nik(VALID_GIRL)
    assert info.sex == "P"
    assert (info.day, info.month, info.year_2digit) == (15, 3, 24)
    assert info.region_code == "327506"
    assert parse_nik("123") is None


def test_it_warns_when_sex_differs():
    warnings = nik_warnings(VALID_GIRL, "L", dt.date(2024, 3, 15))
    assert len(warnings) == 1
    assert "perempuan" in warnings[0]


def test_it_warns_when_birth_date_differs():
    warnings = nik_warnings(VALID_BOY, "L", dt.date(2024, 3, 16))
    assert len(warnings) == 1
    assert "16-03-24" in warnings[0]


def test_it_has_no_warning_when_everything_matches():
    assert nik_warnings(VALID_BOY, "L", dt.date(2024, 3, 15)) == []
    assert nik_warnings("bad", "L", dt.date(2024, 3, 15)) == []


def test_it_normalizes_and_masks():
    assert normalize_nik("3275 0615.0324-0001") == VALID_BOY
    assert mask_nik(VALID_BOY) == "3275••••••••0001"


def test_it_hides_a_value_of_another_length_entirely():
    assert mask_nik("32750615") == "••••••••"
    assert mask_nik("") == ""
