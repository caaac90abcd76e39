"""KMS growth-monitoring rules: KBM, the monthly N/T/O/B status, 2T, BGM and referral reasons.

These compare a child with *itself* at the previous weighing (KMS / Buku KIA), unlike the z-score
categories of `ranting.growth.classify`, which compare it with the WHO reference population.

Rules (DOMAIN.md §2.1-2.3):

- KBM (Kenaikan Berat badan Minimal) is the smallest weight gain since the previous month that still
  counts as "naik", by age in completed months. It is a configurable table (`load_kbm_table`); the
  packaged default is `data/kbm.csv`, whose months 7 and 11 are unverified.
- Every child weighed gets exactly one status, assigned in this order: no earlier weighing ever ->
  B (baru); not weighed at the previous posyandu session -> O; gain >= KBM(age) -> N (naik);
  otherwise T (tidak naik). Gains are compared in whole grams.
- 2T: two consecutive *weighings* with status T. A month without a posyandu session is skipped; a
  month the child missed makes the next weighing O, which ends the run.
- BGM (Bawah Garis Merah): BB/U z below the KMS red line, -3 SD. Above the orange line (+1 SD) is
  "risiko berat badan lebih". Both positions on the 2020+ KMS are unverified (DOMAIN.md App. B).

Periods are integer month indices (`period_index`), so the previous calendar month is `period - 1`.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ranting.growth.classify import NO_CATEGORY

__all__ = [
    "KBM_COLUMNS",
    "KMS_ORANGE_LINE_SD",
    "KMS_RED_LINE_SD",
    "NO_STATUS",
    "REFERRAL_CODES",
    "REFERRAL_LABELS",
    "STATUS_B",
    "STATUS_LABELS",
    "STATUS_N",
    "STATUS_O",
    "STATUS_T",
    "KbmTable",
    "KbmTableError",
    "SeriesStatus",
    "age_in_completed_months",
    "growth_status",
    "is_above_orange_line",
    "is_bgm",
    "is_two_t",
    "load_kbm_table",
    "period_index",
    "period_of_dates",
    "referral_matrix",
    "series_status",
    "weight_gain_grams",
]

STATUS_N = "N"  # naik: gain >= KBM since the previous session (SKDN row 03)
STATUS_T = "T"  # tidak naik: gain < KBM (SKDN row 04)
STATUS_O = "O"  # weighed this month but not at the previous session (SKDN row 05)
STATUS_B = "B"  # first weighing ever (SKDN row 06)
NO_STATUS = ""  # not weighed (no usable weight): not part of D = N + T + O + B

STATUS_LABELS: Mapping[str, str] = {
    STATUS_N: "Naik",
    STATUS_T: "Tidak naik",
    STATUS_O: "Tidak ditimbang bulan lalu",
    STATUS_B: "Baru pertama kali ditimbang",
    NO_STATUS: "",
}

# KMS lines in BB/U SD units. Red line = -3 SD on the 2008/2010 KMS (widely taught); the orange line
# is presumably the +1 SD "risiko berat badan lebih" cut-off. Both unverified for the 2020+ KMS
# (DOMAIN.md §2.3, Appendix B item 3).
KMS_RED_LINE_SD = -3.0
KMS_ORANGE_LINE_SD = 1.0

GRAMS_PER_KG = 1000.0
MONTHS_PER_YEAR = 12
# Numpy's datetime64[M] counts months from January of this year.
_DATETIME64_EPOCH_YEAR = 1970
# When no KBM applies (age 0, beyond the table, or unknown) N falls back to its plain definition,
# "the weight went up" (DOMAIN.md §2.3): a gain of at least one gram.
MIN_GAIN_WITHOUT_KBM_GRAMS = 1.0

KBM_REQUIRED_COLUMNS = ("age_months_from", "age_months_to", "kbm_grams")
KBM_COLUMNS = (*KBM_REQUIRED_COLUMNS, "source")
_KBM_HEADER_LINES = 1

REFERRAL_CODES = (
    "tidak_naik",
    "tidak_naik_2t",
    "bgm",
    "di_atas_garis_oranye",
    "stunting",
    "wasting",
)

#: Indonesian text of each referral reason (Buku KIA 2023: "Rujuk bila T, BGM, di atas garis
#: oranye"; stunting and wasting from the PMK 2/2020 status passed in).
REFERRAL_LABELS: Mapping[str, str] = {
    "tidak_naik": "Berat badan tidak naik (T)",
    "tidak_naik_2t": "Tidak naik 2 kali berturut-turut (2T)",
    "bgm": "Di bawah garis merah (BGM)",
    "di_atas_garis_oranye": "Di atas garis oranye (risiko berat badan lebih)",
    "stunting": "Pendek/sangat pendek (stunting)",
    "wasting": "Gizi kurang/buruk (wasting)",
}

_STUNTING_CODES = ("pendek", "sangat_pendek")
_WASTING_CODES = ("gizi_kurang", "gizi_buruk")


class KbmTableError(ValueError):
    """A KBM table file is missing columns or has bad, overlapping or unsorted rows."""


@dataclass(frozen=True)
class KbmTable:
    """KBM by age band in completed months; bands are sorted and do not overlap."""

    age_months_from: NDArray[np.int64]
    age_months_to: NDArray[np.int64]
    kbm_grams: NDArray[np.float64]
    sources: tuple[str, ...] = field(default=())
    origin: str = ""

    def min_gain_grams(self, age_months: ArrayLike) -> NDArray[np.float64]:
        """KBM in grams for each age in completed months; NaN where the table has no row.

        Fractional ages are truncated to completed months. Age 0 has no KBM in the default table
        (a newborn has no previous weighing to compare with), nor do ages beyond its last band.
        """
        age = np.floor(np.atleast_1d(np.asarray(age_months, dtype=np.float64)))
        valid = np.isfinite(age)
        row = np.searchsorted(self.age_months_from, np.where(valid, age, -np.inf), side="right")
        row = row - 1
        safe_row = np.clip(row, 0, None)
        inside = valid & (row >= 0) & (age <= self.age_months_to[safe_row])
        return np.where(inside, self.kbm_grams[safe_row], np.nan)


def _parse_kbm_csv(text: str, origin: str) -> KbmTable:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in KBM_REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise KbmTableError(
            f"{origin}: KBM table lacks column(s) {', '.join(missing)}; "
            f"expected header {','.join(KBM_COLUMNS)}"
        )
    starts: list[int] = []
    ends: list[int] = []
    grams: list[float] = []
    sources: list[str] = []
    for line_no, row in enumerate(reader, start=_KBM_HEADER_LINES + 1):
        try:
            start = int(row["age_months_from"])
            end = int(row["age_months_to"])
            gain = float(row["kbm_grams"])
        except (TypeError, ValueError) as err:
            raise KbmTableError(
                f"{origin}, line {line_no}: ages must be whole months and kbm_grams a number "
                f"of grams (e.g. 11,60,200), got {row!r}"
            ) from err
        if start < 0 or end < start or not np.isfinite(gain) or gain < 0:
            raise KbmTableError(
                f"{origin}, line {line_no}: need 0 <= age_months_from <= age_months_to and "
                f"kbm_grams >= 0 (grams, not kg), got {start}, {end}, {gain}"
            )
        if ends and start <= ends[-1]:
            raise KbmTableError(
                f"{origin}, line {line_no}: age bands must be sorted and must not overlap "
                f"(band starting at {start} overlaps one ending at {ends[-1]})"
            )
        starts.append(start)
        ends.append(end)
        grams.append(gain)
        sources.append(row.get("source") or "")
    if not starts:
        raise KbmTableError(f"{origin}: KBM table has no rows")
    return KbmTable(
        age_months_from=np.asarray(starts, dtype=np.int64),
        age_months_to=np.asarray(ends, dtype=np.int64),
        kbm_grams=np.asarray(grams, dtype=np.float64),
        sources=tuple(sources),
        origin=origin,
    )


@functools.cache
def _default_kbm_table() -> KbmTable:
    resource = resources.files("ranting.growth").joinpath("data").joinpath("kbm.csv")
    return _parse_kbm_csv(resource.read_text(encoding="utf-8"), "ranting/growth/data/kbm.csv")


def load_kbm_table(path: str | Path | None = None) -> KbmTable:
    """Load a KBM table from a CSV file, or the packaged default when `path` is None.

    The CSV has columns age_months_from, age_months_to (inclusive, completed months), kbm_grams and
    an optional free-text source. Raises `KbmTableError` on a malformed table and `OSError` when the
    file cannot be read. The default table is loaded once per process.
    """
    if path is None:
        return _default_kbm_table()
    file_path = Path(path)
    return _parse_kbm_csv(file_path.read_text(encoding="utf-8"), str(file_path))


def period_index(year: ArrayLike, month: ArrayLike) -> NDArray[np.int64]:
    """Month index `year * 12 + month - 1` (month 1-12); consecutive months differ by 1."""
    return (
        np.asarray(year, dtype=np.int64) * MONTHS_PER_YEAR + np.asarray(month, dtype=np.int64) - 1
    )


def period_of_dates(dates: ArrayLike) -> NDArray[np.int64]:
    """`period_index` of each date (datetime64, date, or ISO string)."""
    months = np.asarray(dates, dtype="datetime64[M]").astype(np.int64)
    return months + _DATETIME64_EPOCH_YEAR * MONTHS_PER_YEAR


@overload
def age_in_completed_months(birth_date: date, on_date: date) -> int: ...
@overload
def age_in_completed_months(
    birth_date: ArrayLike | date, on_date: ArrayLike | date
) -> int | NDArray[np.float64]: ...
def age_in_completed_months(
    birth_date: ArrayLike | date, on_date: ArrayLike | date
) -> int | NDArray[np.float64]:
    """Age in completed calendar months ("bulan penuh", PMK 2/2020): 2 months 29 days is 2.

    A month is completed on the same day of the month as the birth date; a child born on the 31st
    completes a month only when a later month reaches day 31 (the convention of Excel
    `DATEDIF(...,"m")`, PHP `date_diff` and Java `Period`). With two scalar dates (date, datetime
    or ISO string) returns an int and raises ValueError when `on_date` is before `birth_date`.
    With arrays returns float64 months, NaN where a date is missing or `on_date` < `birth_date`.
    """
    if type(birth_date) is date and type(on_date) is date:
        return _completed_months(birth_date, on_date)
    birth = _as_days(birth_date)
    on = _as_days(on_date)
    scalar = birth.ndim == 0 and on.ndim == 0
    birth_month = birth.astype("datetime64[M]")
    on_month = on.astype("datetime64[M]")
    birth_day = (birth - birth_month.astype("datetime64[D]")).astype(np.int64)
    on_day = (on - on_month.astype("datetime64[D]")).astype(np.int64)
    months = (on_month - birth_month).astype(np.int64) - (on_day < birth_day)
    invalid = np.isnat(birth) | np.isnat(on) | (on < birth)
    result = np.where(invalid, np.nan, months.astype(np.float64))
    if scalar:
        if invalid.item():
            raise ValueError(
                f"cannot compute age: measurement date {on_date!r} is missing or before the "
                f"birth date {birth_date!r}"
            )
        return int(result.item())
    return result


def _completed_months(birth: date, on: date) -> int:
    # The same rule for two plain dates without numpy: a form checks one child at a time, and
    # numpy's fixed cost per call was most of a batch's input checks.
    if on < birth:
        raise ValueError(
            f"cannot compute age: measurement date {on!r} is before the birth date {birth!r}"
        )
    return (on.year - birth.year) * MONTHS_PER_YEAR + on.month - birth.month - (on.day < birth.day)


def _as_days(value: ArrayLike | date) -> NDArray[np.datetime64]:
    if isinstance(value, datetime):
        value = value.date()
    return np.asarray(value, dtype="datetime64[D]")


def weight_gain_grams(weight_kg: ArrayLike, prev_weight_kg: ArrayLike) -> NDArray[np.float64]:
    """Weight change in whole grams; each weight is rounded to the gram first.

    Rounding before subtracting keeps float noise out of the KBM comparison: 8.3 kg - 8.1 kg is
    exactly 200 g, not 199.99999999999997. NaN where either weight is missing.
    """
    now = np.round(np.asarray(weight_kg, dtype=np.float64) * GRAMS_PER_KG)
    before = np.round(np.asarray(prev_weight_kg, dtype=np.float64) * GRAMS_PER_KG)
    return np.atleast_1d(now - before)


def growth_status(
    weight_kg: ArrayLike,
    age_months: ArrayLike,
    period: ArrayLike,
    prev_weight_kg: ArrayLike | None = None,
    prev_period: ArrayLike | None = None,
    *,
    ever_weighed_before: ArrayLike | None = None,
    previous_session_period: ArrayLike | None = None,
    kbm: KbmTable | None = None,
) -> NDArray[np.str_]:
    """N/T/O/B status of many children's current weighing, vectorised.

    Arguments are arrays of the same length (or broadcastable), one entry per child:

    - `weight_kg`: this session's weight in kg; NaN means not weighed (status `NO_STATUS`).
    - `age_months`: age in completed months at this weighing (selects the KBM row).
    - `period`: this session's month index (`period_index`).
    - `prev_weight_kg`, `prev_period`: the child's latest earlier weighing; NaN or -1 when none.
      An earlier record without a usable weight does not count as weighed at that session.
    - `ever_weighed_before`: True when the child was weighed before even if that weighing is not
      passed in; combined (or) with a valid `prev_period`. Default: derived from `prev_period`.
    - `previous_session_period`: month index of the posyandu's previous session; default
      `period - 1`. Pass it when a month had no session (e.g. a holiday), so that month is skipped.
    - `kbm`: KBM table; default `load_kbm_table()`.

    Order (DOMAIN.md §2.3): no earlier weighing -> B; not weighed at the previous session -> O;
    gain >= KBM(age) in whole grams -> N; otherwise T (a loss is T). Where the table has no KBM
    for the age, N means a gain of at least 1 g.
    """
    table = kbm if kbm is not None else load_kbm_table()
    weight = np.atleast_1d(np.asarray(weight_kg, dtype=np.float64))
    current = np.atleast_1d(np.asarray(period, dtype=np.float64))
    n = np.broadcast_shapes(weight.shape, current.shape)[0]
    prev_weight = _float_or_nan(prev_weight_kg, n)
    prev = _float_or_nan(prev_period, n)
    session_before = (
        current - 1
        if previous_session_period is None
        else np.atleast_1d(np.asarray(previous_session_period, dtype=np.float64))
    )

    attended_before = np.isfinite(prev) & (prev >= 0)
    ever = attended_before
    if ever_weighed_before is not None:
        ever = ever | np.atleast_1d(np.asarray(ever_weighed_before, dtype=bool))
    weighed_last_session = attended_before & (prev == session_before) & np.isfinite(prev_weight)

    gain = weight_gain_grams(weight, prev_weight)
    min_gain = table.min_gain_grams(age_months)
    min_gain = np.where(np.isnan(min_gain), MIN_GAIN_WITHOUT_KBM_GRAMS, min_gain)
    status = np.select(
        [~np.isfinite(weight), ~ever, ~weighed_last_session, gain >= min_gain],
        [NO_STATUS, STATUS_B, STATUS_O, STATUS_N],
        default=STATUS_T,
    )
    return np.broadcast_to(status, (n,)).astype("<U1")


def _float_or_nan(values: ArrayLike | None, n: int) -> NDArray[np.float64]:
    if values is None:
        return np.full(n, np.nan)
    return np.broadcast_to(np.atleast_1d(np.asarray(values, dtype=np.float64)), (n,))


def is_two_t(status: ArrayLike, prev_status: ArrayLike) -> NDArray[np.bool_]:
    """2T: this weighing and the child's previous weighing both have status T.

    A T implies the child was weighed at the previous session, so the previous weighing is the
    previous session's; a missed session makes the next weighing O and ends the run.
    """
    now = np.atleast_1d(np.asarray(status))
    before = np.atleast_1d(np.asarray(prev_status))
    return (now == STATUS_T) & (before == STATUS_T)


def is_bgm(zwei: ArrayLike, fwei: ArrayLike | None = None) -> NDArray[np.bool_]:
    """BGM (Bawah Garis Merah): BB/U z strictly below the red line (-3 SD); -3.00 is not BGM.

    False where z is missing or flagged as implausible (`fwei` == 1): such a weighing is returned
    for re-measurement, not referred. BGM is a warning for confirmation, not a diagnosis.
    """
    z = np.atleast_1d(np.asarray(zwei, dtype=np.float64))
    return (z < KMS_RED_LINE_SD) & ~_flagged(fwei, z.size)


def is_above_orange_line(zwei: ArrayLike, fwei: ArrayLike | None = None) -> NDArray[np.bool_]:
    """Above the KMS orange line: BB/U z > +1 SD (risiko berat badan lebih); +1.00 is not above.

    False where z is missing or flagged (`fwei` == 1).
    """
    z = np.atleast_1d(np.asarray(zwei, dtype=np.float64))
    return (z > KMS_ORANGE_LINE_SD) & ~_flagged(fwei, z.size)


def _flagged(flag: ArrayLike | None, n: int) -> NDArray[np.bool_]:
    if flag is None:
        return np.zeros(n, dtype=bool)
    return np.broadcast_to(np.atleast_1d(np.asarray(flag, dtype=np.float64)) == 1, (n,))


def referral_matrix(
    status: ArrayLike,
    two_t: ArrayLike | None = None,
    zwei: ArrayLike | None = None,
    fwei: ArrayLike | None = None,
    status_tbu: ArrayLike | None = None,
    status_bbtb: ArrayLike | None = None,
) -> NDArray[np.bool_]:
    """Referral reasons as a boolean matrix: one row per weighing, columns as in `REFERRAL_CODES`.

    - tidak_naik: status T, and not already 2T (2T replaces it, it is the stronger reason);
    - tidak_naik_2t: `two_t`;
    - bgm, di_atas_garis_oranye: from `zwei`/`fwei` (`is_bgm`, `is_above_orange_line`);
    - stunting: `status_tbu` is pendek or sangat_pendek (codes of `classify_tbu`);
    - wasting: `status_bbtb` is gizi_kurang or gizi_buruk (codes of `classify_bbtb`).

    Inputs left out contribute no reason.
    """
    codes = np.atleast_1d(np.asarray(status))
    n = codes.size
    two = np.zeros(n, dtype=bool) if two_t is None else np.atleast_1d(np.asarray(two_t, bool))
    z = np.full(n, np.nan) if zwei is None else zwei
    tbu = np.full(n, NO_CATEGORY) if status_tbu is None else np.atleast_1d(status_tbu)
    bbtb = np.full(n, NO_CATEGORY) if status_bbtb is None else np.atleast_1d(status_bbtb)
    columns = {
        "tidak_naik": (codes == STATUS_T) & ~two,
        "tidak_naik_2t": two,
        "bgm": is_bgm(z, fwei),
        "di_atas_garis_oranye": is_above_orange_line(z, fwei),
        "stunting": np.isin(tbu, _STUNTING_CODES),
        "wasting": np.isin(bbtb, _WASTING_CODES),
    }
    return np.column_stack([np.broadcast_to(columns[code], (n,)) for code in REFERRAL_CODES])


@dataclass(frozen=True)
class SeriesStatus:
    """Per-weighing results of `series_status`, aligned with its input arrays."""

    period: NDArray[np.int64]
    status: NDArray[np.str_]
    gain_grams: NDArray[np.float64]
    kbm_grams: NDArray[np.float64]
    two_t: NDArray[np.bool_]
    bgm: NDArray[np.bool_]
    above_orange: NDArray[np.bool_]
    referral: NDArray[np.bool_]

    @property
    def referrals(self) -> list[tuple[str, ...]]:
        """Referral reason codes per weighing (see `REFERRAL_LABELS` for the Indonesian text)."""
        codes = np.asarray(REFERRAL_CODES)
        return [tuple(codes[row].tolist()) for row in self.referral]


def series_status(
    periods: ArrayLike,
    weights_kg: ArrayLike,
    age_months: ArrayLike | None = None,
    *,
    birth_date: date | str | None = None,
    dates: ArrayLike | None = None,
    zwei: ArrayLike | None = None,
    fwei: ArrayLike | None = None,
    status_tbu: ArrayLike | None = None,
    status_bbtb: ArrayLike | None = None,
    session_periods: ArrayLike | None = None,
    weighed_before: bool = False,
    kbm: KbmTable | None = None,
) -> SeriesStatus:
    """N/T/O/B, 2T, BGM and referral reasons for ONE child's weighings, in chronological order.

    - `periods`: month index of each weighing (`period_index`), strictly increasing.
    - `weights_kg`: weight in kg; NaN marks a visit without a usable weight (status `NO_STATUS`,
      and it does not count as a weighing for the next one).
    - `age_months` (completed months at each weighing) or `birth_date` with the weighing `dates`.
    - `zwei`, `fwei`: BB/U z-scores and flags, for BGM and the orange line.
    - `status_tbu`, `status_bbtb`: PMK codes (`classify_tbu`, `classify_bbtb`) for the stunting
      and wasting referral reasons.
    - `session_periods`: months in which the posyandu held a session; default: every month.
    - `weighed_before`: the child was weighed before the first entry (its first entry is then O,
      not B).

    Raises ValueError when the weighed periods are not strictly increasing or no age is given.
    """
    period = np.atleast_1d(np.asarray(periods, dtype=np.int64))
    weight = np.atleast_1d(np.asarray(weights_kg, dtype=np.float64))
    n = period.size
    if weight.size != n:
        raise ValueError(f"periods ({n}) and weights_kg ({weight.size}) differ in length")
    if age_months is not None:
        age = np.broadcast_to(np.asarray(age_months, dtype=np.float64), (n,))
    elif birth_date is not None and dates is not None:
        age = np.broadcast_to(age_in_completed_months(birth_date, np.atleast_1d(dates)), (n,))
    else:
        raise ValueError("pass age_months, or birth_date together with the weighing dates")

    weighed = np.isfinite(weight)
    at = np.flatnonzero(weighed)
    if np.any(np.diff(period[at]) <= 0):
        raise ValueError("weighings must be in chronological order, at most one per month")

    # Previous weighing of each weighing, among the weighings only (visits without weight skipped).
    prev_weight = np.full(n, np.nan)
    prev_period = np.full(n, np.nan)
    prev_weight[at[1:]] = weight[at[:-1]]
    prev_period[at[1:]] = period[at[:-1]]
    ever = np.zeros(n, dtype=bool)
    ever[at[1:]] = True
    if weighed_before:
        ever[:] = True

    if session_periods is None:
        session_before = period - 1
    else:
        sessions = np.unique(np.asarray(session_periods, dtype=np.int64))
        index = np.searchsorted(sessions, period, side="left") - 1
        session_before = np.where(index >= 0, sessions[np.clip(index, 0, None)], -1)

    table = kbm if kbm is not None else load_kbm_table()
    status = growth_status(
        weight,
        age,
        period,
        prev_weight,
        prev_period,
        ever_weighed_before=ever,
        previous_session_period=session_before,
        kbm=table,
    )
    prev_status = np.full(n, NO_STATUS, dtype="<U1")
    prev_status[at[1:]] = status[at[:-1]]
    two_t = is_two_t(status, prev_status)
    z = np.full(n, np.nan) if zwei is None else np.asarray(zwei, dtype=np.float64)
    return SeriesStatus(
        period=period,
        status=status,
        gain_grams=weight_gain_grams(weight, prev_weight),
        kbm_grams=table.min_gain_grams(age),
        two_t=two_t,
        bgm=is_bgm(z, fwei),
        above_orange=is_above_orange_line(z, fwei),
        referral=referral_matrix(status, two_t, z, fwei, status_tbu, status_bbtb),
    )
