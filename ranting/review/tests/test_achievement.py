"""Realisation percentages, against values worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ranting.review.achievement import budget_pct, physical_pct, total

D = Decimal


@pytest.mark.parametrize(
    ("target", "realisation", "expected"),
    [
        (D("95"), D("76"), D("80.00")),  # 76 / 95 = 0.8
        (D("80"), D("92"), D("115.00")),  # above target
        (D("3"), D("2"), D("66.67")),  # 66.666… rounds half up
        (D("8"), D("1"), D("12.50")),
        (D("1"), D("0"), D("0.00")),
    ],
)
def test_higher_is_better_is_realisation_over_target(target, realisation, expected):
    assert physical_pct(target, realisation) == expected


@pytest.mark.parametrize(
    ("target", "realisation", "expected"),
    [
        (D("14"), D("14"), D("100.00")),  # on target
        (D("14"), D("12.6"), D("110.00")),  # (28 − 12.6) / 14 = 1.1
        (D("14"), D("17.5"), D("75.00")),  # (28 − 17.5) / 14 = 0.75
        (D("10"), D("25"), D("-50.00")),  # over twice the target
        (D("14"), D("0"), D("200.00")),
    ],
)
def test_lower_is_better_uses_two_targets_minus_realisation(target, realisation, expected):
    assert physical_pct(target, realisation, lower_is_better=True) == expected


@pytest.mark.parametrize(
    ("target", "realisation"), [(None, D("5")), (D("5"), None), (D("0"), D("5")), (None, None)]
)
def test_no_physical_percentage_without_a_target_or_realisation(target, realisation):
    assert physical_pct(target, realisation) is None
    assert physical_pct(target, realisation, lower_is_better=True) is None


def test_budget_realisation():
    assert budget_pct(D("1250"), D("1000")) == D("80.00")
    assert budget_pct(D("420"), D("401.25")) == D("95.54")  # 95.5357…
    assert budget_pct(D("0"), D("0")) is None
    assert budget_pct(D("10"), None) is None
    assert budget_pct(None, D("10")) is None


def test_total_ignores_unknown_values():
    assert total([D("1.5"), None, D("2.25")]) == D("3.75")
    assert total([None, None]) is None
    assert total([]) is None
