"""WHO Child Growth Standards (2006/2007, 0-60 months) as packaged in WHO's R package anthro.

The nine LMS tables ship as package data in `ranting/growth/data/*anthro.csv` (provenance in
`ranting/growth/data/SOURCE.md`). They are loaded once each, through `importlib.resources` and
`functools.cache`, into flat numpy arrays laid out for `np.take`:

- age tables: row `(sex - 1) * AGE_ROWS + age_in_days` (days 0..1826; the arm circumference and
  skinfold tables, which start at 91 days, are padded with NaN for days 0..90);
- length/height tables: weight-for-length and weight-for-height stacked, row
  `base[table, sex] + (steps - first_step)` with `steps` = length in 0.1 cm;
- the last row of every array is NaN: rows without data point there and get NaN z-scores.

The module exposes the three functions every reference module has (STYLE.md item 6):
`lms_arrays` (the LMS arrays), `select_table` (which table serves a row) and `data_absent`
(rows the reference cannot score, with the reason code).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ranting.growth.constants import (
    AGE_TABLE_FIRST_DAY,
    AGE_TABLE_LAST_DAY,
    ARM_SKINFOLD_FIRST_DAY,
    FLAG_ZAC,
    FLAG_ZBMI,
    FLAG_ZHC,
    FLAG_ZLEN,
    FLAG_ZSS,
    FLAG_ZTS,
    FLAG_ZWEI,
    FLAG_ZWFL,
    IMPUTE_HEIGHT_FROM_CM,
    LENGTH_TO_HEIGHT_AGE_DAYS,
    LENHEI_STEPS_PER_CM,
    MEASURE_HEIGHT,
    MEASURE_LENGTH,
    SEX_FEMALE,
    SEX_MALE,
    TABLE_CSV_COLUMNS,
    TABLE_LMS_FIRST_COLUMN,
    WFH_MAX_CM,
    WFH_MIN_CM,
    WFL_MAX_CM,
    WFL_MIN_CM,
)
from ranting.growth.inputs import MISSING
from ranting.growth.lms import SdValues, libm_power, sd_values

NAME = "who2006"
DATA_PACKAGE = "ranting.growth"
DATA_DIRECTORY = "data"
SEXES = (SEX_MALE, SEX_FEMALE)
AGE_ROWS = AGE_TABLE_LAST_DAY - AGE_TABLE_FIRST_DAY + 1  # rows per sex in an age table
AGE_NO_DATA_ROW = len(SEXES) * AGE_ROWS  # the trailing NaN row of every age table
LMS_COLUMNS = slice(TABLE_LMS_FIRST_COLUMN, TABLE_CSV_COLUMNS)


@dataclass(frozen=True)
class Indicator:
    """One z-score of `anthro_zscores`: which table, which input, which anthro rules."""

    key: str  # output columns are "z" + key and "f" + key
    table: str  # CSV file stem in ranting/growth/data ("" for weight-for-length/height: 2 tables)
    measurement: str  # the (cleaned) input it scores
    by_age: bool  # age-indexed table (else indexed by length/height)
    first_day: int  # first age in days with reference data
    adjusted: bool  # WHO "SD23" restriction beyond |z| > 3
    weight_based: bool  # blank when oedema is present
    flag_range: tuple[float, float]  # flag when the rounded z is outside this open interval


#: Output order of anthro_zscores (zlen, zwei, zwfl, zbmi, zhc, zac, zts, zss).
INDICATORS: Mapping[str, Indicator] = {
    "len": Indicator("len", "lenanthro", "clenhei", True, 0, False, False, FLAG_ZLEN),
    "wei": Indicator("wei", "weianthro", "weight", True, 0, True, True, FLAG_ZWEI),
    "wfl": Indicator("wfl", "", "weight", False, 0, True, True, FLAG_ZWFL),
    "bmi": Indicator("bmi", "bmianthro", "cbmi", True, 0, True, True, FLAG_ZBMI),
    "hc": Indicator("hc", "hcanthro", "headc", True, 0, False, False, FLAG_ZHC),
    "ac": Indicator("ac", "acanthro", "armc", True, ARM_SKINFOLD_FIRST_DAY, True, False, FLAG_ZAC),
    "ts": Indicator(
        "ts", "tsanthro", "triskin", True, ARM_SKINFOLD_FIRST_DAY, True, False, FLAG_ZTS
    ),
    "ss": Indicator(
        "ss", "ssanthro", "subskin", True, ARM_SKINFOLD_FIRST_DAY, True, False, FLAG_ZSS
    ),
}


@dataclass(frozen=True)
class LengthTable:
    """One of the two length/height-indexed tables."""

    file: str
    measure: int  # MEASURE_LENGTH or MEASURE_HEIGHT (the table's "lorh")
    min_cm: float
    max_cm: float


#: Weight-for-length (recumbent, 45-110 cm) and weight-for-height (standing, 65-120 cm).
LENGTH_TABLES: Mapping[int, LengthTable] = {
    MEASURE_LENGTH: LengthTable("wflanthro", MEASURE_LENGTH, WFL_MIN_CM, WFL_MAX_CM),
    MEASURE_HEIGHT: LengthTable("wfhanthro", MEASURE_HEIGHT, WFH_MIN_CM, WFH_MAX_CM),
}


@dataclass(frozen=True)
class LmsArrays:
    """Flat L, M, S arrays for `np.take`; the last element of each is NaN (no data).

    `sl` is S * L per row (the denominator of the z formula, the same product R forms), `sd` the
    SD23 reference values per row computed with the C library's pow exactly as anthro does (only
    for age tables, whose rows are used as they are; interpolated rows need their own).
    """

    l: NDArray[np.float64]  # noqa: E741 - the WHO name of the Box-Cox power
    m: NDArray[np.float64]
    s: NDArray[np.float64]
    sl: NDArray[np.float64]
    sd: SdValues | None
    l_is_one: bool  # every L is 1 (no power needed: length/height and head circumference)

    @property
    def no_data(self) -> int:
        """Index of the NaN row."""
        return int(self.l.shape[0]) - 1


@dataclass(frozen=True)
class AgeGroup:
    """Age-indexed indicators computed together as one stacked 2-D array (fewer numpy calls).

    Member j uses rows `age_row + offsets[j]` of the stacked `lms`; the per-member columns are
    (k, 1) arrays that broadcast against the (k, n) block of measurements.
    """

    keys: tuple[str, ...]
    measurements: tuple[str, ...]
    lms: LmsArrays
    offsets: NDArray[np.intp]
    weight_based: NDArray[np.bool_]
    first_day: NDArray[np.float64]
    flag_low: NDArray[np.float64]
    flag_high: NDArray[np.float64]
    adjusted: bool


@dataclass(frozen=True)
class LengthLms:
    """Both length/height tables stacked into one `LmsArrays`, with per-table layout arrays.

    The layout arrays are indexed by the table code of `select_table` (MISSING, MEASURE_LENGTH,
    MEASURE_HEIGHT) so a row's layout is a branch-free `take`.
    """

    lms: LmsArrays
    base: NDArray[np.intp]  # row of the table's first length for boys
    rows_per_sex: NDArray[np.intp]  # girls start rows_per_sex after boys
    first_step: NDArray[np.float64]  # first and last length of the table, in 0.1 cm steps
    last_step: NDArray[np.float64]
    min_cm: NDArray[np.float64]  # anthro's validity range of clenhei (NaN for MISSING)
    max_cm: NDArray[np.float64]


def _read_table(stem: str) -> NDArray[np.float64]:
    text = resources.files(DATA_PACKAGE).joinpath(DATA_DIRECTORY, f"{stem}.csv").read_text()
    table = np.loadtxt(
        io.StringIO(text), delimiter=",", skiprows=1, usecols=range(TABLE_CSV_COLUMNS)
    )
    if set(np.unique(table[:, 0]).tolist()) != set(SEXES):
        raise ValueError(f"{stem}.csv: expected sexes {SEXES}, the package data is damaged")
    if np.any(table[:, LMS_COLUMNS] == 0) or not np.all(np.isfinite(table[:, LMS_COLUMNS])):
        raise ValueError(f"{stem}.csv: L, M and S must be finite and non-zero")
    return table


def _with_no_data_row(lms: NDArray[np.float64], *, with_sd: bool) -> LmsArrays:
    """Columns L, M, S plus a trailing NaN row, contiguous for fast gathers."""
    padded = np.vstack([lms, np.full((1, lms.shape[1]), np.nan)])
    l_values, m_values, s_values = (np.ascontiguousarray(column) for column in padded.T)
    finite_l = l_values[np.isfinite(l_values)]
    return LmsArrays(
        l_values,
        m_values,
        s_values,
        s_values * l_values,
        sd_values(l_values, m_values, s_values, power=libm_power) if with_sd else None,
        bool(np.all(finite_l == 1)),
    )


@functools.cache
def lms_arrays(table: str) -> LmsArrays:
    """Day-indexed L, M, S of an age table (row = (sex - 1) * AGE_ROWS + day), cached.

    Days without reference data (before 91 days for arm circumference and skinfolds) are NaN.
    Raises ValueError when the package data is damaged (sex codes, gaps, zero or missing LMS).
    """
    raw = _read_table(table)
    grid = np.full((len(SEXES) * AGE_ROWS, len(("L", "M", "S"))), np.nan)
    days = raw[:, 1]
    if np.any(days != np.round(days)) or days.min() < AGE_TABLE_FIRST_DAY:
        raise ValueError(f"{table}.csv: ages must be whole days from {AGE_TABLE_FIRST_DAY}")
    if days.max() != AGE_TABLE_LAST_DAY:
        raise ValueError(f"{table}.csv: ages must end at {AGE_TABLE_LAST_DAY} days")
    rows = (raw[:, 0].astype(np.intp) - SEX_MALE) * AGE_ROWS + days.astype(np.intp)
    grid[rows] = raw[:, LMS_COLUMNS]
    return _with_no_data_row(grid, with_sd=True)


@functools.cache
def length_lms() -> LengthLms:
    """Weight-for-length and weight-for-height L, M, S stacked for `np.take`, cached.

    Raises ValueError when the package data is damaged (sex codes, gaps, zero or missing LMS).
    """
    codes = max(LENGTH_TABLES) + 1
    layout = {name: np.zeros(codes, dtype=np.intp) for name in ("base", "rows_per_sex")} | {
        name: np.full(codes, np.nan) for name in ("first", "last", "min_cm", "max_cm")
    }
    blocks = []
    offset = 0
    for measure, spec in LENGTH_TABLES.items():
        raw = _read_table(spec.file)
        steps = np.rint(raw[:, 1] * LENHEI_STEPS_PER_CM)
        first = np.rint(spec.min_cm * LENHEI_STEPS_PER_CM)
        last = np.rint(spec.max_cm * LENHEI_STEPS_PER_CM)
        expected = np.arange(first, last + 1)
        layout["base"][measure] = offset
        layout["rows_per_sex"][measure] = expected.size
        layout["first"][measure], layout["last"][measure] = first, last
        layout["min_cm"][measure], layout["max_cm"][measure] = spec.min_cm, spec.max_cm
        for sex in SEXES:
            rows = raw[:, 0] == sex
            if not np.array_equal(steps[rows], expected):
                raise ValueError(f"{spec.file}.csv: lengths must run in 0.1 cm steps")
            blocks.append(raw[rows][:, LMS_COLUMNS])
            offset += expected.size
    return LengthLms(
        _with_no_data_row(np.vstack(blocks), with_sd=False),
        layout["base"],
        layout["rows_per_sex"],
        layout["first"],
        layout["last"],
        layout["min_cm"],
        layout["max_cm"],
    )


@functools.cache
def age_groups() -> tuple[AgeGroup, ...]:
    """The age-indexed INDICATORS grouped by arithmetic (SD23 or not, L == 1 or not), cached.

    Each group stacks its members' tables so that one numpy call serves the whole group.
    """
    members: dict[tuple[bool, bool], list[Indicator]] = {}
    for indicator in INDICATORS.values():
        if indicator.by_age:
            kind = (indicator.adjusted, lms_arrays(indicator.table).l_is_one)
            members.setdefault(kind, []).append(indicator)
    groups = []
    for (adjusted, l_is_one), indicators in members.items():
        tables = [lms_arrays(indicator.table) for indicator in indicators]
        sds = [table.sd for table in tables]

        def stack(name: str, tables: list[LmsArrays] = tables) -> NDArray[np.float64]:
            return np.concatenate([getattr(table, name) for table in tables])

        def column(values: list[float]) -> NDArray[Any]:
            return np.array(values)[:, np.newaxis]

        stacked_sd = (
            SdValues(*(np.concatenate(parts) for parts in zip(*sds, strict=True)))
            if adjusted and all(sd is not None for sd in sds)
            else None
        )
        stacked = LmsArrays(stack("l"), stack("m"), stack("s"), stack("sl"), stacked_sd, l_is_one)
        groups.append(
            AgeGroup(
                keys=tuple(indicator.key for indicator in indicators),
                measurements=tuple(indicator.measurement for indicator in indicators),
                lms=stacked,
                offsets=column(
                    [position * tables[0].l.shape[0] for position in range(len(tables))]
                ).astype(np.intp),
                weight_based=np.array([indicator.weight_based for indicator in indicators]),
                first_day=column([indicator.first_day for indicator in indicators]).astype(float),
                flag_low=column([indicator.flag_range[0] for indicator in indicators]),
                flag_high=column([indicator.flag_range[1] for indicator in indicators]),
                adjusted=adjusted,
            )
        )
    return tuple(groups)


def select_table(
    age_days: NDArray[np.float64],
    measure: NDArray[np.int8],
    clenhei: NDArray[np.float64],
) -> NDArray[np.int8]:
    """Which weight-for-length/height table scores each row: MEASURE_LENGTH, _HEIGHT or MISSING.

    anthro's rule (z-score-weight-for-lenhei.R): with a known age, the age decides (length table
    before 731 days, height table from 731 days) whatever the measure; without age, the measure
    decides; without both, clenhei < 87 cm means length. The age-indexed indicators have a single
    table each and need no selection.
    """
    with np.errstate(invalid="ignore"):
        known_age = ~np.isnan(age_days)
        no_measure = measure == MISSING
        by_measure_or_length = (measure == MEASURE_HEIGHT) | (
            no_measure & (clenhei >= IMPUTE_HEIGHT_FROM_CM)
        )
        height = (known_age & (age_days >= LENGTH_TO_HEIGHT_AGE_DAYS)) | (
            ~known_age & by_measure_or_length
        )
        undecided = ~known_age & no_measure & np.isnan(clenhei)
    # Boolean arithmetic, no branches: length 1, height 2, undecided 0.
    choice: NDArray[np.int8] = ((height.view(np.int8) + MEASURE_LENGTH) * ~undecided).astype(
        np.int8
    )
    return choice


def data_absent(
    indicator: Indicator,
    age_days: NDArray[np.float64],
    table: NDArray[np.int8] | None = None,
    clenhei: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.bool_], str]:
    """Rows the reference has no data for, and the reason code to report for them.

    Age-indexed indicators: ages (whole days) before the table's first day. Weight-for-length/
    height: clenhei outside 45-110 cm (length table) or 65-120 cm (height table), given the
    `table` choice of `select_table`. Rows with missing age or length are not reported here.
    """
    with np.errstate(invalid="ignore"):
        if indicator.by_age:
            return age_days < indicator.first_day, "age_under_91_days"
        if table is None or clenhei is None:
            raise ValueError("weight-for-length/height needs the table choice and clenhei")
        tables = length_lms()
        outside = (clenhei < tables.min_cm.take(table)) | (clenhei > tables.max_cm.take(table))
    return outside, "lenhei_out_of_wfl_range"
