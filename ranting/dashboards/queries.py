"""The aggregate queries behind the monitoring pages, reused by the API and the exports.

Every function runs one aggregate query (values().annotate(...)) whatever the number of rows, so
a page costs a constant number of queries. The conditions in INDICATOR_CONDITIONS are the
database form of the row functions in `indicators.py` (a test checks they agree).

The region pages and the 12-month trend read the pre-aggregated MonthlyFact rows (one per
posyandu and month, see ranting.facts), joined to the report's approval state at query time. The
`measurement_*` variants compute the same numbers straight from the measurements: they are the
reference the facts are tested against and the baseline of bench/bench_dashboard.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr

from ranting.dashboards import indicators
from ranting.facts.models import MonthlyFact
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region

TREND_MONTHS = 12

# Length of the Kemendagri code one level below each region level ("32.75" → "32.75.06" → …).
CHILD_CODE_LENGTH: dict[str, int] = {
    Region.Level.PROVINSI: 5,
    Region.Level.KOTA: 8,
    Region.Level.KECAMATAN: 13,
}
# Kota code length: the distribution key every row carries.
KOTA_CODE_LENGTH = 5


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def trend_periods(last: dt.date, months: int = TREND_MONTHS) -> list[dt.date]:
    """The `months` report months ending with `last`, oldest first."""
    return [add_months(month_start(last), -offset) for offset in range(months - 1, -1, -1)]


# --- Indicator conditions ----------------------------------------------------------------------


def flagged(index: str) -> Q:
    """Rows whose comma-separated `flags` lists `index` (exact item, not a substring)."""
    return (
        Q(flags=index)
        | Q(flags__startswith=f"{index},")
        | Q(flags__endswith=f",{index}")
        | Q(flags__contains=f",{index},")
    )


def _assessed(z_field: str, index: str) -> Q:
    return Q(**{f"{z_field}__isnull": False}) & ~flagged(index)


def _below(z_field: str, index: str) -> Q:
    return _assessed(z_field, index) & Q(**{f"{z_field}__lt": indicators.CUTOFF_SD})


# code → (numerator, denominator); mirrors indicators.stunting/wasting/underweight.
INDICATOR_CONDITIONS: dict[str, tuple[Q, Q]] = {
    "stunting": (_below("zlen", "zlen"), _assessed("zlen", "zlen")),
    "wasting": (
        Q(oedema=True) | _below("zwfl", "zwfl"),
        Q(oedema=True) | _assessed("zwfl", "zwfl"),
    ),
    "underweight": (
        Q(oedema=True) | _below("zwei", "zwei"),
        Q(oedema=True) | _assessed("zwei", "zwei"),
    ),
}


def count_if(condition: Q) -> Coalesce:
    return Coalesce(
        Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())),
        Value(0),
    )


def _indicator_annotations() -> dict[str, Coalesce]:
    sums = {"measured": count_if(Q(pk__isnull=False))}
    for code, (numerator, denominator) in INDICATOR_CONDITIONS.items():
        sums[f"{code}_n"] = count_if(numerator)
        sums[f"{code}_d"] = count_if(denominator)
    return sums


@dataclass
class IndicatorCounts:
    """Measured children and numerator/denominator per indicator for one group."""

    measured: int = 0
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> IndicatorCounts:
        return cls(
            measured=row["measured"],
            counts={code: (row[f"{code}_n"], row[f"{code}_d"]) for code in INDICATOR_CONDITIONS},
        )

    def add(self, other: IndicatorCounts) -> None:
        self.measured += other.measured
        for code in INDICATOR_CONDITIONS:
            n, d = self.counts.get(code, (0, 0))
            on, od = other.counts.get(code, (0, 0))
            self.counts[code] = (n + on, d + od)

    def cells(self) -> list[dict]:
        """Per indicator (in INDICATORS order): code, label, numerator, denominator, percentage."""
        out = []
        for ind in indicators.INDICATORS:
            n, d = self.counts.get(ind.code, (0, 0))
            out.append(
                {
                    "code": ind.code,
                    "label": ind.label,
                    "n": n,
                    "d": d,
                    "pct": indicators.prevalence(n, d),
                }
            )
        return out


# --- Measurement aggregates --------------------------------------------------------------------


def approved_report_exists() -> Exists:
    return Exists(
        MonthlyReport.objects.filter(
            posyandu_id=OuterRef("posyandu_id"),
            period=OuterRef("period"),
            status=MonthlyReport.Status.APPROVED,
        )
    )


def measurements_in(
    region_code: str | None = None,
    posyandu_id: int | None = None,
    approved_only: bool = True,
) -> QuerySet[Measurement]:
    """Measurements under a region (code prefix; "" = everything) or of one posyandu.

    approved_only keeps only measurements whose posyandu report for that month is approved
    (verified by the admin kelurahan); otherwise unverified data is included too.
    """
    qs = Measurement.objects.all()
    if posyandu_id is not None:
        qs = qs.filter(posyandu_id=posyandu_id)
    if region_code:
        if len(region_code) >= KOTA_CODE_LENGTH:
            qs = qs.filter(kota_code=region_code[:KOTA_CODE_LENGTH])
        qs = qs.filter(posyandu__kelurahan__code__startswith=region_code)
    if approved_only:
        qs = qs.filter(approved_report_exists())
    return qs


def _measurement_group_key(child_code_length: int | None):
    if child_code_length is None:
        return F("posyandu_id")
    return Substr("posyandu__kelurahan__code", 1, child_code_length)


def measurement_indicators_by_group(
    region: Region, period: dt.date, approved_only: bool = True
) -> dict[str | int, IndicatorCounts]:
    """indicators_by_group computed from the measurements themselves (no facts)."""
    key = _measurement_group_key(CHILD_CODE_LENGTH.get(region.level))
    rows = (
        measurements_in(region.code, approved_only=approved_only)
        .filter(period=period)
        .annotate(group=key)
        .values("group")
        .annotate(**_indicator_annotations())
        .order_by("group")
    )
    return {row["group"]: IndicatorCounts.from_row(row) for row in rows}


def measurement_indicator_trend(
    periods: list[dt.date],
    region_code: str | None = None,
    posyandu_id: int | None = None,
    approved_only: bool = True,
) -> list[tuple[dt.date, IndicatorCounts]]:
    """indicator_trend computed from the measurements themselves (no facts)."""
    rows = (
        measurements_in(region_code, posyandu_id, approved_only)
        .filter(period__gte=periods[0], period__lte=periods[-1])
        .values("period")
        .annotate(**_indicator_annotations())
        .order_by("period")
    )
    by_period = {row["period"]: IndicatorCounts.from_row(row) for row in rows}
    return [(p, by_period.get(p) or IndicatorCounts.from_row(_empty_row())) for p in periods]


# --- Fact aggregates ---------------------------------------------------------------------------

# Code length of a region → the MonthlyFact column holding codes of that level (an equality
# filter on an indexed column instead of a prefix match through two joins).
FACT_REGION_COLUMN: dict[int, str] = {
    KOTA_CODE_LENGTH: "kota_code",
    CHILD_CODE_LENGTH[Region.Level.KOTA]: "kecamatan_code",
    CHILD_CODE_LENGTH[Region.Level.KECAMATAN]: "kelurahan_code",
}
# Region level → the fact column naming the unit one level below it.
FACT_GROUP_COLUMN: dict[str, str] = {
    Region.Level.PROVINSI: "kota_code",
    Region.Level.KOTA: "kecamatan_code",
    Region.Level.KECAMATAN: "kelurahan_code",
    Region.Level.KELURAHAN: "posyandu_id",
}


def facts_in(
    region_code: str | None = None,
    posyandu_id: int | None = None,
    approved_only: bool = True,
) -> QuerySet[MonthlyFact]:
    """Facts under a region (code; "" or None = everything) or of one posyandu.

    approved_only keeps the posyandu-months whose report is approved, exactly as measurements_in.
    """
    qs = MonthlyFact.objects.all()
    if posyandu_id is not None:
        qs = qs.filter(posyandu_id=posyandu_id)
    if region_code:
        column = FACT_REGION_COLUMN.get(len(region_code))
        if column is None:
            qs = qs.filter(kelurahan_code__startswith=region_code)
        else:
            qs = qs.filter(**{column: region_code})
        if len(region_code) >= KOTA_CODE_LENGTH:
            qs = qs.filter(kota_code=region_code[:KOTA_CODE_LENGTH])
    if approved_only:
        qs = qs.filter(approved_report_exists())
    return qs


def _fact_sums() -> dict[str, Coalesce]:
    # Aliases differ from the field names: Django refuses an annotation named like a field.
    sums = {"sum_measured": Coalesce(Sum("d"), Value(0))}
    for code in INDICATOR_CONDITIONS:
        for part in ("n", "d"):
            sums[f"sum_{code}_{part}"] = Coalesce(Sum(f"{code}_{part}"), Value(0))
    return sums


def _counts_from_sums(row: Mapping[str, Any]) -> IndicatorCounts:
    return IndicatorCounts(
        measured=row["sum_measured"],
        counts={
            code: (row[f"sum_{code}_n"], row[f"sum_{code}_d"]) for code in INDICATOR_CONDITIONS
        },
    )


def indicators_by_group(
    region: Region, period: dt.date, approved_only: bool = True
) -> dict[str | int, IndicatorCounts]:
    """Indicator counts for `period` per unit one level below `region`, from the facts.

    Keys are child region codes (kota/kecamatan pages) or posyandu ids (kelurahan page).
    """
    rows = (
        facts_in(region.code, approved_only=approved_only)
        .filter(period=period, d__gt=0)  # a unit nobody was measured in has no entry (as before)
        .annotate(group=F(FACT_GROUP_COLUMN[region.level]))
        .values("group")
        .annotate(**_fact_sums())
        .order_by("group")
    )
    return {row["group"]: _counts_from_sums(row) for row in rows}


def indicator_trend(
    periods: list[dt.date],
    region_code: str | None = None,
    posyandu_id: int | None = None,
    approved_only: bool = True,
) -> list[tuple[dt.date, IndicatorCounts]]:
    """Indicator counts per report month from the facts, one entry per period (zeros if none)."""
    rows = (
        facts_in(region_code, posyandu_id, approved_only)
        .filter(period__gte=periods[0], period__lte=periods[-1])
        .values("period")
        .annotate(**_fact_sums())
        .order_by("period")
    )
    by_period = {row["period"]: _counts_from_sums(row) for row in rows}
    return [(p, by_period.get(p) or IndicatorCounts.from_row(_empty_row())) for p in periods]


def _empty_row() -> dict:
    row = {"measured": 0}
    for code in INDICATOR_CONDITIONS:
        row[f"{code}_n"] = 0
        row[f"{code}_d"] = 0
    return row


# --- Report timeliness aggregates --------------------------------------------------------------


@dataclass
class ReportCounts:
    posyandu: int = 0
    on_time: int = 0
    late: int = 0
    status: str | None = None  # only meaningful when the group is a single posyandu

    @property
    def missing(self) -> int:
        return self.posyandu - self.on_time - self.late

    def add(self, other: ReportCounts) -> None:
        self.posyandu += other.posyandu
        self.on_time += other.on_time
        self.late += other.late


def reports_by_group(
    region: Region, period: dt.date, deadline: dt.datetime
) -> dict[str | int, ReportCounts]:
    """On time / late / missing reports for `period` per unit one level below `region`.

    Counts active posyandu; see indicators.report_timeliness for the three categories. Keys are
    child region codes or posyandu ids, as in indicators_by_group.
    """
    length = CHILD_CODE_LENGTH.get(region.level)
    key = F("id") if length is None else Substr("kelurahan__code", 1, length)
    sent = Q(rep__status__in=indicators.SENT_STATUSES)
    on_time = sent & Q(rep__submitted_at__lt=deadline)
    # Spelled out rather than ~on_time: a NULL submitted_at must count as late, not vanish.
    late = sent & (Q(rep__submitted_at__gte=deadline) | Q(rep__submitted_at__isnull=True))
    rows = (
        Posyandu.objects.filter(is_active=True, kelurahan__code__startswith=region.code)
        .annotate(rep=FilteredRelation("reports", condition=Q(reports__period=period)))
        .annotate(group=key)
        .values("group")
        .annotate(
            posyandu=count_if(Q(pk__isnull=False)),
            on_time=count_if(on_time),
            late=count_if(late),
            status=Max("rep__status"),
        )
        .order_by("group")
    )
    return {
        row["group"]: ReportCounts(row["posyandu"], row["on_time"], row["late"], row["status"])
        for row in rows
    }


def posyandu_report_history(
    posyandu_id: int, periods: list[dt.date]
) -> dict[dt.date, Mapping[str, Any]]:
    """The posyandu's reports in `periods`, by period: status and submitted_at."""
    rows = MonthlyReport.objects.filter(
        posyandu_id=posyandu_id, period__gte=periods[0], period__lte=periods[-1]
    ).values("period", "status", "submitted_at")
    return {row["period"]: row for row in rows}
