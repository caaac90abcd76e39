"""Realisation percentages of a review row (pure functions, Decimal in, Decimal out).

Physical (output) achievement, "capaian":
- higher is better: realisation / target × 100;
- lower is better (e.g. stunting prevalence): (2 × target − realisation) / target × 100, i.e.
  target − (realisation − target) over target. This is the formula Indonesian performance
  reports use for indicators where a lower value is better (PermenPANRB on the ASN performance
  management system, "capaian IKI dengan kondisi khusus": (1 + (1 − realisasi/target)) × 100%;
  e.g. LKjIP Kab. Maluku Tengah 2021, ch. III). A realisation at the target is 100%, below it
  more than 100%; it can fall below 0 when the realisation is over twice the target.
Budget realisation, "penyerapan": realised / allocated × 100.
Every function returns None when a value is missing or the denominator is 0 (shown as "–"),
rounded to 2 decimals (half up, as the Excel figures are).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def physical_pct(
    target: Decimal | None, realisation: Decimal | None, *, lower_is_better: bool = False
) -> Decimal | None:
    """Output achievement in percent; None without a target > 0 or a realisation."""
    if target is None or realisation is None or target <= 0:
        return None
    if lower_is_better:
        return _rounded((2 * target - realisation) / target * HUNDRED)
    return _rounded(realisation / target * HUNDRED)


def budget_pct(allocated: Decimal | None, realised: Decimal | None) -> Decimal | None:
    """Budget realisation in percent; None without an allocation > 0 or a realised amount."""
    if allocated is None or realised is None or allocated <= 0:
        return None
    return _rounded(realised / allocated * HUNDRED)


def total(values) -> Decimal | None:
    """Sum of the known values; None when none is known (an empty column stays "–")."""
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None
