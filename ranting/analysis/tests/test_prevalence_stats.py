"""Pure functions of the prevalence module: Wilson interval, hotspot test, deltas, targets."""

from __future__ import annotations

import pytest

from ranting.analysis import prevalence
from ranting.analysis.prevalence import (
    Z_95,
    delta_pp,
    is_significantly_above,
    targets,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("count", "n", "low", "high"),
    [
        # Newcombe (1998), Stat Med 17:857, table I, method 3 (Wilson score): 81/263, 15/148.
        pytest.param(81, 263, 25.53, 36.62, id="newcombe-81-263"),
        pytest.param(15, 148, 6.24, 16.05, id="newcombe-15-148"),
        # Hand-computed: p = .5, n = 10 → centre .5, half = 1.96/1.3841 × √(.025 + .0096) = .2634.
        pytest.param(5, 10, 23.66, 76.34, id="half-of-ten"),
        pytest.param(1, 10, 1.79, 40.42, id="one-of-ten"),
        # 0/n: lower 0, upper z²/(n + z²) = 3.8415/13.8415.
        pytest.param(0, 10, 0.0, 27.75, id="none-of-ten"),
        # n/n: lower n/(n + z²) = 10/13.8415, upper 100.
        pytest.param(10, 10, 72.25, 100.0, id="all-of-ten"),
        pytest.param(2, 4, 15.00, 85.00, id="two-of-four"),
    ],
)
def test_it_matches_hand_computed_wilson_intervals(count, n, low, high):
    got_low, got_high = wilson_interval(count, n)
    assert got_low == pytest.approx(low, abs=0.01)
    assert got_high == pytest.approx(high, abs=0.01)


def test_it_uses_the_two_sided_95_percent_normal_quantile():
    assert pytest.approx(1.959964, abs=1e-6) == Z_95


def test_it_gives_exact_bounds_at_zero_and_all():
    assert wilson_interval(0, 7)[0] == 0.0
    assert wilson_interval(7, 7)[1] == 100.0
    assert wilson_interval(0, 1)[1] == pytest.approx(100 * Z_95**2 / (1 + Z_95**2))


def test_it_returns_none_without_a_denominator():
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize(("count", "n"), [(-1, 5), (6, 5)])
def test_it_refuses_an_impossible_count(count, n):
    with pytest.raises(ValueError, match="count"):
        wilson_interval(count, n)


@pytest.mark.parametrize(
    ("count", "n", "reference", "expected"),
    [
        pytest.param(30, 40, 37.5, True, id="lower-bound-59.8-above-37.5"),
        pytest.param(2, 4, 20.0, False, id="small-n-wide-interval"),
        pytest.param(5, 10, 23.0, True, id="lower-23.66-above-23"),
        pytest.param(5, 10, 23.66, False, id="lower-23.659-not-above-23.66"),
        pytest.param(0, 0, 10.0, False, id="no-denominator"),
        pytest.param(5, 10, None, False, id="no-reference"),
    ],
)
def test_it_flags_units_significantly_above_a_reference(count, n, reference, expected):
    assert is_significantly_above(count, n, reference) is expected


def test_it_computes_percentage_point_differences():
    assert delta_pp(33.3, 25.0) == pytest.approx(8.3)
    assert delta_pp(10.0, 12.5) == pytest.approx(-2.5)
    assert delta_pp(None, 5.0) is None
    assert delta_pp(5.0, None) is None


def test_it_uses_the_national_stunting_target_by_default(settings):
    if hasattr(settings, "PREVALENCE_TARGETS"):
        del settings.PREVALENCE_TARGETS
    assert targets() == {
        "stunting": 14.0,
        "severe_stunting": None,
        "wasting": None,
        "underweight": None,
        "overweight": None,
    }
    assert prevalence.DEFAULT_TARGETS == {"stunting": 14.0}


def test_it_reads_targets_from_settings(settings):
    settings.PREVALENCE_TARGETS = {"stunting": 18.0, "wasting": 7.0}
    got = targets()
    assert got["stunting"] == 18.0
    assert got["wasting"] == 7.0
    assert got["overweight"] is None
