"""The prevalence page of a region: what the page, the Excel and the CSV all show.

Per indicator (prevalence.INDICATORS): the month's estimate with its 95% CI, the previous month
and the same month last year (difference in percentage points), the target, and the city
average (the same indicator for the whole kota). Breakdown by sex and age group; one row per unit
one level down (kecamatan → kelurahan → posyandu) marked when its CI lies above the city average.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ranting.analysis import prevalence
from ranting.analysis.prevalence import Estimate, Indicator, PrevalenceCounts
from ranting.analysis.report import CHILD_LEVEL_LABEL
from ranting.analysis.skdn import AGE_GROUPS, KOTA_CODE_LENGTH, SEXES
from ranting.dashboards.queries import add_months
from ranting.regions.models import Posyandu, Region

MONTHS_IN_YEAR = 12
SEX_LABELS = {"L": _("Laki-laki"), "P": _("Perempuan")}


@dataclass(frozen=True)
class Cell:
    """One indicator's estimate in a row, with the city-average comparison."""

    indicator: Indicator
    estimate: Estimate
    above_city: bool = False


@dataclass(frozen=True)
class Summary:
    """One indicator for the whole region."""

    indicator: Indicator
    current: Estimate
    previous: Estimate
    last_year: Estimate
    city: Estimate | None  # None when there is no kota above the region
    target: float | None

    @property
    def delta_previous(self) -> float | None:
        return prevalence.delta_pp(self.current.pct, self.previous.pct)

    @property
    def delta_last_year(self) -> float | None:
        return prevalence.delta_pp(self.current.pct, self.last_year.pct)

    @property
    def city_pct(self) -> float | None:
        return None if self.city is None else self.city.pct

    @property
    def above_city(self) -> bool:
        return self.current.above(self.city_pct)

    @property
    def target_gap(self) -> float | None:
        """Prevalence − target in percentage points (positive: above the target)."""
        if self.target is None:
            return None
        return prevalence.delta_pp(self.current.pct, self.target)

    @property
    def meets_target(self) -> bool | None:
        """True at or below the target, False above, None without a target or a figure."""
        gap = self.target_gap
        return None if gap is None else gap <= 0


@dataclass
class Row:
    """A breakdown row (sex, age group) or a unit row (child region or posyandu)."""

    key: str
    label: str | Promise
    cells: list[Cell]
    measured: int = 0
    url: str = ""
    is_active: bool = True

    @property
    def is_hotspot(self) -> bool:
        return any(cell.above_city for cell in self.cells)


@dataclass
class PrevalenceReport:
    region: Region
    period: dt.date
    approved_only: bool
    previous_period: dt.date
    last_year_period: dt.date
    kota_label: str
    region_is_kota: bool
    unit_level_label: str
    measured: int
    previous_measured: int
    last_year_measured: int
    summaries: list[Summary] = field(default_factory=list)
    breakdown: list[Row] = field(default_factory=list)
    units: list[Row] = field(default_factory=list)
    units_are_posyandu: bool = False

    @property
    def level_label(self) -> str:
        # "Kota Bekasi" already names its level.
        return "" if self.region_is_kota else str(self.region.get_level_display())

    @property
    def subject_label(self) -> str:
        return f"{self.level_label} {self.region.label} ({self.region.code})".strip()

    @property
    def source_label(self) -> str:
        if self.approved_only:
            return str(_("Sumber: data terverifikasi"))
        return str(_("Sumber: semua data (termasuk yang belum diverifikasi)"))

    @property
    def has_target(self) -> bool:
        return any(s.target is not None for s in self.summaries)

    @property
    def hotspots(self) -> list[Row]:
        return [u for u in self.units if u.is_hotspot]


def _cells(counts: PrevalenceCounts, city: dict[str, float | None], groups=None, sex=None):
    out = []
    for ind in prevalence.INDICATORS:
        estimate = counts.estimate(ind.code, groups, sex)
        out.append(Cell(ind, estimate, estimate.above(city.get(ind.code))))
    return out


def _total(by_unit: dict[tuple[dt.date, str], PrevalenceCounts], period: dt.date):
    total = PrevalenceCounts()
    for (p, _unit), counts in by_unit.items():
        if p == period:
            total.add(counts)
    return total


def _units(region: Region) -> tuple[list[tuple[str, str, str, str, bool]], bool]:
    """(lookup key, code, name, url, is_active) per unit one level down, and True when the units
    are posyandu (looked up by id, shown by code)."""
    if region.level == Region.Level.KELURAHAN:
        posyandus = Posyandu.objects.filter(kelurahan=region).order_by("code")
        return [(str(p.pk), p.code, str(p), "", p.is_active) for p in posyandus], True
    children = Region.objects.filter(parent=region).order_by("code")
    return [
        (r.code, r.code, r.label, reverse("analysis:prevalence_region", args=[r.code]), True)
        for r in children
    ], False


def build_prevalence_report(region: Region, period: dt.date, approved_only: bool):
    """Everything the prevalence page shows. Queries: units (1), the region's counts for the
    three months (1), and for a region below a kota the kota's name (1) and counts (1)."""
    previous = add_months(period, -1)
    last_year = add_months(period, -MONTHS_IN_YEAR)
    by_unit = prevalence.prevalence_counts(
        [period, previous, last_year],
        region.code,
        by=prevalence.unit_key(region),
        approved_only=approved_only,
    )
    current = _total(by_unit, period)
    prev_counts = _total(by_unit, previous)
    last_counts = _total(by_unit, last_year)

    region_is_kota = region.level == Region.Level.KOTA
    kota_label = region.label if region_is_kota else ""
    city_counts: PrevalenceCounts | None = current if region_is_kota else None
    if not region_is_kota and len(region.code) > KOTA_CODE_LENGTH:
        kota_code = region.code[:KOTA_CODE_LENGTH]
        kota = Region.objects.filter(code=kota_code).first()
        kota_label = kota.label if kota else kota_code
        city_rows = prevalence.prevalence_counts([period], kota_code, approved_only=approved_only)
        city_counts = city_rows.get((period, ""), PrevalenceCounts())
    city_pct = {
        ind.code: (None if city_counts is None else city_counts.estimate(ind.code).pct)
        for ind in prevalence.INDICATORS
    }
    targets = prevalence.targets()

    unit_specs, units_are_posyandu = _units(region)
    report = PrevalenceReport(
        region=region,
        period=period,
        approved_only=approved_only,
        previous_period=previous,
        last_year_period=last_year,
        kota_label=kota_label,
        region_is_kota=region_is_kota,
        unit_level_label=str(CHILD_LEVEL_LABEL.get(region.level, Posyandu._meta.verbose_name)),
        measured=current.measured,
        previous_measured=prev_counts.measured,
        last_year_measured=last_counts.measured,
        units_are_posyandu=units_are_posyandu,
    )
    for ind in prevalence.INDICATORS:
        report.summaries.append(
            Summary(
                ind,
                current.estimate(ind.code),
                prev_counts.estimate(ind.code),
                last_counts.estimate(ind.code),
                None if city_counts is None else city_counts.estimate(ind.code),
                targets.get(ind.code),
            )
        )
    # Breakdowns are descriptive: no city marker (the city average is for all ages and sexes).
    no_reference: dict[str, float | None] = {}
    for sex in SEXES:
        report.breakdown.append(
            Row(
                sex,
                SEX_LABELS[sex],
                _cells(current, no_reference, sex=sex),
                current.value("measured", sex=sex),
            )
        )
    for group in AGE_GROUPS:
        report.breakdown.append(
            Row(
                group.code,
                group.label,
                _cells(current, no_reference, groups=[group.code]),
                current.value("measured", [group.code]),
            )
        )
    for key, code, name, url, is_active in unit_specs:
        counts = by_unit.get((period, key), PrevalenceCounts())
        report.units.append(
            Row(code, name, _cells(counts, city_pct), counts.measured, url, is_active)
        )
    return report
