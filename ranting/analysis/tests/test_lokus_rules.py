"""The pure rules of the lokus matrix: class boundaries, the exact Poisson test, targets."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext

import pytest
from django.core.exceptions import ImproperlyConfigured

from ranting.analysis import lokus_rules as rules


@pytest.mark.parametrize(
    ("pct", "code"),
    [
        pytest.param(0.0, "very_low", id="0"),
        pytest.param(2.49, "very_low", id="just-below-2.5"),
        pytest.param(2.5, "low", id="2.5-is-low"),
        pytest.param(9.99, "low", id="just-below-10"),
        pytest.param(10.0, "medium", id="10-is-medium"),
        pytest.param(19.99, "medium", id="just-below-20"),
        pytest.param(20.0, "high", id="20-is-high"),
        pytest.param(29.99, "high", id="just-below-30"),
        pytest.param(30.0, "very_high", id="30-is-very-high"),
        pytest.param(100.0, "very_high", id="100"),
    ],
)
def test_it_classes_stunting_prevalence_by_the_who_unicef_2019_thresholds(pct, code):
    assert rules.prevalence_band(pct).code == code


def test_it_leaves_an_unknown_prevalence_unclassed():
    assert rules.prevalence_band(None) is None
    assert rules.coverage_band(None, 90.0) is None


@pytest.mark.parametrize(
    ("pct", "target", "code"),
    [
        pytest.param(90.0, 90.0, "adequate", id="at-target"),
        pytest.param(100.0, 90.0, "adequate", id="above-target"),
        pytest.param(89.9, 90.0, "almost", id="just-below-target"),
        pytest.param(72.0, 90.0, "almost", id="80pct-of-90"),
        pytest.param(71.9, 90.0, "low", id="below-80pct-of-90"),
        pytest.param(45.0, 90.0, "low", id="half-of-90"),
        pytest.param(44.9, 90.0, "very_low", id="below-half-of-90"),
        pytest.param(40.0, 80.0, "low", id="half-of-80"),
        pytest.param(0.0, 80.0, "very_low", id="zero"),
    ],
)
def test_it_classes_coverage_against_the_target(pct, target, code):
    assert rules.coverage_band(pct, target).code == code


def test_it_lists_the_lower_bound_of_each_coverage_class():
    bounds = [(band.code, low) for band, low in rules.coverage_lower_bounds(90.0)]
    assert bounds == [("very_low", 0.0), ("low", 45.0), ("almost", 72.0), ("adequate", 90.0)]


def test_it_lists_the_prevalence_ranges_for_the_legend():
    ranges = [(band.code, low, high) for band, low, high in rules.prevalence_ranges()]
    assert ranges == [
        ("very_low", 0.0, 2.5),
        ("low", 2.5, 10.0),
        ("medium", 10.0, 20.0),
        ("high", 20.0, 30.0),
        ("very_high", 30.0, None),
    ]


def test_it_counts_only_rendah_and_sangat_rendah_as_low_coverage():
    low = {band.code for band in rules.COVERAGE_BANDS if band.code in rules.LOW_COVERAGE_CODES}
    assert low == {"very_low", "low"}


# --- exact Poisson test -----------------------------------------------------------------------


def test_it_computes_the_poisson_upper_tail_exactly():
    # P(X ≥ 5 | λ = 2) = 1 − e^−2 (1 + 2 + 2 + 4/3 + 2/3) = 1 − 7e^−2 = 0.0526530173…
    assert rules.poisson_upper_tail(5, 2.0) == pytest.approx(1 - 7 * math.exp(-2), abs=1e-12)
    # P(X ≥ 6 | λ = 2) = 1 − e^−2 (7 + 4/15) = 0.0165636…
    assert rules.poisson_upper_tail(6, 2.0) == pytest.approx(
        1 - math.exp(-2) * (7 + 4 / 15), abs=1e-12
    )
    # Above the mean the tail is summed upwards: P(X ≥ 3 | λ = 0.5) = 1 − e^−0.5 (1 + .5 + .125).
    assert rules.poisson_upper_tail(3, 0.5) == pytest.approx(1 - math.exp(-0.5) * 1.625, abs=1e-12)


def test_it_handles_the_edges_of_the_poisson_test():
    assert rules.poisson_upper_tail(0, 3.0) == 1.0
    assert rules.poisson_upper_tail(1, 0.0) == 0.0
    with pytest.raises(ValueError, match="observed and mean"):
        rules.poisson_upper_tail(-1, 2.0)


def _decimal_tail(observed: int, mean: int) -> float:
    """P(X ≥ observed) with 60-digit decimals (an independent way to the same number)."""
    getcontext().prec = 60
    lam = Decimal(mean)
    term = (-lam).exp()  # k = 0
    below = Decimal(0)
    for k in range(observed):
        below += term
        term = term * lam / (k + 1)
    return float(1 - below)


@pytest.mark.parametrize(("observed", "mean"), [(1000, 1000), (1060, 1000), (400, 350)])
def test_it_stays_exact_for_city_sized_means(observed, mean):
    # e^−1000 underflows a float; the log-space terms must not.
    expected = _decimal_tail(observed, mean)
    assert rules.poisson_upper_tail(observed, float(mean)) == pytest.approx(expected, rel=1e-9)


def test_it_returns_a_tiny_but_positive_tail_far_above_the_mean():
    p = rules.poisson_upper_tail(2000, 1000.0)
    assert 0.0 < p < 1e-100


@pytest.mark.parametrize(
    ("observed", "mean", "expected"),
    [
        pytest.param(6, 2.0, True, id="p-0.0166"),
        pytest.param(5, 2.0, False, id="p-0.0527"),
        # Between 2.5% and 5%: significant at the usual one-sided 5%, not at our 2.5%.
        pytest.param(7, 3.0, False, id="p-0.0335"),
        pytest.param(8, 3.0, True, id="p-0.0119"),
        pytest.param(14, 22 / 3, True, id="p-0.0183"),
        pytest.param(8, 22 / 3, False, id="p-0.451"),
        pytest.param(2, 2.0, False, id="at-the-mean"),
        pytest.param(9, None, False, id="no-mean"),
    ],
)
def test_it_flags_case_counts_significantly_above_the_mean(observed, mean, expected):
    assert rules.count_is_significantly_above(observed, mean) is expected


# --- targets ------------------------------------------------------------------------------------


def test_it_uses_the_cited_targets_by_default():
    assert rules.parse_targets("") == {
        "ds": 90.0,
        "ks": 80.0,
        "nd": 80.0,
        "vit_a": 90.0,
        "asi": 80.0,
        "length": 90.0,
        "complete": 90.0,
    }


def test_it_overrides_targets_from_the_setting(settings):
    settings.LOKUS_TARGETS = " ds=85, asi=70.5 ,"
    got = rules.targets()
    assert (got["ds"], got["asi"], got["ks"]) == (85.0, 70.5, 80.0)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("xx=50", "'xx=50' is not code=percent"),
        ("ds", "'ds' is not code=percent"),
        ("ds=abc", "ds must be a number"),
        ("ds=0", "ds must be > 0 and <= 100"),
        ("ds=120", "ds must be > 0 and <= 100"),
    ],
)
def test_it_refuses_bad_targets_naming_the_variable(raw, message):
    with pytest.raises(ImproperlyConfigured, match="RANTING_LOKUS_TARGETS") as err:
        rules.parse_targets(raw)
    assert message in str(err.value)


def test_it_marks_which_indicators_count_for_the_ranking():
    key = [ind.code for ind in rules.COVERAGE_INDICATORS if ind.is_key]
    data = [ind.code for ind in rules.COVERAGE_INDICATORS if not ind.is_key]
    assert key == ["ds", "ks", "nd", "vit_a", "asi"]
    assert data == ["length", "complete"]
