"""Data-quality metrics of one unit-month (posyandu, kader, kelurahan, kecamatan or kota).

Plain functions of numpy arrays, no query and no Django: `loading.py` fetches the rows and
`report.py` slices them per unit. Every function returns a `Result` with its value, the number
of records it was computed from and a traffic-light `Grade`. Labels, definitions and sources
shown to users live in `catalog.py`; the thresholds below carry their source.

Dimensions (WHO/UNICEF 2019, "Recommendations for data collection, analysis and reporting on
anthropometric indicators in children under 5 years old", ch. 3 "data quality assessment"):
completeness, timeliness, validity (implausible values) and reliability (dispersion, digit
preference, age heaping).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np


class Grade(StrEnum):
    GOOD = "baik"
    ATTENTION = "perhatian"
    POOR = "buruk"
    TOO_SMALL = "kecil"  # too few records to judge
    NO_DATA = "kosong"  # nothing to compute from (or nothing due yet)


@dataclass(frozen=True)
class Result:
    """One metric of one unit-month.

    `value` is in the metric's unit (percent, SD, DPS or index) and None when not computable;
    `n` is the number of records (children, reports, measurements or month pairs) behind it;
    `count` the numerator where the metric is a share.
    """

    code: str
    value: float | None
    n: int
    grade: Grade
    count: int | None = None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Bands:
    """Traffic-light bands of a metric: `good(value)` → baik, `fair(value)` → perlu perhatian,
    anything else → buruk. `min_n` is the small-sample rule (below it: sampel terlalu kecil)."""

    good: Callable[[float], bool]
    fair: Callable[[float], bool]
    min_n: int = 1

    def grade(self, value: float | None, n: int) -> Grade:
        if value is None or n == 0:
            return Grade.NO_DATA
        if n < self.min_n:
            return Grade.TOO_SMALL
        if self.good(value):
            return Grade.GOOD
        if self.fair(value):
            return Grade.ATTENTION
        return Grade.POOR


# --- thresholds --------------------------------------------------------------------------------

# Completeness D/S and timeliness: no WHO cut-off exists for routine posyandu data. Design choice,
# anchored on the national D/S programme target of 80 % (Renstra Kemenkes; DOMAIN.md §3.4,
# unverified): below it is poor, 80–90 % needs attention.
COMPLETENESS = Bands(good=lambda v: v >= 90.0, fair=lambda v: v >= 80.0)
TIMELINESS = Bands(good=lambda v: v >= 90.0, fair=lambda v: v >= 75.0)

# Share of records with a WHO flag (|z| beyond the anthro limits, DOMAIN.md §7.1). WHO/UNICEF
# 2019 treats more than 1 % flagged values as a sign of data-quality problems; above 5 % is the
# design choice for "poor". Each flagged record is a real record to re-check, so no small-sample
# rule: 1 of 30 flagged is worth attention.
FLAGGED = Bands(good=lambda v: v <= 1.0, fair=lambda v: v <= 5.0)

# Implausible change since the previous month (DOMAIN.md §7.2.5, design choice). The loss and
# shrink limits are the ones the measurement form already warns about (measurements.derive):
# more than 1 kg lighter, or more than 1 cm shorter (position-corrected length). A gain of more
# than 2 kg in one month lies above the 99th centile of every 1-month weight increment of the
# WHO growth velocity standards (WHO 2009, 0–24 months; older children gain less).
MAX_WEIGHT_LOSS_KG = 1.0
MAX_WEIGHT_GAIN_KG = 2.0
MAX_LENGTH_SHRINK_CM = 1.0
IMPLAUSIBLE_CHANGE = Bands(good=lambda v: v <= 1.0, fair=lambda v: v <= 5.0)

# SD of z-scores after excluding flagged values: WHO/UNICEF 2019 expects about 0.8–1.2 for
# HAZ and WHZ in good data (wider SDs mean measurement or age error). ±0.1 beyond that is the
# design choice for "perlu perhatian". Small-sample rule: the 95 % interval of a sample SD
# around 1 is ±1.96/sqrt(2(n−1)); it fits inside the 0.8–1.2 band (±0.2) from n = 50.
SD_LOW, SD_HIGH, SD_MARGIN = 0.8, 1.2, 0.1
MIN_N_SD = 50
Z_SD = Bands(
    good=lambda v: SD_LOW <= v <= SD_HIGH,
    fair=lambda v: SD_LOW - SD_MARGIN <= v <= SD_HIGH + SD_MARGIN,
    min_n=MIN_N_SD,
)

# Digit preference score (DPS; Kuulasmaa et al., WHO MONICA Project 1998, as used by ENA for
# SMART and nipnTK::digitPreference): 0 = every tenth digit equally common, 100 = all the same.
# SMART classes: < 8 excellent, < 12 good, < 20 acceptable, ≥ 20 problematic → baik below 12,
# perlu perhatian below 20. Small-sample rule: the chi-square test needs an expected count of at
# least 5 per digit (Cochran), so n ≥ 50.
DIGITS = 10
MIN_N_DPS = 5 * DIGITS
DPS = Bands(good=lambda v: v < 12.0, fair=lambda v: v < 20.0, min_n=MIN_N_DPS)

# Age heaping: birth dates on the 1st or the 15th of a month, the days written when only the
# month (or year) of birth is known. 24 such days a year → expected share 24 / 365.25 = 6.57 %.
# Index = observed share / expected share × 100 (100 = no heaping), read like Whipple's index
# (UN categories: < 110 accurate, 110–125 approximate, ≥ 125 rough). Small-sample rule: an
# expected count of at least 5 heaped birth dates, n ≥ 77.
HEAPED_DAYS = (1, 15)
DAYS_PER_YEAR = 365.25
EXPECTED_HEAPED_SHARE = len(HEAPED_DAYS) * 12 / DAYS_PER_YEAR
MIN_N_HEAPING = math.ceil(5 / EXPECTED_HEAPED_SHARE)
HEAPING = Bands(good=lambda v: v < 110.0, fair=lambda v: v < 125.0, min_n=MIN_N_HEAPING)


# --- completeness and timeliness -------------------------------------------------------------


def completeness(target_ids: Iterable[int], measured_ids: Iterable[int]) -> Result:
    """Share (%) of the target children (active, 0–59 months: S) measured this month.

    Numerator: target children with a measurement in the month (at any posyandu); denominator:
    the target children. `detail["missing"]` lists the ids of the target children not measured,
    sorted. Children measured but not in S (e.g. inactive) do not count.
    """
    target = set(target_ids)
    measured = target & set(measured_ids)
    value = 100.0 * len(measured) / len(target) if target else None
    return Result(
        "completeness",
        value,
        len(target),
        COMPLETENESS.grade(value, len(target)),
        count=len(measured),
        detail={"missing": sorted(target - measured)},
    )


def timeliness(states: Iterable[str], code: str = "report_timeliness") -> Result:
    """Share (%) of items done by the deadline among the items that are due.

    `states` holds "on_time", "late" or "pending" (not done and the deadline not yet passed);
    pending items are left out of the denominator and counted in `detail["pending"]`.
    """
    values = list(states)
    on_time, late = values.count("on_time"), values.count("late")
    due = on_time + late
    value = 100.0 * on_time / due if due else None
    return Result(
        code,
        value,
        due,
        TIMELINESS.grade(value, due),
        count=on_time,
        detail={"late": late, "pending": values.count("pending")},
    )


# --- validity --------------------------------------------------------------------------------


def flagged_share(flagged: np.ndarray) -> Result:
    """Share (%) of measurements with at least one WHO flag (`flagged` is a bool per record)."""
    flagged = np.asarray(flagged, dtype=bool)
    n = int(flagged.size)
    count = int(flagged.sum())
    value = 100.0 * count / n if n else None
    return Result("who_flags", value, n, FLAGGED.grade(value, n), count=count)


def implausible_change(
    weight: np.ndarray, prev_weight: np.ndarray, length: np.ndarray, prev_length: np.ndarray
) -> Result:
    """Share (%) of children with an implausible change since the previous month's measurement.

    Arrays are per measurement, NaN where unknown; `prev_*` hold the same child's values in the
    previous calendar month (NaN when not measured then). A pair is a child measured in both
    months; it is implausible when the weight fell by more than MAX_WEIGHT_LOSS_KG, rose by more
    than MAX_WEIGHT_GAIN_KG, or the corrected length/height fell by more than
    MAX_LENGTH_SHRINK_CM. `detail` counts each kind (a child may have two).
    """
    weight, prev_weight = _floats(weight), _floats(prev_weight)
    length, prev_length = _floats(length), _floats(prev_length)
    pairs = np.isfinite(prev_weight) & np.isfinite(weight)
    weight_change = np.where(pairs, weight - prev_weight, 0.0)
    length_pairs = np.isfinite(prev_length) & np.isfinite(length)
    length_change = np.where(length_pairs, length - prev_length, 0.0)
    loss = weight_change < -MAX_WEIGHT_LOSS_KG
    gain = weight_change > MAX_WEIGHT_GAIN_KG
    shrink = length_change < -MAX_LENGTH_SHRINK_CM
    odd = loss | gain | shrink
    n = int((pairs | length_pairs).sum())
    count = int(odd.sum())
    value = 100.0 * count / n if n else None
    detail = {"loss": int(loss.sum()), "gain": int(gain.sum()), "shrink": int(shrink.sum())}
    return Result("implausible_change", value, n, IMPLAUSIBLE_CHANGE.grade(value, n), count, detail)


# --- reliability -----------------------------------------------------------------------------


def z_sd(z: np.ndarray, flagged: np.ndarray, code: str) -> Result:
    """Sample SD (n − 1) of the z-scores that are known and not WHO-flagged for that index."""
    z = _floats(z)
    keep = np.isfinite(z) & ~np.asarray(flagged, dtype=bool)
    values = z[keep]
    n = int(values.size)
    value = float(np.std(values, ddof=1)) if n >= 2 else None
    return Result(code, value, n, Z_SD.grade(value, n) if n >= 2 else Grade.NO_DATA)


def tenths_digit(values: np.ndarray) -> np.ndarray:
    """The digit of the 0.1 place (8.25 kg → 2, 75.3 cm → 3) of each finite value."""
    values = _floats(values)
    values = values[np.isfinite(values)]
    # Work in hundredths as integers: 8.3 * 10 is 82.99999… in binary floating point.
    return (np.rint(values * 100).astype(np.int64) // 10) % DIGITS


def digit_preference(values: np.ndarray, code: str) -> Result:
    """Digit preference score of the 0.1-place digit (weight in kg, length/height in cm).

    DPS = 100 × sqrt(χ² / (n × (k − 1))), with χ² the goodness-of-fit statistic of the k = 10
    digit counts against equal counts n/10. `detail["counts"]` gives the ten counts and
    `detail["zero_five"]` the share (%) ending in 0 or 5 (20 % expected).
    """
    digits = tenths_digit(values)
    n = int(digits.size)
    counts = np.bincount(digits, minlength=DIGITS)
    if n == 0:
        return Result(code, None, 0, Grade.NO_DATA, detail={"counts": counts.tolist()})
    expected = n / DIGITS
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    value = 100.0 * math.sqrt(chi2 / (n * (DIGITS - 1)))
    detail = {
        "counts": counts.tolist(),
        "chi2": chi2,
        "zero_five": 100.0 * float(counts[0] + counts[5]) / n,
    }
    return Result(code, value, n, DPS.grade(value, n), detail=detail)


def age_heaping(birth_days: np.ndarray) -> Result:
    """Heaping index of birth dates on HEAPED_DAYS (day of month of each child's birth date).

    Index = 100 × (share born on the 1st or 15th) / EXPECTED_HEAPED_SHARE; 100 means no heaping.
    """
    days = np.asarray(birth_days, dtype=np.int64)
    n = int(days.size)
    count = int(sum(int((days == day).sum()) for day in HEAPED_DAYS))
    value = 100.0 * (count / n) / EXPECTED_HEAPED_SHARE if n else None
    return Result("birthday_heaping", value, n, HEAPING.grade(value, n), count=count)


def _floats(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)
