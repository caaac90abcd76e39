"""LMS arithmetic of the WHO standards, bit-compatible with WHO's R package anthro.

The operations are written in the same order as anthro's R code, because R and numpy both round
every IEEE-754 operation the same way: the only source of a different last bit is `pow`, where
numpy may use a SIMD implementation that differs from the C library's `pow` (which R calls) by an
ulp. That can only change a result after rounding to 2 decimals when z * 100 sits on a .5
midpoint; `round_z` finds those rows (a handful per million at most) and the caller recomputes
them with `libm_power` and R's exact rounding algorithm, `round_like_r`.

Every function works elementwise on arrays of any shape (the caller stacks several indicators
into one 2-D array to save per-call overhead).

References:
- WHO Multicentre Growth Reference Study Group (2006). WHO Child Growth Standards: Methods and
  development, chapter 7 (LMS z-score and the "restricted application" beyond +-3 SD).
- anthro R/z-score-helper.R compute_zscore(), compute_zscore_adjusted().
- R src/nmath/fround.c (R >= 4.0.0) for round(x, digits).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

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
    bit and to precompute the small reference tables, never on whole columns.
    """
    if np.size(base) == 0:
        return np.empty(np.shape(base))
    with np.errstate(all="ignore"):  # inf / nan results are the intended IEEE values
        return np.asarray(_LIBM_POW(base, exponent), dtype=np.float64)


def box_cox_z(
    y: FloatArray,
    l: FloatArray | None,  # noqa: E741 - the WHO name of the Box-Cox power
    m: FloatArray,
    sl: FloatArray,
    *,
    power: Power = np.power,
) -> FloatArray:
    """Unrestricted WHO z-score ((y / M) ** L - 1) / (S * L), with `sl` = S * L precomputed.

    `l` None means every L is 1 (length/height and head circumference tables): the power is
    skipped, which is exact (x ** 1 == x). NaN in any input gives NaN.
    """
    with np.errstate(all="ignore"):
        z = y / m
        if l is not None:
            z = power(z, l)
        z -= 1
        z /= sl
    return z


class SdValues(NamedTuple):
    """Measurements at +3 and -3 SD and the 2-3 SD distances, per row (anthro's SD3pos...)."""

    sd3_pos: FloatArray
    sd3_neg: FloatArray
    sd23_pos: FloatArray
    sd23_neg: FloatArray


def sd_values(
    l: FloatArray,  # noqa: E741
    m: FloatArray,
    s: FloatArray,
    power: Power = np.power,
) -> SdValues:
    """anthro compute_zscore_adjusted(): calc_sd(sd) = m * ((1 + l * s * sd) ^ (1 / l))."""
    with np.errstate(all="ignore"):
        ls = l * s
        inverse_l = 1 / l

        def value_at(sd: float) -> FloatArray:
            return m * power(1 + ls * sd, inverse_l)

        sd3_pos = value_at(SD23_OUTER_Z)
        sd3_neg = value_at(-SD23_OUTER_Z)
        return SdValues(
            sd3_pos,
            sd3_neg,
            sd3_pos - value_at(SD23_INNER_Z),
            value_at(-SD23_INNER_Z) - sd3_neg,
        )


def restricted_z(z: FloatArray, y: FloatArray, sd: SdValues) -> FloatArray:
    """The WHO "SD23" z for rows with |z| > 3 (all arguments already restricted to those rows).

    z > 3: 3 + (y - SD3pos) / SD23pos; z < -3: -3 + (y - SD3neg) / SD23neg (anthro's order).
    """
    with np.errstate(all="ignore"):
        above = SD23_OUTER_Z + ((y - sd.sd3_pos) / sd.sd23_pos)
        below = -SD23_OUTER_Z + ((y - sd.sd3_neg) / sd.sd23_neg)
    return choose(z > SD23_OUTER_Z, above, below)


def beyond_3sd(z: FloatArray) -> NDArray[np.intp]:
    """Flat indices of z with |z| > 3 (NaN excluded), where the SD23 restriction applies."""
    return np.flatnonzero(np.abs(z) > SD23_OUTER_Z)


def round_z(
    z: FloatArray, out: FloatArray | None = None, *, overwrite: bool = False
) -> tuple[FloatArray, NDArray[np.intp]]:
    """Round to 2 decimals like R's round(z, 2), except rows returned for an exact recheck.

    Returns (rounded, recheck): `recheck` holds flat indices where z * 100 is within
    NEAR_TIE_MARGIN of a .5 midpoint, or |z| >= FAST_ROUND_MAX_ABS; for all others
    rint(z * 100) / 100 provably equals R's result. The caller must recompute the `recheck`
    entries with `libm_power` and `round_like_r`. `out`, if given, receives the rounded values;
    with `overwrite`, z itself is used as scratch space (saves a temporary).
    """
    with np.errstate(invalid="ignore"):
        scaled = np.multiply(z, Z_SCALE, out=z if overwrite else None)
        rounded = np.rint(scaled, out=out)
        # |z| this large never occurs in real data; checked so the result stays exact if it does.
        huge = np.abs(rounded) >= FAST_ROUND_MAX_ABS * Z_SCALE
        distance = np.subtract(scaled, rounded, out=scaled)
        near = np.abs(distance, out=distance) > ROUND_HALF - NEAR_TIE_MARGIN
        near |= huge
        np.divide(rounded, Z_SCALE, out=rounded)
    if not near.any():
        return rounded, np.empty(0, dtype=np.intp)
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

    np.where costs ~3x more on a random mask (a mispredicted branch per element) than this blend
    of bit patterns; the result is bit-identical (NaN payloads included).
    """
    select = np.negative(mask.astype(np.uint64))  # all ones where mask, zeros elsewhere
    true_bits = np.asarray(if_true, dtype=np.float64).view(np.uint64)
    false_bits = np.asarray(if_false, dtype=np.float64).view(np.uint64)
    blended = true_bits & select
    blended |= false_bits & ~select
    return blended.view(np.float64)


def flag(
    z: FloatArray,
    low: Any,
    high: Any,
    out: FloatArray | None = None,
    infinite_candidates: NDArray[np.intp] | None = None,
) -> FloatArray:
    """WHO plausibility flag on a rounded z: 1.0 when z < low or z > high, 0.0 else, NaN for NaN.

    `low` and `high` broadcast against z (one pair per row of a stacked 2-D z). An infinite z
    (BMI when length is 0) is flagged, as R's comparison does; `infinite_candidates` (flat
    indices, e.g. the recheck indices of `round_z`, which include every infinite z) limits the
    search for infinities to those elements.
    """
    with np.errstate(invalid="ignore"):
        outside = (z < low) | (z > high)
        result = np.multiply(z, 0, out=out)  # 0 where z is finite, NaN where NaN (or infinite)
        result += outside
        if infinite_candidates is None:
            infinite = np.flatnonzero(np.isinf(z))
        else:
            candidates = np.unravel_index(infinite_candidates, z.shape)
            infinite = infinite_candidates[np.isinf(z[candidates])]
        if infinite.size:
            result[np.unravel_index(infinite, z.shape)] = 1
    return result
