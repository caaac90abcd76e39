"""LMS arithmetic of the WHO standards, bit-compatible with WHO's R package anthro.

The operations are written in the same order as anthro's R code, because R and numpy both round
every IEEE-754 operation the same way: the only source of a different last bit is `pow`, where
numpy may use a SIMD implementation that differs from the C library's `pow` (which R calls) by an
ulp. That can only change a result after rounding to 2 decimals when z * 100 sits on a .5
midpoint; `round_z` finds those rows (a handful per million at most) and the caller recomputes
them with `libm_power` and R's exact rounding algorithm.

References:
- WHO Multicentre Growth Reference Study Group (2006). WHO Child Growth Standards: Methods and
  development, chapter 7 (LMS z-score and the "restricted application" beyond +-3 SD).
- anthro R/z-score-helper.R compute_zscore(), compute_zscore_adjusted().
- R src/nmath/fround.c (R >= 4.0.0) for round(x, digits).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ranting.growth.constants import (
    FAST_ROUND_MAX_ABS,
    NEAR_TIE_MARGIN,
    R_ROUND_PASSTHROUGH_ABS,
    ROUND_HALF,
    SD23_INNER_Z,
    SD23_OUTER_Z,
    Z_SCALE,
)

FloatArray = NDArray[np.float64]
Power = Callable[[FloatArray, FloatArray], FloatArray]


def _scalar_pow(base: float, exponent: float) -> float:
    try:
        return math.pow(base, exponent)
    except (ValueError, OverflowError):
        # C pow gives inf for 0 ** negative and nan for negative ** non-integer; Python raises.
        with np.errstate(all="ignore"):
            return float(np.power(np.float64(base), np.float64(exponent)))


_LIBM_POW = np.frompyfunc(_scalar_pow, 2, 1)


def libm_power(base: FloatArray, exponent: FloatArray) -> FloatArray:
    """`base ** exponent` through the C library's `pow`, as R's `^` computes it.

    One Python call per element: use it only on the few rows whose rounding depends on the last
    bit (and to precompute small tables), never on whole columns.
    """
    if base.size == 0:
        return np.empty(0)
    return np.asarray(_LIBM_POW(base, exponent), dtype=np.float64)


def lms_z(
    y: FloatArray,
    l: FloatArray,  # noqa: E741 - the WHO name of the Box-Cox power
    m: FloatArray,
    s: FloatArray,
    *,
    adjusted: bool,
    l_is_one: bool = False,
    power: Power = np.power,
) -> FloatArray:
    """Unrounded WHO z-score of measurement `y` against LMS parameters (all arrays, same length).

    z = ((y / M) ** L - 1) / (S * L). With `adjusted`, values beyond +-3 are re-expressed in units
    of the 2-3 SD distance (the WHO "SD23" restriction used for weight, weight-for-length/height,
    BMI, arm circumference and skinfolds). `l_is_one` skips the power for tables whose L is 1
    (length/height and head circumference), which is exact. NaN in any input gives NaN.
    """
    with np.errstate(all="ignore"):
        z = y / m
        if not l_is_one:
            z = power(z, l)
        z -= 1
        z /= s if l_is_one else s * l
        if adjusted:
            beyond = np.flatnonzero(np.abs(z) > SD23_OUTER_Z)
            if beyond.size:
                z[beyond] = _restricted_z(
                    y[beyond], l[beyond], m[beyond], s[beyond], z[beyond], power
                )
    return z


def _restricted_z(
    y: FloatArray,
    l: FloatArray,  # noqa: E741
    m: FloatArray,
    s: FloatArray,
    z: FloatArray,
    power: Power,
) -> FloatArray:
    """anthro compute_zscore_adjusted() for rows with |z| > 3."""
    ls = l * s
    inverse_l = 1 / l

    def value_at(sd: float) -> FloatArray:
        # m * ((1 + l * s * sd) ^ (1 / l)), the measurement at `sd` SD.
        return m * power(1 + ls * sd, inverse_l)

    sd3_pos = value_at(SD23_OUTER_Z)
    sd3_neg = value_at(-SD23_OUTER_Z)
    sd23_pos = sd3_pos - value_at(SD23_INNER_Z)
    sd23_neg = value_at(-SD23_INNER_Z) - sd3_neg
    above = SD23_OUTER_Z + ((y - sd3_pos) / sd23_pos)
    below = -SD23_OUTER_Z + ((y - sd3_neg) / sd23_neg)
    return choose(z > SD23_OUTER_Z, above, below)


def round_z(z: FloatArray, out: FloatArray | None = None) -> tuple[FloatArray, NDArray[np.intp]]:
    """Round to 2 decimals like R's round(z, 2), except rows returned for an exact recheck.

    Returns (rounded, recheck): `recheck` indexes rows where z * 100 is within NEAR_TIE_MARGIN of a
    .5 midpoint, or |z| is huge; for all others rint(z * 100) / 100 provably equals R's result.
    The caller must recompute `recheck` rows with `libm_power` and `round_like_r`.
    `out`, if given, receives the rounded values.
    """
    with np.errstate(invalid="ignore"):
        scaled = z * Z_SCALE
        rounded = np.rint(scaled, out=out)
        distance = np.subtract(scaled, rounded, out=scaled)
        np.abs(distance, out=distance)
        # NaN-ignoring reductions (one pass each, no temporary) decide whether a mask is needed:
        # near-midpoint rows and huge values are all but absent from real data.
        near_any = z.size and np.fmax.reduce(distance) > ROUND_HALF - NEAR_TIE_MARGIN
        huge_any = z.size and (
            np.fmax.reduce(rounded) >= FAST_ROUND_MAX_ABS * Z_SCALE
            or np.fmin.reduce(rounded) <= -FAST_ROUND_MAX_ABS * Z_SCALE
        )
        np.divide(rounded, Z_SCALE, out=rounded)
        if not (near_any or huge_any):
            return rounded, np.empty(0, dtype=np.intp)
        near = distance > ROUND_HALF - NEAR_TIE_MARGIN
        near |= np.abs(z) >= FAST_ROUND_MAX_ABS
    return rounded, np.flatnonzero(near)


def round_like_r(x: FloatArray) -> FloatArray:
    """R's round(x, 2) (src/nmath/fround.c since R 4.0.0), vectorised.

    Picks whichever of floor(100|x|)/100 and ceil(100|x|)/100 is nearer to |x| in double
    arithmetic, the even last digit on an exact tie; 0, non-finite and |x| >= 2^43 pass through.
    """
    with np.errstate(invalid="ignore"):
        sign = np.copysign(1.0, x)
        magnitude = np.abs(x)
        scaled = Z_SCALE * magnitude
        lower = np.floor(scaled)
        down = lower / Z_SCALE
        up = np.ceil(scaled) / Z_SCALE
        gap_up = up - magnitude
        gap_down = magnitude - down
        finite_lower = np.where(np.isfinite(lower), lower, 0).astype(np.int64)
        lower_is_odd = (finite_lower & 1) == 1
        take_up = (gap_up < gap_down) | ((gap_up == gap_down) & lower_is_odd)
        result = sign * choose(take_up, up, down)
        passthrough = ~np.isfinite(x) | (x == 0) | (magnitude >= R_ROUND_PASSTHROUGH_ABS)
    return choose(passthrough, x, result)


def choose(mask: NDArray[np.bool_], if_true: Any, if_false: Any) -> FloatArray:
    """`np.where(mask, if_true, if_false)` for float64, without branches.

    np.where costs ~20x more on a random mask (a mispredicted branch per element) than this blend
    of bit patterns; the result is bit-identical (NaN payloads included).
    """
    select = np.negative(mask.astype(np.uint64))  # all ones where mask, zeros elsewhere
    true_bits = np.asarray(if_true, dtype=np.float64).view(np.uint64)
    false_bits = np.asarray(if_false, dtype=np.float64).view(np.uint64)
    blended = true_bits & select
    blended |= false_bits & ~select
    return blended.view(np.float64)


def flag(z: FloatArray, low: float, high: float, out: FloatArray | None = None) -> FloatArray:
    """WHO plausibility flag on a rounded z: 1.0 when z < low or z > high, 0.0 else, NaN for NaN.

    An infinite z (possible for BMI when length is 0) is flagged, as R's comparison does.
    """
    with np.errstate(invalid="ignore"):
        outside = (z < low) | (z > high)
        result = np.multiply(z, 0, out=out)  # 0 where z is finite, NaN where NaN (or infinite)
        result += outside
        if np.fmax.reduce(z) == np.inf or np.fmin.reduce(z) == -np.inf:
            result[np.isinf(z)] = 1
    return result
