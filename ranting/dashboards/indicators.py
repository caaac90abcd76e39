"""Monitoring indicators as plain functions: one per indicator, each documenting its definition.

Row-level indicators return one of three values (YES, NO, NOT_ASSESSABLE) so a dashboard can
show how much data could not be assessed instead of hiding it. The database versions of the same
definitions live in `queries.INDICATOR_CONDITIONS`; a test checks that both agree row by row.

Definitions (DOMAIN.md §1.2 reporting shorthand, §3.4 prevalence, §7.1 WHO flags):
- a z-score listed in the measurement's `flags` (WHO biologically implausible value) is left out
  of both numerator and denominator, as WHO does and as Dinkes e-PPGBM counting reproduces;
- oedema blanks the weight-based z-scores, but a child with oedema counts as wasted and as
  underweight (WHO anthro_prevalence counts it below −3 SD for weight-based indices).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# PMK 2/2020 Lampiran: "pendek" is −3 SD ≤ z < −2 SD, "berat badan kurang" and "gizi kurang"
# likewise; below −2 SD therefore means the category and everything worse.
CUTOFF_SD = -2.0


class Result(StrEnum):
    YES = "ya"
    NO = "tidak"
    NOT_ASSESSABLE = "tidak_dapat_dinilai"


YES = Result.YES
NO = Result.NO
NOT_ASSESSABLE = Result.NOT_ASSESSABLE


def is_flagged(flags: str, index: str) -> bool:
    """True when `index` (e.g. "zlen") is listed in a comma-separated flags value ("zlen,zwfl")."""
    return index in {part.strip() for part in (flags or "").split(",")}


def _below_cutoff(z: float | None, flags: str, index: str) -> Result:
    if z is None or is_flagged(flags, index):
        return NOT_ASSESSABLE
    return YES if z < CUTOFF_SD else NO


def stunting(zlen: float | None, flags: str = "") -> Result:
    """Stunting (pendek + sangat pendek): PB/U or TB/U z-score below −2 SD.

    Numerator: children measured in the period with zlen < −2 and zlen not flagged.
    Denominator: children measured in the period with a zlen that is present and not flagged.
    """
    return _below_cutoff(zlen, flags, "zlen")


def wasting(zwfl: float | None, flags: str = "", oedema: bool = False) -> Result:
    """Wasting (gizi kurang + gizi buruk): BB/PB or BB/TB z-score below −2 SD, or oedema.

    Numerator: children measured in the period with oedema, or with zwfl < −2 and zwfl not
    flagged. Denominator: children with oedema, or with a zwfl that is present and not flagged.
    """
    if oedema:
        return YES
    return _below_cutoff(zwfl, flags, "zwfl")


def underweight(zwei: float | None, flags: str = "", oedema: bool = False) -> Result:
    """Underweight (berat badan kurang + sangat kurang): BB/U z-score below −2 SD, or oedema.

    Numerator: children measured in the period with oedema, or with zwei < −2 and zwei not
    flagged. Denominator: children with oedema, or with a zwei that is present and not flagged.
    Oedema blanks zwei, but WHO anthro_prevalence counts such a child as below −3 SD for every
    weight-based index (as ranting.growth.classify.is_underweight does).
    """
    if oedema:
        return YES
    return _below_cutoff(zwei, flags, "zwei")


def prevalence(numerator: int, denominator: int) -> float | None:
    """Percentage numerator/denominator × 100, or None when nobody could be assessed."""
    if not denominator:
        return None
    return 100.0 * numerator / denominator


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    short: str | Promise
    definition: str | Promise


# What the dashboard prints next to each figure.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "stunting",
        _("Stunting"),
        _("PB/U atau TB/U < −2 SD"),
        _(
            "Pembilang: anak yang diukur bulan ini dengan z-score PB/U atau TB/U di bawah −2 SD "
            "(pendek dan sangat pendek). Penyebut: anak yang diukur bulan ini dengan z-score "
            "PB/U atau TB/U yang sah. Nilai yang ditandai tidak wajar (flag WHO) tidak dihitung."
        ),
    ),
    Indicator(
        "wasting",
        _("Wasting"),
        _("BB/PB atau BB/TB < −2 SD, atau edema"),
        _(
            "Pembilang: anak yang diukur bulan ini dengan z-score BB/PB atau BB/TB di bawah −2 SD "
            "(gizi kurang dan gizi buruk) atau dengan edema. Penyebut: anak yang diukur bulan ini "
            "dengan z-score BB/PB atau BB/TB yang sah, ditambah anak dengan edema. Nilai yang "
            "ditandai tidak wajar (flag WHO) tidak dihitung."
        ),
    ),
    Indicator(
        "underweight",
        _("Underweight"),
        _("BB/U < −2 SD, atau edema"),
        _(
            "Pembilang: anak yang diukur bulan ini dengan z-score BB/U di bawah −2 SD (berat badan "
            "kurang dan sangat kurang) atau dengan edema. Penyebut: anak yang diukur bulan ini "
            "dengan z-score BB/U yang sah, ditambah anak dengan edema. Nilai yang ditandai tidak "
            "wajar (flag WHO) tidak dihitung."
        ),
    ),
)

ROW_FUNCTIONS = {"stunting": stunting, "wasting": wasting, "underweight": underweight}


# --- Report timeliness -------------------------------------------------------------------------


class Timeliness(StrEnum):
    ON_TIME = "tepat_waktu"
    LATE = "terlambat"
    MISSING = "belum_masuk"


TIMELINESS_LABELS = {
    Timeliness.ON_TIME: _("Tepat waktu"),
    Timeliness.LATE: _("Terlambat"),
    Timeliness.MISSING: _("Belum masuk"),
}

# Statuses of a report the kader has sent at least once (recaps.models.MonthlyReport.Status).
SENT_STATUSES = ("submitted", "returned", "approved")


def submit_deadline(period: dt.date, deadline_day: int) -> dt.datetime:
    """The first instant after the submission deadline of `period`, as an aware datetime.

    The deadline is day `deadline_day` (settings.SUBMIT_DEADLINE_DAY) of the report month, until
    the end of that day in the project time zone; in short months it is the last day.
    """
    last_day = calendar.monthrange(period.year, period.month)[1]
    day = min(max(deadline_day, 1), last_day)
    end = dt.date(period.year, period.month, day) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(end, dt.time.min))


def report_timeliness(
    status: str | None, submitted_at: dt.datetime | None, deadline: dt.datetime
) -> Timeliness:
    """Whether a posyandu's monthly report came in on time.

    Missing: no report, or still a draft. On time: sent (submitted, returned or approved) with
    `submitted_at` before `deadline` (see submit_deadline). Late: sent after the deadline, or
    sent without a recorded submission time (it cannot be shown to be on time).
    """
    if status not in SENT_STATUSES:
        return Timeliness.MISSING
    if submitted_at is not None and submitted_at < deadline:
        return Timeliness.ON_TIME
    return Timeliness.LATE
