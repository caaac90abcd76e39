"""The lokus matrix built from the database, against the hand-computed figures of lokus_data."""

from __future__ import annotations

import datetime as dt

import pytest

from ranting.analysis import lokus
from ranting.analysis.tests.lokus_data import AUGUST, TODDLER_BORN, make_lokus_data

K1, K2, K3, K4 = "32.75.06.1001", "32.75.06.1004", "32.75.01.1001", "32.75.06.1002"


@pytest.fixture
def data(regions, report):
    return make_lokus_data(regions, report)


def _by_code(matrix):
    return {row.code: row for row in matrix.rows}


def _cell(row, code):
    return next(c for c in row.cells if c.indicator.code == code)


def test_it_compares_with_the_city_average(data):
    matrix = lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True)
    assert (matrix.city.count, matrix.city.n) == (22, 90)
    assert matrix.city.pct == pytest.approx(100 * 22 / 90)
    assert matrix.city_band.code == "high"
    assert matrix.mean_cases == pytest.approx(22 / 3)
    assert (matrix.kelurahan_with_data, matrix.kelurahan_total) == (3, 4)


def test_it_ranks_kelurahan_in_the_aksi_1_order(data):
    matrix = lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True)
    assert [(row.rank, row.code) for row in matrix.rows] == [(1, K2), (2, K1), (3, K3), (4, K4)]


def test_it_flags_a_prevalence_hotspot(data):
    k1 = _by_code(lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True))[K1]
    assert (k1.stunting.count, k1.stunting.n) == (8, 10)
    assert k1.stunting.ci_low == pytest.approx(49.016, abs=1e-3)
    assert k1.prevalence_band.code == "very_high"
    assert k1.above_prevalence is True
    assert k1.above_count is False
    assert k1.count_p == pytest.approx(0.4508, abs=1e-4)
    assert k1.criteria == ["prevalence"]
    assert k1.is_hotspot
    assert k1.is_candidate


def test_it_flags_a_case_count_hotspot_that_the_prevalence_test_misses(data):
    k3 = _by_code(lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True))[K3]
    assert (k3.cases, k3.stunting.n) == (14, 70)
    assert k3.prevalence_band.code == "high"  # exactly 20%
    assert k3.above_prevalence is False
    assert k3.count_p == pytest.approx(0.018258, abs=1e-6)
    assert k3.above_count is True
    assert k3.criteria == ["cases"]
    assert k3.is_hotspot


def test_it_makes_a_low_coverage_kelurahan_a_candidate_despite_low_prevalence(data):
    k2 = _by_code(lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True))[K2]
    assert k2.prevalence_band.code == "very_low"
    classes = {c.indicator.code: (c.num, c.den, c.band and c.band.code) for c in k2.cells}
    assert classes == {
        "ds": (10, 20, "low"),
        "ks": (8, 20, "low"),
        "nd": (3, 10, "very_low"),
        "vit_a": (4, 20, "very_low"),
        "asi": (0, 0, None),
        "length": (10, 10, "adequate"),
        "complete": (1, 1, "adequate"),
    }
    assert (k2.key_low, k2.key_assessed) == (4, 4)
    assert k2.criteria == ["coverage"]
    assert k2.is_candidate
    assert not k2.is_hotspot
    assert k2.data_warning is False


def test_it_computes_the_coverage_classes_of_a_kelurahan(data):
    rows = _by_code(lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True))
    k1, k3 = rows[K1], rows[K3]
    # K1: posyandu A2 is not approved, so its child is out of S and D but lowers completeness.
    assert {c.indicator.code: (c.num, c.den) for c in k1.cells} == {
        "ds": (10, 10),
        "ks": (10, 10),
        "nd": (5, 10),
        "vit_a": (9, 10),
        "asi": (0, 0),
        "length": (10, 10),
        "complete": (1, 2),
    }
    assert _cell(k1, "nd").band.code == "low"
    assert _cell(k1, "complete").band.code == "low"
    assert k1.data_warning is True
    assert (k1.key_low, k1.key_assessed) == (1, 4)
    assert _cell(k3, "vit_a").band.code == "adequate"  # 63/70 = 90%: exactly the target
    assert (_cell(k3, "asi").num, _cell(k3, "asi").den) == (1, 2)
    assert _cell(k3, "asi").band.code == "low"
    assert (_cell(k3, "nd").num, _cell(k3, "nd").den) == (60, 72)
    assert (_cell(k3, "length").num, _cell(k3, "length").den) == (70, 72)
    assert (k3.key_low, k3.key_assessed) == (1, 5)


def test_it_puts_a_kelurahan_without_approved_data_last_with_a_warning(data):
    k4 = _by_code(lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True))[K4]
    assert k4.stunting.n == 0
    assert k4.prevalence_band is None
    assert k4.expected_cases is None
    assert k4.count_p is None
    assert (k4.key_low, k4.key_assessed) == (0, 0)
    assert _cell(k4, "complete").band.code == "very_low"
    assert not k4.is_candidate
    assert k4.data_warning is True
    assert k4.rank == 4


def test_it_shows_a_kecamatan_its_kelurahan_with_their_city_rank(data):
    matrix = lokus.build_lokus_matrix(data["32.75.06"], AUGUST, approved_only=True)
    assert [(row.rank, row.code) for row in matrix.rows] == [(1, K2), (2, K1), (4, K4)]
    assert matrix.kelurahan_total == 4
    assert (matrix.city.count, matrix.city.n) == (22, 90)  # still the kota average
    assert [r.code for r in matrix.hotspots] == [K1]


def test_it_includes_unverified_data_on_request(data):
    matrix = lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=False)
    rows = _by_code(matrix)
    # + A2 (1 of 1 stunted) and K4 (5 of 5): 28/96; 4 kelurahan with data: 7 cases each.
    assert (matrix.city.count, matrix.city.n) == (28, 96)
    assert matrix.mean_cases == pytest.approx(7.0)
    assert (rows[K1].stunting.count, rows[K1].stunting.n) == (9, 11)
    assert (_cell(rows[K1], "ds").num, _cell(rows[K1], "ds").den) == (11, 11)
    assert (_cell(rows[K1], "complete").num, _cell(rows[K1], "complete").den) == (2, 2)
    # A draft report is not "in" even when unverified data is shown.
    assert (_cell(rows[K4], "complete").num, _cell(rows[K4], "complete").den) == (0, 1)
    # K4 5/5: Wilson lower bound 56.55% > 29.17%.
    assert rows[K4].above_prevalence is True
    assert rows[K4].stunting.ci_low == pytest.approx(56.55, abs=0.01)


def test_it_does_not_assess_vitamin_a_outside_february_and_august(data, make_child, measure):
    september = dt.date(2025, 9, 1)
    child = make_child(posyandu=data["posyandu_c"], name="Anak Sep", birth_date=TODDLER_BORN)
    measure(child, period=september, age_months=31, vitamin_a=True, zlen=0.0)
    matrix = lokus.build_lokus_matrix(data["kota"], september, approved_only=False)
    k3 = _by_code(matrix)[K3]
    vit_a = _cell(k3, "vit_a")
    assert vit_a.applicable is False
    assert vit_a.pct is None
    assert vit_a.band is None
    assert matrix.is_vitamin_a_month is False


def test_it_uses_configured_targets(data, settings):
    settings.LOKUS_TARGETS = "nd=50"
    rows = _by_code(lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True))
    assert _cell(rows[K1], "nd").band.code == "adequate"  # 50% of a 50% target
    assert _cell(rows[K2], "nd").band.code == "low"  # 30/50 = 0.6: still "kurang"
    assert (rows[K1].key_low, rows[K2].key_low) == (0, 4)
    # K1 is still a candidate by its prevalence; K3 (1 low) now passes it: 1 > 0 low indicators.
    assert [row.code for row in sorted(rows.values(), key=lambda r: r.rank)] == [K2, K3, K1, K4]


def test_it_finds_the_latest_month_with_approved_data(data, make_child, measure, report):
    child = make_child(posyandu=data["posyandu_b"], name="Anak Okt", birth_date=TODDLER_BORN)
    measure(child, period=dt.date(2025, 10, 1), age_months=32, zlen=0.0)
    report(data["posyandu_b"], "submitted", period=dt.date(2025, 10, 1))
    assert lokus.default_period("32.75", approved_only=True) == AUGUST
    assert lokus.default_period("32.75", approved_only=False) == dt.date(2025, 10, 1)
    assert lokus.default_period("32.75", approved_only=False, weighing_months=True) == AUGUST
    assert lokus.default_period("32.01", approved_only=False) is None


def test_it_costs_a_fixed_number_of_queries(data, django_assert_num_queries):
    # regions, kelurahan prevalence, posyandu, reports, SKDN children + measurements, lengths.
    with django_assert_num_queries(7):
        matrix = lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True)
    assert len(matrix.rows) == 4


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("peringkat", [K2, K1, K3, K4]),
        ("prevalensi", [K1, K3, K2, K4]),
        ("kasus", [K3, K1, K2, K4]),
        ("nama", [K3, K4, K2, K1]),  # Bekasijaya, Harapanmulya, Kalibaru, Medansatria
        ("bogus", [K2, K1, K3, K4]),
    ],
)
def test_it_sorts_rows(data, sort, expected):
    matrix = lokus.build_lokus_matrix(data["kota"], AUGUST, approved_only=True)
    assert [row.code for row in lokus.sort_rows(matrix.rows, sort)] == expected
