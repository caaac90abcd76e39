"""The metric functions on hand-made arrays; every expected value is worked out in the comments."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from ranting.quality import metrics
from ranting.quality.metrics import Grade

# --- completeness and timeliness -------------------------------------------------------------


def test_it_counts_only_target_children_as_measured():
    # 8 of the 10 targets measured; child 99 was measured but is not a target.
    result = metrics.completeness(range(1, 11), [1, 2, 3, 4, 5, 6, 7, 8, 99])
    assert (result.count, result.n) == (8, 10)
    assert result.value == pytest.approx(80.0)
    assert result.grade == Grade.ATTENTION  # 80 % ≤ value < 90 %
    assert result.detail["missing"] == [9, 10]


@pytest.mark.parametrize(
    ("measured", "grade"),
    [
        pytest.param(range(1, 10), Grade.GOOD, id="9-of-10-is-90pct-good"),
        pytest.param(range(1, 9), Grade.ATTENTION, id="8-of-10-is-80pct-attention"),
        pytest.param(range(1, 8), Grade.POOR, id="7-of-10-is-70pct-poor"),
    ],
)
def test_it_grades_completeness_at_the_band_edges(measured, grade):
    assert metrics.completeness(range(1, 11), measured).grade == grade


def test_it_has_no_completeness_without_target_children():
    result = metrics.completeness([], [1, 2])
    assert result.value is None
    assert result.grade == Grade.NO_DATA


def test_it_leaves_pending_reports_out_of_timeliness():
    # 9 on time, 1 late, 2 not yet due: 9 / 10 = 90 % → baik.
    result = metrics.timeliness(["on_time"] * 9 + ["late"] + ["pending"] * 2)
    assert (result.count, result.n) == (9, 10)
    assert result.value == pytest.approx(90.0)
    assert result.grade == Grade.GOOD
    assert result.detail == {"late": 1, "pending": 2}


def test_it_grades_one_late_report_as_poor_and_nothing_due_as_no_data():
    assert metrics.timeliness(["late"]).grade == Grade.POOR
    assert metrics.timeliness(["pending"]).grade == Grade.NO_DATA
    # 3 of 4 = 75 % is the lowest "perlu perhatian".
    assert metrics.timeliness(["on_time"] * 3 + ["late"]).grade == Grade.ATTENTION


# --- validity --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flagged", "value", "grade"),
    [
        pytest.param(1, 1.0, Grade.GOOD, id="1pct-good"),
        pytest.param(2, 2.0, Grade.ATTENTION, id="2pct-attention"),
        pytest.param(5, 5.0, Grade.ATTENTION, id="5pct-attention"),
        pytest.param(6, 6.0, Grade.POOR, id="6pct-poor"),
    ],
)
def test_it_computes_the_flagged_share(flagged, value, grade):
    result = metrics.flagged_share(np.array([True] * flagged + [False] * (100 - flagged)))
    assert (result.count, result.n) == (flagged, 100)
    assert result.value == pytest.approx(value)
    assert result.grade == grade


def test_it_judges_a_flagged_share_even_for_a_few_records():
    # 1 of 4 records flagged: 25 % → buruk; each flagged record is one to re-check.
    assert metrics.flagged_share(np.array([True, False, False, False])).grade == Grade.POOR


def test_it_finds_implausible_changes_since_last_month():
    nan = math.nan
    weight = [10.0, 10.0, 10.0, 10.0]
    prev_weight = [11.5, 7.9, 10.2, nan]  # −1.5 kg (loss), +2.1 kg (gain), −0.2, no pair
    length = [80.0, 80.0, nan, 80.0]
    prev_length = [81.2, 79.0, 79.0, nan]  # −1.2 cm (shrink), +1.0, no pair, no pair
    result = metrics.implausible_change(weight, prev_weight, length, prev_length)
    # Children with a pair: rows 0, 1, 2. Implausible: row 0 (loss and shrink), row 1 (gain).
    assert (result.count, result.n) == (2, 3)
    assert result.value == pytest.approx(200 / 3)
    assert result.detail == {"loss": 1, "gain": 1, "shrink": 1}
    assert result.grade == Grade.POOR


def test_it_accepts_changes_exactly_at_the_limits():
    # −1.0 kg, +2.0 kg and −1.0 cm are the limits themselves: plausible.
    result = metrics.implausible_change([9.0, 12.0], [10.0, 10.0], [80.0, 80.0], [81.0, 79.0])
    assert (result.count, result.n) == (0, 2)
    assert result.grade == Grade.GOOD


def test_it_has_no_change_metric_without_last_month():
    nan = math.nan
    result = metrics.implausible_change([10.0], [nan], [80.0], [nan])
    assert result.n == 0
    assert result.grade == Grade.NO_DATA


# --- reliability: SD of z-scores -------------------------------------------------------------


def test_it_computes_the_sample_sd_without_flagged_or_missing_values():
    # 25 × −1 and 25 × +1: mean 0, Σz² = 50, SD = sqrt(50 / 49) = 1.010152.
    z = np.array([-1.0] * 25 + [1.0] * 25 + [7.5, math.nan])
    flagged = np.array([False] * 50 + [True, False])
    result = metrics.z_sd(z, flagged, "sd_haz")
    assert result.n == 50
    assert result.value == pytest.approx(1.010152, abs=1e-6)
    assert result.grade == Grade.GOOD


@pytest.mark.parametrize(
    ("half", "sd", "grade"),
    [
        pytest.param(1.25, 1.25 * 1.010152, Grade.ATTENTION, id="1.26-attention"),
        pytest.param(1.3, 1.3 * 1.010152, Grade.POOR, id="1.31-poor"),
        pytest.param(0.75, 0.75 * 1.010152, Grade.ATTENTION, id="0.76-attention"),
        pytest.param(0.6, 0.6 * 1.010152, Grade.POOR, id="0.61-poor"),
    ],
)
def test_it_grades_the_sd_band(half, sd, grade):
    z = np.array([-half] * 25 + [half] * 25)
    result = metrics.z_sd(z, np.zeros(50, dtype=bool), "sd_whz")
    assert result.value == pytest.approx(sd, abs=1e-6)
    assert result.grade == grade


def test_it_marks_an_sd_of_fewer_than_50_values_as_too_small():
    z = np.array([-1.0] * 24 + [1.0] * 25)
    result = metrics.z_sd(z, np.zeros(49, dtype=bool), "sd_waz")
    assert result.value is not None
    assert result.grade == Grade.TOO_SMALL


# --- reliability: digit preference -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digit"),
    [
        pytest.param(8.3, 3, id="8.3"),
        pytest.param(8.25, 2, id="8.25-two-decimals"),
        pytest.param(75.0, 0, id="75.0"),
        pytest.param(0.95, 9, id="0.95"),
        pytest.param(Decimal("12.70"), 7, id="decimal"),
        pytest.param(100.1, 1, id="100.1"),
    ],
)
def test_it_reads_the_tenths_digit(value, digit):
    assert metrics.tenths_digit(np.array([float(value)])).tolist() == [digit]


def test_it_computes_the_digit_preference_score_by_hand():
    # Tenths digits 0..9 counted [14, 4, 4, 4, 4, 8, 4, 4, 2, 2] (n = 50, expected 5 each):
    # χ² = (81 + 1 + 1 + 1 + 1 + 9 + 1 + 1 + 9 + 9) / 5 = 114 / 5 = 22.8
    # DPS = 100 × sqrt(22.8 / (50 × 9)) = 100 × sqrt(0.050667) = 22.509.
    counts = [14, 4, 4, 4, 4, 8, 4, 4, 2, 2]
    values = np.array([10 + d / 10 for d, k in enumerate(counts) for _ in range(k)])
    result = metrics.digit_preference(values, "dps_weight")
    assert result.n == 50
    assert result.detail["counts"] == counts
    assert result.detail["chi2"] == pytest.approx(22.8)
    assert result.value == pytest.approx(22.509, abs=1e-3)
    assert result.detail["zero_five"] == pytest.approx(44.0)  # (14 + 8) / 50
    assert result.grade == Grade.POOR  # ≥ 20


def test_it_scores_equal_digits_0_and_one_digit_100():
    equal = np.array([70 + d / 10 for d in range(10) for _ in range(5)])
    assert metrics.digit_preference(equal, "dps_length").value == pytest.approx(0.0)
    assert metrics.digit_preference(equal, "dps_length").grade == Grade.GOOD
    rounded = np.array([70.0 + i for i in range(60)])  # every length ends in ,0
    assert metrics.digit_preference(rounded, "dps_length").value == pytest.approx(100.0)


def test_it_marks_digit_preference_of_fewer_than_50_values_as_too_small():
    values = np.array([70 + d / 10 for d in range(7) for _ in range(7)])  # n = 49
    result = metrics.digit_preference(values, "dps_length")
    assert result.n == 49
    assert result.grade == Grade.TOO_SMALL
    assert metrics.digit_preference(np.array([]), "dps_length").grade == Grade.NO_DATA


# --- reliability: age heaping ----------------------------------------------------------------


def test_it_computes_the_birthday_heaping_index_by_hand():
    # 10 of 100 born on the 1st or 15th: 10 % / (24 / 365.25) × 100 = 0.1 × 365.25 / 24 × 100
    # = 152.1875 → buruk (≥ 125).
    days = np.array([1] * 6 + [15] * 4 + [10] * 90)
    result = metrics.age_heaping(days)
    assert (result.count, result.n) == (10, 100)
    assert result.value == pytest.approx(152.1875)
    assert result.grade == Grade.POOR


def test_it_grades_a_heaping_index_near_100_good():
    # 7 of 100: 0.07 × 365.25 / 24 × 100 = 106.53 → baik (< 110).
    days = np.array([1] * 7 + [20] * 93)
    result = metrics.age_heaping(days)
    assert result.value == pytest.approx(106.53125)
    assert result.grade == Grade.GOOD


def test_it_needs_77_children_to_judge_heaping():
    # The expected count of 1st/15th birthdays, n × 24 / 365.25, first reaches 5 at n = 77.
    assert metrics.MIN_N_HEAPING == 77
    assert metrics.age_heaping(np.array([10] * 76)).grade == Grade.TOO_SMALL
    assert metrics.age_heaping(np.array([10] * 77)).grade == Grade.GOOD
