from __future__ import annotations

import datetime as dt

import pytest

from ranting.analysis import skdn
from ranting.analysis.tests.conftest import PERIOD


def _cells(counts, metric):
    return {
        (g.code, sex): counts.value(metric, [g.code], sex) for g in skdn.AGE_GROUPS for sex in "LP"
    }


def test_it_counts_s_and_k_by_age_group_and_sex(skdn_data):
    counts = skdn.skdn_counts(PERIOD, posyandu_id=skdn_data["posyandu_a"].pk)
    a = counts[skdn_data["posyandu_a"].pk]
    assert _cells(a, "s") == {
        ("0-5", "L"): 1,
        ("0-5", "P"): 2,
        ("6-11", "L"): 1,
        ("6-11", "P"): 1,
        ("12-23", "L"): 1,
        ("12-23", "P"): 0,
        ("24-59", "L"): 1,
        ("24-59", "P"): 2,
    }
    assert a.value("s") == 9
    assert a.value("k") == 8
    assert a.value("k", ["6-11"], "P") == 0  # the child without KMS


def test_it_counts_measurement_rows(skdn_data):
    a = skdn.skdn_counts(PERIOD, posyandu_id=skdn_data["posyandu_a"].pk)[skdn_data["posyandu_a"].pk]
    totals = a.totals()
    assert {m: totals[m] for m in ("d", "n", "t", "o", "b", "bgm", "two_t", "vit_a", "asi")} == {
        "d": 4,
        "n": 1,
        "t": 1,
        "o": 1,
        "b": 1,
        "bgm": 1,
        "two_t": 1,
        "vit_a": 2,
        "asi": 1,
    }
    assert a.value("n", ["0-5"], "L") == 1
    assert a.value("t", ["6-11"], "P") == 1
    assert a.value("o", ["12-23"], "L") == 1
    assert a.value("b", ["24-59"], "P") == 1
    assert a.value("absent") == 8 - 4


def test_it_counts_only_approved_reports_by_default(skdn_data):
    approved = skdn.skdn_counts(PERIOD, region_code="32.75.06")
    everything = skdn.skdn_counts(PERIOD, region_code="32.75.06", approved_only=False)
    a2, b = skdn_data["posyandu_a2"].pk, skdn_data["posyandu_b"].pk
    # The register (S, K) counts whatever the report status; measurements need approval.
    assert approved[a2].value("s") == 1
    assert approved[a2].value("d") == 0
    assert approved[b].value("d") == 0
    assert everything[a2].value("d") == 1
    assert everything[b].value("n", ["12-23"], "P") == 1
    assert skdn_data["posyandu_c"].pk not in everything  # other kecamatan


def test_it_excludes_measurements_of_children_aged_60_months(skdn_data, make_child, measure):
    old = make_child(posyandu=skdn_data["posyandu_a"], birth_date=dt.date(2020, 1, 1))
    measure(old, age_months=64, growth="N")
    a = skdn.skdn_counts(PERIOD, posyandu_id=skdn_data["posyandu_a"].pk)[skdn_data["posyandu_a"].pk]
    assert a.value("d") == 4


def test_it_counts_unknown_ages_in_totals_only_and_warns(skdn_data, make_child, measure):
    kid = make_child(posyandu=skdn_data["posyandu_a"], birth_date=dt.date(2024, 6, 1))
    measure(kid, age_months=None, growth="N")
    a = skdn.skdn_counts(PERIOD, posyandu_id=skdn_data["posyandu_a"].pk)[skdn_data["posyandu_a"].pk]
    assert a.value("d") == 5
    assert sum(_cells(a, "d").values()) == 4
    assert a.unknown_age == 1
    assert any("tanpa umur" in str(w) for w in skdn.check_warnings(a))


def test_it_warns_when_d_differs_from_n_t_o_b(skdn_data, make_child, measure):
    kid = make_child(posyandu=skdn_data["posyandu_a"], birth_date=dt.date(2024, 6, 1))
    measure(kid, age_months=11, growth="")
    a = skdn.skdn_counts(PERIOD, posyandu_id=skdn_data["posyandu_a"].pk)[skdn_data["posyandu_a"].pk]
    assert not skdn.identity_holds(a.totals())
    warnings = [str(w) for w in skdn.check_warnings(a)]
    assert any("D = N + T + O + B tidak terpenuhi" in w and "1 penimbangan" in w for w in warnings)


def test_it_has_no_warnings_on_a_consistent_month(skdn_data):
    a = skdn.skdn_counts(PERIOD, posyandu_id=skdn_data["posyandu_a"].pk)[skdn_data["posyandu_a"].pk]
    assert skdn.identity_holds(a.totals())
    assert skdn.check_warnings(a) == []


def test_it_builds_the_f1_grid_with_row_specific_age_groups(skdn_data):
    a = skdn.skdn_counts(PERIOD, posyandu_id=skdn_data["posyandu_a"].pk)[skdn_data["posyandu_a"].pk]
    grid = {line.row.number: line for line in skdn.f1_grid(a)}
    assert [line.row.number for line in skdn.f1_grid(a)][:12] == [f"{i:02d}" for i in range(1, 13)]
    assert grid["01"].cells == [1, 2, 1, 1, 1, 0, 1, 2]
    assert (grid["01"].total_l, grid["01"].total_p, grid["01"].total) == (4, 5, 9)
    assert grid["07"].total == 4
    assert grid["08"].total == 4  # K − D = 8 − 4
    assert grid["10"].cells == [None, None, 0, 1, None, None, None, None]
    assert grid["10"].total == 1
    assert grid["11"].cells == [None, None, None, None, 0, 0, 0, 1]
    assert grid["11"].total == 1
    assert grid["12"].cells == [1, 0, None, None, None, None, None, None]


@pytest.mark.parametrize(
    ("func", "expected"),
    [
        pytest.param(skdn.ratio_ks, 80.0, id="K/S"),
        pytest.param(skdn.ratio_ds, 50.0, id="D/S"),
        pytest.param(skdn.ratio_dk, 62.5, id="D/K"),
        pytest.param(skdn.ratio_nd, 60.0, id="N/D"),
        pytest.param(skdn.ratio_nd_prime, 100.0, id="N/D-prime"),
        pytest.param(skdn.ratio_ns, 30.0, id="N/S"),
    ],
)
def test_it_computes_ratios(func, expected):
    totals = {"s": 10, "k": 8, "d": 5, "n": 3, "t": 0, "o": 1, "b": 1}
    assert func(totals) == pytest.approx(expected)


@pytest.mark.parametrize(
    "func",
    [
        skdn.ratio_ks,
        skdn.ratio_ds,
        skdn.ratio_dk,
        skdn.ratio_nd,
        skdn.ratio_nd_prime,
        skdn.ratio_ns,
    ],
)
def test_it_returns_none_for_zero_denominators(func):
    assert func(dict.fromkeys(skdn.METRICS, 0)) is None


def test_it_returns_none_when_d_prime_is_zero():
    # Everyone weighed is O or B: nobody could be N, so N/D′ is not defined.
    assert skdn.ratio_nd_prime({"d": 2, "o": 1, "b": 1, "n": 0}) is None


def test_it_documents_every_ratio():
    for ratio in skdn.RATIOS:
        doc = ratio.compute.__doc__
        assert "Numerator" in doc
        assert "Denominator" in doc


def test_it_runs_two_queries_whatever_the_size(skdn_data, django_assert_num_queries):
    with django_assert_num_queries(2):
        skdn.skdn_counts(PERIOD, region_code="")
