"""Review indicators RANTING computes itself, and their value for a review year.

"Isi dari data RANTING" fills a row's realisation with the city-wide figure of the review year:
- the month used is December of that year when any posyandu report of the kota is approved for
  December; otherwise the latest month of the year with an approved report (say, during a review
  held before December's reports are in). The row's note names the month used;
- only verified data counts (measurements of approved posyandu reports), as on the analysis pages
  with "data terverifikasi";
- prevalence: analysis.prevalence (the indicator's numerator over children measured that month
  with a valid z-score); SKDN ratios: analysis.skdn over the kota's F1 totals, S and K from the
  child register, the same figures as the kota's F1/SKDN page for that month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ranting.analysis import prevalence, skdn
from ranting.analysis.skdn import F1Counts
from ranting.recaps.models import MonthlyReport

CENT = Decimal("0.01")
DECEMBER = 12


class NoRantingData(Exception):
    """RANTING has no verified figure for this indicator and year; the message says why."""


@dataclass(frozen=True)
class Source:
    code: str
    label: str | Promise
    lower_is_better: bool
    prevalence_code: str = ""  # an analysis.prevalence indicator
    ratio: str = ""  # an analysis.skdn ratio code


SOURCES = (
    Source(
        "stunting", gettext_lazy("Prevalensi stunting (PB/U atau TB/U < −2 SD)"), True, "stunting"
    ),
    Source(
        "severe_stunting",
        gettext_lazy("Prevalensi stunting berat (PB/U atau TB/U < −3 SD)"),
        True,
        "severe_stunting",
    ),
    Source(
        "wasting", gettext_lazy("Prevalensi wasting (BB/PB atau BB/TB < −2 SD)"), True, "wasting"
    ),
    Source(
        "underweight", gettext_lazy("Prevalensi underweight (BB/U < −2 SD)"), True, "underweight"
    ),
    Source(
        "overweight",
        gettext_lazy("Prevalensi gizi lebih (BB/PB atau BB/TB > +2 SD)"),
        True,
        "overweight",
    ),
    Source(
        "ds", gettext_lazy("D/S: balita ditimbang (partisipasi masyarakat)"), False, ratio="D/S"
    ),
    Source("ks", gettext_lazy("K/S: liputan program"), False, ratio="K/S"),
    Source("dk", gettext_lazy("D/K: kelangsungan penimbangan"), False, ratio="D/K"),
    Source("nd", gettext_lazy("N/D: balita naik berat badannya"), False, ratio="N/D"),
)
SOURCE_BY_CODE = {s.code: s for s in SOURCES}
RATIO_BY_CODE = {r.code: r for r in skdn.RATIOS}


@dataclass(frozen=True)
class Figure:
    value: Decimal  # percent, 2 decimals
    period: dt.date
    note: str


def source_period(kota_code: str, year: int, today: dt.date | None = None) -> dt.date | None:
    """December of `year`, or the latest earlier month of it with an approved posyandu report
    in the kota; None when no month of that year (up to today) has one."""
    today = today or timezone.localdate()
    last = dt.date(year, DECEMBER, 1)
    if last > today:
        last = today.replace(day=1)
    latest = MonthlyReport.objects.filter(
        kota_code=kota_code,
        status=MonthlyReport.Status.APPROVED,
        period__gte=dt.date(year, 1, 1),
        period__lte=last,
    ).aggregate(latest=Max("period"))["latest"]
    return latest


def _pct(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _month_label(period: dt.date) -> str:
    label = date_format(period, "F Y")
    if period.month != DECEMBER:
        label += " " + _("(bulan terakhir tahun itu dengan data terverifikasi)")
    return label


def figure(source: Source, kota_code: str, year: int, today: dt.date | None = None) -> Figure:
    """The source's verified city-wide value for the review year; NoRantingData when none."""
    period = source_period(kota_code, year, today)
    if period is None:
        raise NoRantingData(
            _("Belum ada laporan posyandu yang disetujui kelurahan pada tahun %(year)d.")
            % {"year": year}
        )
    month = _month_label(period)
    if source.prevalence_code:
        counts = prevalence.prevalence_counts([period], kota_code, approved_only=True)
        estimate = counts.get((period, ""), prevalence.PrevalenceCounts()).estimate(
            source.prevalence_code
        )
        if estimate.pct is None:
            raise NoRantingData(
                _("Tidak ada anak dengan z-score yang sah pada %(month)s.") % {"month": month}
            )
        value = _pct(estimate.pct)
        note = _(
            "RANTING, %(month)s, data terverifikasi: %(count)s dari %(n)s anak yang diukur."
        ) % {"month": month, "count": number_format(estimate.count), "n": number_format(estimate.n)}
        return Figure(value, period, note)
    total = F1Counts()
    for unit in skdn.skdn_counts(period, region_code=kota_code, approved_only=True).values():
        total.add(unit)
    totals = total.totals()
    ratio = RATIO_BY_CODE[source.ratio]
    pct = ratio.value(totals)
    numerator = totals[ratio.numerator.lower()]
    denominator = totals[skdn.DENOMINATOR_VALUE[ratio.denominator]]
    if pct is None:
        raise NoRantingData(
            _("%(den)s = 0 pada %(month)s: rasio %(ratio)s tidak bisa dihitung.")
            % {"den": ratio.denominator, "month": month, "ratio": ratio.code}
        )
    note = _(
        "RANTING, %(month)s, data terverifikasi: %(num_code)s %(num)s / %(den_code)s %(den)s."
    ) % {
        "month": month,
        "num_code": ratio.numerator,
        "num": number_format(numerator),
        "den_code": ratio.denominator,
        "den": number_format(denominator),
    }
    return Figure(_pct(pct), period, note)
