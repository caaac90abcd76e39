"""`anthro_zscores`: WHO Child Growth Standards z-scores, a vectorised port of WHO's R anthro.

Reproduces `anthro::anthro_zscores()` of the R package anthro 1.1.0 exactly (z-scores to 2
decimals, flags, cleaned length/height, measure and BMI) for the eight indicators, and adds a
per-row `reason` explaining blanks. docs/WHO_REFERENCE_IMPLEMENTATION.md lists every reproduced
rule with its source; tests/growth/test_who_reference.py checks all 2,152 rows of WHO's own output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ranting.growth.constants import (
    ANTHRO_MAX_AGE_DAYS,
    CHUNK_ROWS,
    CM_PER_M,
    DAYS_PER_MONTH,
    HALF_DAY,
    LENGTH_TO_HEIGHT_AGE_DAYS,
    LENHEI_CORRECTION_CM,
    LENHEI_STEP_CM,
    LENHEI_STEPS_PER_CM,
    MAX_AGE_MONTHS_EXCLUSIVE,
    MEASURE_HEIGHT,
    MEASURE_LENGTH,
    MIN_STANDING_AGE_MONTHS,
    OEDEMA_NO,
    OEDEMA_YES,
    R_MAX_INTEGER,
    SEX_MALE,
)
from ranting.growth.inputs import (
    MEASURE_TOKENS,
    MISSING,
    OEDEMA_NUMBERS,
    OEDEMA_TOKENS,
    SEX_NUMBERS,
    SEX_TOKENS,
    Parsed,
    broadcast_length,
    to_codes,
    to_float,
)
from ranting.growth.lms import (
    Power,
    SdValues,
    beyond_3sd,
    box_cox_z,
    choose,
    flag,
    libm_power,
    restricted_z,
    round_like_r,
    round_z,
    sd_values,
)
from ranting.growth.reasons import REASON_BITS, reasons_from_bits
from ranting.growth.references.who2006 import (
    AGE_NO_DATA_ROW,
    AGE_ROWS,
    INDICATORS,
    AgeGroup,
    age_groups,
    data_absent,
    length_lms,
    select_table,
)

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def preload() -> None:
    """Read the reference tables now instead of in the first `anthro_zscores` call (≈ 0.1 s of
    CPU): a server worker calls it before it takes its first request."""
    age_groups()
    length_lms()


#: Numeric measurement inputs besides age, in anthro's order.
MEASUREMENTS = ("weight", "lenhei", "headc", "armc", "triskin", "subskin")

#: cmeasure text by measure code (MISSING, MEASURE_LENGTH, MEASURE_HEIGHT).
CMEASURE_TEXT = np.array(["", "l", "h"], dtype="<U1")

#: Output keys, in order: anthro's columns (without csex) plus our `reason`.
OUTPUT_KEYS: tuple[str, ...] = (
    "clenhei",
    "cmeasure",
    "c9mo_flag",
    "cbmi",
    *(f"{prefix}{key}" for key in INDICATORS for prefix in ("z", "f")),
    "reason",
)


def anthro_zscores(
    sex: Any,
    age: Any,
    is_age_in_month: bool = False,
    weight: Any = None,
    lenhei: Any = None,
    measure: Any = None,
    oedema: Any = None,
    headc: Any = None,
    armc: Any = None,
    triskin: Any = None,
    subskin: Any = None,
) -> dict[str, NDArray[Any]]:
    """WHO 2006 z-scores of the eight anthropometric indicators, as WHO's R anthro 1.1.0 does.

    Inputs are array-likes of one length (scalars and length-1 inputs are repeated):

    - sex: 1/"m"/"M"/"L" (laki-laki) for boys, 2/"f"/"F"/"P" (perempuan) for girls.
    - age: in days (whole or fractional, rounded half up to whole days for the table lookup), or
      in months when `is_age_in_month` (then days = months * 30.4375, rounded). Z-scores are only
      computed below 60 months (age < 1826.25 days). A missing age still gives
      weight-for-length/height (as in anthro); a negative or non-numeric age gives no z-score.
    - weight (kg), lenhei (cm; recumbent length or standing height), headc (cm), armc (cm),
      triskin (mm), subskin (mm): numbers; values <= 0 give no age-based z-score.
    - measure: "l"/"L" recumbent length, "h"/"H" standing height (any case).
    - oedema: "y"/"n", True/False, or anthro's "1"/"2"; missing means no oedema.

    Missing values are None, NaN or "" anywhere. Bad values (sex 3, "abc" for a weight, a
    negative age, an unknown measure...) never raise: the row gets NaN where the value matters
    and a code in `reason`. Only inputs of different lengths raise ValueError.

    Returns a dict of numpy arrays, keys in this order:
    clenhei (cm, +0.7 for height before 731 days, -0.7 for length from 731 days), cmeasure ("l",
    "h" or "" for NA), c9mo_flag (1.0 when a child under 9 months was measured standing), cbmi
    (kg/m2 from clenhei), then z<ind> (float, 2 decimals, NaN for NA) and f<ind> (1.0 / 0.0 / NaN)
    for len, wei, wfl, bmi, hc, ac, ts, ss, and `reason` (str; ";"-joined codes of
    `ranting.growth.reasons.REASONS`, "" when nothing is wrong).
    """
    if not isinstance(is_age_in_month, bool | np.bool_):
        raise ValueError("is_age_in_month must be True or False (one value for all rows)")
    parsed: dict[str, Parsed] = {
        "sex": to_codes(sex, "sex", SEX_TOKENS, SEX_NUMBERS),
        "age": to_float(age, "age"),
        "measure": to_codes(measure, "measure", MEASURE_TOKENS),
        "oedema": to_codes(
            oedema,
            "oedema",
            OEDEMA_TOKENS,
            OEDEMA_NUMBERS,
            {True: OEDEMA_YES, False: OEDEMA_NO},
        ),
    }
    numbers = {
        "weight": weight,
        "lenhei": lenhei,
        "headc": headc,
        "armc": armc,
        "triskin": triskin,
        "subskin": subskin,
    }
    parsed.update({name: to_float(value, name) for name, value in numbers.items()})
    rows = broadcast_length({name: item.values for name, item in parsed.items()})
    values = {name: np.broadcast_to(item.values, (rows,)) for name, item in parsed.items()}
    invalid = {name: np.broadcast_to(item.invalid, (rows,)) for name, item in parsed.items()}

    # Every block writes every element of these, so they need no initial value. The z and f
    # columns of an age group are the rows of one 2-D array, written in one go per block.
    out: dict[str, NDArray[Any]] = {
        key: np.empty(rows) for key in ("clenhei", "c9mo_flag", "cbmi", "zwfl", "fwfl")
    }
    out["cmeasure"] = np.empty(rows, dtype="<U1")
    group_out = [
        (np.empty((len(g.keys), rows)), np.empty((len(g.keys), rows))) for g in age_groups()
    ]
    for group, (z_block, f_block) in zip(age_groups(), group_out, strict=True):
        out |= {f"z{key}": z_block[position] for position, key in enumerate(group.keys)}
        out |= {f"f{key}": f_block[position] for position, key in enumerate(group.keys)}
    bits = np.zeros(rows, dtype=np.uint32)
    for start in range(0, rows, CHUNK_ROWS):
        block = slice(start, min(rows, start + CHUNK_ROWS))
        _score_block(
            {name: array[block] for name, array in values.items()},
            {name: array[block] for name, array in invalid.items()},
            bool(is_age_in_month),
            {key: array[block] for key, array in out.items()},
            [(z_block[:, block], f_block[:, block]) for z_block, f_block in group_out],
            bits[block],
        )
    out["reason"] = reasons_from_bits(bits)
    return {key: out[key] for key in OUTPUT_KEYS}


def _mark(bits: NDArray[np.uint32], mask: BoolArray, code: str) -> None:
    if mask.any():
        bits |= mask * np.uint32(REASON_BITS[code])


def _score_block(
    x: Mapping[str, NDArray[Any]],
    bad: Mapping[str, BoolArray],
    age_in_months: bool,
    out: Mapping[str, NDArray[Any]],
    group_out: list[tuple[FloatArray, FloatArray]],
    bits: NDArray[np.uint32],
) -> None:
    """Compute every output for one block of rows, writing into the `out` views.

    `group_out` holds, per age group, the (members x rows) views of its z and flag columns.

    Selections use `choose` and boolean arithmetic rather than np.where or masked assignment:
    masks such as "younger than 731 days" are random across rows, and branches on them would
    cost more than the LMS arithmetic.
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        sex = x["sex"]
        sex_ok = sex != MISSING
        _mark(bits, bad["sex"], "sex_invalid")
        _mark(bits, ~sex_ok & ~bad["sex"], "sex_missing")

        age = x["age"]
        age_ok = age >= 0
        _mark(bits, bad["age"], "age_invalid")
        _mark(bits, np.isnan(age) & ~bad["age"], "age_missing")
        _mark(bits, age < 0, "age_negative")
        # anthro: days = round_up(age or age * 30.4375); months = age / 30.4375 or age, unrounded.
        raw_days = age * DAYS_PER_MONTH if age_in_months else age
        months = age if age_in_months else age / DAYS_PER_MONTH
        whole_days = np.floor(raw_days)
        age_days = whole_days + (raw_days - whole_days >= HALF_DAY)
        # Negative ages get no age (nor any z-score, see below); R's as.integer() caps days.
        unusable = (age < 0) | (age_days > R_MAX_INTEGER)
        if unusable.any():
            age_days = choose(unusable, np.nan, age_days)
            months = choose(age < 0, np.nan, months)
        under_60_months = months < MAX_AGE_MONTHS_EXCLUSIVE
        _mark(bits, age_ok & ~under_60_months, "age_60_months_or_more")

        # Measure: a standing height before 9 months is implausible -> NA, flagged, uncorrected.
        c9mo = (x["measure"] == MEASURE_HEIGHT) & (months < MIN_STANDING_AGE_MONTHS)
        measure = x["measure"] * ~c9mo
        _mark(bits, bad["measure"], "measure_invalid")

        lenhei = x["lenhei"]
        to_length = (age_days < LENGTH_TO_HEIGHT_AGE_DAYS) & (measure == MEASURE_HEIGHT)
        to_height = (age_days >= LENGTH_TO_HEIGHT_AGE_DAYS) & (measure == MEASURE_LENGTH)
        # lenhei + (+0.7, -0.7 or 0.0): bit-identical to anthro's lenhei + 0.7 / lenhei - 0.7.
        correction = np.subtract(to_length, to_height, dtype=np.float64)
        correction *= LENHEI_CORRECTION_CM
        clenhei = lenhei + correction
        if bad["measure"].any():
            # Unknown position: the +-0.7 cm correction is unknown, so is every length-based z.
            clenhei = choose(bad["measure"], np.nan, clenhei)
        weight = x["weight"]
        metres = clenhei / CM_PER_M
        cbmi = weight / (metres * metres)

        oedema = (x["oedema"] == OEDEMA_YES) | bad["oedema"]
        _mark(bits, x["oedema"] == OEDEMA_YES, "oedema")
        _mark(bits, bad["oedema"], "oedema_invalid")
        for name in MEASUREMENTS:
            _mark(bits, bad[name], f"{name}_invalid")
            _mark(bits, x[name] <= 0, f"{name}_not_positive")

        out["clenhei"][:] = clenhei
        out["cmeasure"][:] = CMEASURE_TEXT.take(measure)
        out["c9mo_flag"][:] = c9mo
        out["cbmi"][:] = cbmi

        # One day-indexed row number serves every age table (each group adds its offsets).
        scored_age = age_ok & under_60_months & sex_ok & (age_days <= ANTHRO_MAX_AGE_DAYS)
        scored_age &= age_days < AGE_ROWS
        candidate = (sex.astype(np.intp) - SEX_MALE) * AGE_ROWS
        # NaN days cast to garbage, but those rows are multiplied by scored_age = 0.
        candidate += age_days.astype(np.intp)
        age_row = scored_age * (candidate - AGE_NO_DATA_ROW) + AGE_NO_DATA_ROW

        measured = {"clenhei": clenhei, "cbmi": cbmi, **{name: x[name] for name in MEASUREMENTS}}
        for group, (z_out, f_out) in zip(age_groups(), group_out, strict=True):
            _score_age_group(
                group, measured, oedema, age_row, age_days, scored_age, z_out, f_out, bits
            )
        z = out["zwfl"]
        # A bad age (negative, not a number) is bad input: no z-score at all, unlike a missing
        # age, with which anthro still scores weight-for-length/height.
        scored_wfl = sex_ok & ~bad["age"] & ~(age < 0)
        recheck = _weight_for_lenhei(
            weight, clenhei, measure, sex, scored_wfl, age_days, months, oedema, bits, z
        )
        flag(z, *INDICATORS["wfl"].flag_range, out=out["fwfl"], infinite_candidates=recheck)


def _score_age_group(
    group: AgeGroup,
    measured: Mapping[str, FloatArray],
    oedema: BoolArray,
    age_row: NDArray[np.intp],
    age_days: FloatArray,
    scored_age: BoolArray,
    z_out: FloatArray,
    f_out: FloatArray,
    bits: NDArray[np.uint32],
) -> None:
    """z and flag of every indicator of `group`, as one (members x rows) array, into the views."""
    y = np.stack([measured[name] for name in group.measurements])
    # anthro: a measure <= 0 gives NA; oedema blanks the weight-based indicators.
    blank = y <= 0
    if group.weight_based.any():
        blank[group.weight_based] |= oedema
    np.putmask(y, blank, np.nan)  # blanks are rare: cheaper than a branch-free select here
    rows = age_row + group.offsets
    lms = group.lms
    sd = lms.sd

    def sd_at(flat: NDArray[np.intp], power: Power) -> SdValues:
        # Age tables carry SD values precomputed with libm pow, exactly as anthro computes them.
        if sd is None:
            raise ValueError("an SD23 group needs SD values")
        at = rows.reshape(-1)[flat]
        return SdValues(*(values.take(at) for values in sd))

    z, recheck = _z_scores(
        y,
        None if lms.l_is_one else lms.l.take(rows, mode="wrap"),
        lms.m.take(rows, mode="wrap"),
        lms.sl.take(rows, mode="wrap"),
        sd_at=sd_at if group.adjusted else None,
        out=z_out,
    )
    flag(z, group.flag_low, group.flag_high, out=f_out, infinite_candidates=recheck)
    absent = age_days < group.first_day
    if absent.any():
        # Arm circumference and skinfold tables start at 91 days.
        _mark(bits, (absent & ~np.isnan(y)).any(axis=0) & scored_age, "age_under_91_days")


def _z_scores(
    y: FloatArray,
    l: FloatArray | None,  # noqa: E741
    m: FloatArray,
    sl: FloatArray,
    *,
    sd_at: Callable[[NDArray[np.intp], Power], SdValues] | None,
    out: FloatArray | None = None,
) -> tuple[FloatArray, NDArray[np.intp]]:
    """Rounded z-scores (R's round(z, 2)), SD23-restricted when `sd_at` is given.

    `l` None means L is 1 throughout (see lms.box_cox_z).
    `sd_at(flat_indices, power)` returns the SD values of those elements. Elements on a rounding
    midpoint (or huge) are recomputed with the C library's pow and R's exact rounding (see
    lms.round_z); their flat indices are returned with the rounded array.
    """
    z = box_cox_z(y, l, m, sl)
    if sd_at is not None:
        _restrict(z, y, sd_at, np.power)
    rounded, recheck = round_z(z, out=out, overwrite=True)
    if recheck.size:
        exact_y = y.reshape(-1)[recheck]
        exact = box_cox_z(
            exact_y,
            None if l is None else l.reshape(-1)[recheck],
            m.reshape(-1)[recheck],
            sl.reshape(-1)[recheck],
            power=libm_power,
        )
        if sd_at is not None:
            _restrict(exact, exact_y, lambda flat, power: sd_at(recheck[flat], power), libm_power)
        # `rounded` may be a strided view of the output: index it, do not reshape it.
        rounded[np.unravel_index(recheck, rounded.shape)] = round_like_r(exact)
    return rounded, recheck


def _restrict(
    z: FloatArray,
    y: FloatArray,
    sd_at: Callable[[NDArray[np.intp], Power], SdValues],
    power: Power,
) -> None:
    """Apply the WHO SD23 restriction in place to the elements of z beyond +-3."""
    beyond = beyond_3sd(z)
    if beyond.size:
        flat_z = z.reshape(-1)
        flat_z[beyond] = restricted_z(flat_z[beyond], y.reshape(-1)[beyond], sd_at(beyond, power))


def _weight_for_lenhei(
    weight: FloatArray,
    clenhei: FloatArray,
    measure: NDArray[np.int8],
    sex: NDArray[np.int8],
    scorable: BoolArray,
    age_days: FloatArray,
    months: FloatArray,
    oedema: BoolArray,
    bits: NDArray[np.uint32],
    out: FloatArray,
) -> NDArray[np.intp]:
    """anthro_zscore_weight_for_lenhei(): table by age (or measure), interpolated to 0.1 cm.

    `scorable` marks rows with a valid sex and no bad age. Writes the rounded z into `out`;
    returns the indices `round_z` rechecked.
    """
    indicator = INDICATORS["wfl"]
    table = select_table(age_days, measure, clenhei)
    table_index = table.astype(np.intp)  # converted once for the layout lookups below
    tables = length_lms()
    lms = tables.lms

    # anthro: low = trunc(lenhei * 10) / 10, upper = trunc(lenhei * 10 + 1) / 10,
    # diff = (lenhei - low) / 0.1; L, M and S are interpolated when diff > 0, else taken at low.
    steps = clenhei * LENHEI_STEPS_PER_CM
    low_steps = np.trunc(steps)
    up_steps = np.trunc(steps + 1)
    diff = (clenhei - low_steps / LENHEI_STEPS_PER_CM) / LENHEI_STEP_CM
    # low + max(diff, 0) * (upper - low) is bit-identical to anthro's ifelse(diff > 0, ...)
    # provided `upper` is finite; where anthro has no upper row but diff <= 0, use the low row.
    weight_of_upper = np.maximum(diff, 0)

    first = tables.first_step.take(table_index)
    last = tables.last_step.take(table_index)
    base = tables.base.take(table_index)
    base += (sex.astype(np.intp) - SEX_MALE) * tables.rows_per_sex.take(table_index)
    usable = (table != MISSING) & scorable

    def rows_at(at_steps: FloatArray, fallback: NDArray[np.intp]) -> NDArray[np.intp]:
        inside = usable & (at_steps >= first) & (at_steps <= last)
        # NaN lengths cast to garbage offsets, but those rows are multiplied by inside = 0.
        offset = (at_steps - first).astype(np.intp)
        rows: NDArray[np.intp] = inside * (base + offset - fallback) + fallback
        return rows

    no_data = np.full(clenhei.shape, lms.no_data, dtype=np.intp)
    low_row = rows_at(low_steps, no_data)
    up_row = rows_at(up_steps, low_row)

    def interpolated(column: FloatArray) -> FloatArray:
        low = column.take(low_row, mode="wrap")
        upper = column.take(up_row, mode="wrap")
        upper -= low
        upper *= weight_of_upper
        return np.add(low, upper, out=upper)

    l = interpolated(lms.l)  # noqa: E741
    m = interpolated(lms.m)
    s = interpolated(lms.s)

    absent, code = data_absent(indicator, age_days, table, clenhei)
    in_range = ~absent & ~np.isnan(clenhei) & (table != MISSING)
    # anthro keeps the z when age is missing (its validity test is NA there, not FALSE).
    age_allows = np.isnan(months) | (
        (months < MAX_AGE_MONTHS_EXCLUSIVE) & ~(age_days > ANTHRO_MAX_AGE_DAYS)
    )
    y = weight.copy()
    np.putmask(y, ~(in_range & ~oedema & age_allows), np.nan)
    _mark(bits, absent & scorable & age_allows & ~np.isnan(weight), code)

    def sd_at(flat: NDArray[np.intp], power: Power) -> SdValues:
        # Interpolated L, M, S: SD values are computed for the few rows beyond +-3 SD.
        return sd_values(l[flat], m[flat], s[flat], power)

    _, recheck = _z_scores(y, l, m, s * l, sd_at=sd_at, out=out)
    return recheck
