"""Hotspots and the lokus prioritisation matrix per kelurahan for one month (issue 4, Aksi 1).

Every kelurahan of the kota is computed, ranked city-wide and compared with the city average,
as Aksi 1 asks ("rata-rata seluruh desa di kabupaten/kota"); a kecamatan page shows its own
kelurahan with their city rank. Per kelurahan:
- stunting prevalence with its 95% Wilson interval (prevalence.py) and its WHO/UNICEF 2019 class;
- the prevalence test: the interval lies wholly above the city prevalence
  (prevalence.is_significantly_above);
- the case-count test: the number of stunted children against the city's average number per
  kelurahan (total cases ÷ kelurahan with at least one assessed child), one-sided exact Poisson
  test at 2.5% (lokus_rules.count_is_significantly_above). The prevalence test finds where
  stunting is common; this one finds where cases are concentrated, which Aksi 1 asks for
  separately ("jumlah kasus ... melampaui rata-rata secara signifikan");
- the coverage indicators of lokus_rules.COVERAGE_INDICATORS with their traffic-light classes.

Data: with approved_only (the default) measurements count only from posyandu whose report for
the month is approved, and the SKDN indicators (S, K, D, N, vitamin A, ASI) are computed over
those posyandu only, so an unapproved report lowers "kelengkapan laporan", not participation.
Queries: regions (1), posyandu (1), reports (1), SKDN (2), prevalence (1), length share (1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q
from django.utils.translation import gettext_lazy as _

from ranting.accounts.scope import within
from ranting.analysis import lokus_rules as rules
from ranting.analysis import prevalence, skdn
from ranting.analysis.lokus_rules import Band, CoverageIndicator, KelurahanData
from ranting.analysis.prevalence import Estimate, PrevalenceCounts
from ranting.analysis.skdn import KOTA_CODE_LENGTH, MAX_AGE_MONTHS, VITAMIN_A_MONTHS
from ranting.dashboards.queries import measurements_in
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region

Status = MonthlyReport.Status
# A report is "in" once the kader sent it; with approved_only only an approved one counts.
REPORTED = {
    True: {Status.APPROVED},
    False: {Status.SUBMITTED, Status.RETURNED, Status.APPROVED},
}
VIT_A_GROUPS = ("6-11", "12-23", "24-59")
INFANT_GROUPS = ("0-5",)
CRITERIA = {
    "prevalence": _("prevalensi bermakna di atas rata-rata kota"),
    "cases": _("jumlah kasus bermakna di atas rata-rata per kelurahan"),
    "coverage": _("lebih dari 50% indikator utama cakupannya kurang"),
}
SORTS = ("peringkat", "prevalensi", "kasus", "nama")


@dataclass(frozen=True)
class Cell:
    """One coverage indicator of one kelurahan."""

    indicator: CoverageIndicator
    num: int
    den: int
    target: float
    applicable: bool = True  # False: vitamin A outside February and August

    @property
    def pct(self) -> float | None:
        return skdn.percent(self.num, self.den) if self.applicable else None

    @property
    def band(self) -> Band | None:
        return rules.coverage_band(self.pct, self.target)

    @property
    def is_low(self) -> bool:
        band = self.band
        return band is not None and band.code in rules.LOW_COVERAGE_CODES


@dataclass
class LokusRow:
    code: str
    name: str
    kecamatan_name: str
    data: KelurahanData
    stunting: Estimate
    cells: list[Cell]
    expected_cases: float | None = None  # the city's average number of cases per kelurahan
    above_prevalence: bool = False
    above_count: bool = False
    rank: int = 0

    @property
    def cases(self) -> int:
        return self.stunting.count

    @property
    def prevalence_band(self) -> Band | None:
        return rules.prevalence_band(self.stunting.pct)

    @property
    def count_p(self) -> float | None:
        if self.expected_cases is None:
            return None
        return rules.poisson_upper_tail(self.cases, self.expected_cases)

    @property
    def key_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.indicator.is_key]

    @property
    def key_assessed(self) -> int:
        return sum(1 for c in self.key_cells if c.pct is not None)

    @property
    def key_low(self) -> int:
        return sum(1 for c in self.key_cells if c.is_low)

    @property
    def low_coverage_majority(self) -> bool:
        assessed = self.key_assessed
        return assessed > 0 and self.key_low / assessed > rules.LOW_COVERAGE_SHARE

    @property
    def criteria(self) -> list[str]:
        met = {
            "prevalence": self.above_prevalence,
            "cases": self.above_count,
            "coverage": self.low_coverage_majority,
        }
        return [code for code, ok in met.items() if ok]

    @property
    def criteria_labels(self) -> list[str]:
        return [str(CRITERIA[code]) for code in self.criteria]

    @property
    def is_hotspot(self) -> bool:
        """Aksi 1 "wilayah hotspot": prevalence or case count significantly above average."""
        return self.above_prevalence or self.above_count

    @property
    def is_candidate(self) -> bool:
        return bool(self.criteria)

    @property
    def data_warning(self) -> bool:
        """No assessed child, or a data indicator (length share, completeness) is low."""
        data_low = any(c.is_low for c in self.cells if not c.indicator.is_key)
        return self.stunting.n == 0 or data_low

    def priority_key(self) -> tuple:
        """Aksi 1 order: candidates first; then more low key indicators, higher prevalence, more
        cases; kelurahan without a prevalence after those with one; code to break ties."""
        pct = self.stunting.pct
        return (
            not self.is_candidate,
            -self.key_low,
            pct is None,
            -(pct or 0.0),
            -self.cases,
            self.code,
        )


@dataclass
class LokusMatrix:
    region: Region
    period: dt.date
    approved_only: bool
    kota_label: str
    city: Estimate
    mean_cases: float | None
    kelurahan_total: int
    kelurahan_with_data: int
    targets: dict[str, float]
    rows: list[LokusRow] = field(default_factory=list)  # the region's kelurahan, by rank

    @property
    def city_band(self) -> Band | None:
        return rules.prevalence_band(self.city.pct)

    @property
    def is_vitamin_a_month(self) -> bool:
        return self.period.month in VITAMIN_A_MONTHS

    @property
    def hotspots(self) -> list[LokusRow]:
        return [r for r in self.rows if r.is_hotspot]

    @property
    def candidates(self) -> list[LokusRow]:
        return [r for r in self.rows if r.is_candidate]

    @property
    def indicators(self) -> tuple[CoverageIndicator, ...]:
        return rules.COVERAGE_INDICATORS

    @property
    def legend(self) -> list[tuple[CoverageIndicator, float, list[tuple[Band, float]]]]:
        """Per indicator: its target and the lowest percentage of each coverage class."""
        return [
            (ind, self.targets[ind.code], rules.coverage_lower_bounds(self.targets[ind.code]))
            for ind in rules.COVERAGE_INDICATORS
        ]

    @property
    def region_is_kota(self) -> bool:
        return self.region.level == Region.Level.KOTA

    @property
    def subject_label(self) -> str:
        level = "" if self.region_is_kota else str(self.region.get_level_display())
        return f"{level} {self.region.label} ({self.region.code})".strip()

    @property
    def source_label(self) -> str:
        if self.approved_only:
            return str(_("Sumber: data terverifikasi"))
        return str(_("Sumber: semua data (termasuk yang belum diverifikasi)"))


# --- queries ------------------------------------------------------------------------------------


def default_period(kota_code: str, approved_only: bool, weighing_months: bool = False):
    """The latest month with (approved) measurements in the kota, or None. With
    weighing_months, the latest February or August (the bulan penimbangan)."""
    rows = measurements_in(kota_code, approved_only=approved_only)
    if weighing_months:
        rows = rows.filter(period__month__in=VITAMIN_A_MONTHS)
    return rows.aggregate(latest=Max("period"))["latest"]


def _length_counts(kota_code: str, period: dt.date, approved_only: bool) -> dict[int, int]:
    """Measurements with a length/height per posyandu (same rows as D: balita of the month)."""
    rows = (
        measurements_in(kota_code, approved_only=approved_only)
        .filter(Q(age_months__lt=MAX_AGE_MONTHS) | Q(age_months__isnull=True), period=period)
        .values("posyandu_id")
        .annotate(with_length=Count("id", filter=Q(lenhei_cm__isnull=False)))
        .order_by()
    )
    return {row["posyandu_id"]: row["with_length"] for row in rows}


def _kelurahan_data(kota_code: str, period: dt.date, approved_only: bool):
    """KelurahanData per kelurahan code, from the posyandu of the kota."""
    posyandus = Posyandu.objects.filter(within("kelurahan__code", kota_code)).values_list(
        "pk", "kelurahan_id", "is_active"
    )
    statuses = dict(
        MonthlyReport.objects.filter(
            within("posyandu__kelurahan__code", kota_code), period=period
        ).values_list("posyandu_id", "status")
    )
    f1 = skdn.skdn_counts(period, region_code=kota_code, approved_only=approved_only)
    lengths = _length_counts(kota_code, period, approved_only)
    reported = REPORTED[approved_only]
    out: dict[str, KelurahanData] = {}
    for pk, kelurahan, is_active in posyandus:
        data = out.setdefault(kelurahan, KelurahanData())
        status_in = statuses.get(pk) in reported
        if is_active:
            data.posyandu_active += 1
            data.posyandu_reported += int(status_in)
        if approved_only and not status_in:
            continue  # not verified: reflected in the completeness, not in coverage
        counts = f1.get(pk, skdn.F1Counts())
        data.s += counts.value("s")
        data.k += counts.value("k")
        data.d += counts.value("d")
        data.n += counts.value("n")
        data.s_vit_a += counts.value("s", VIT_A_GROUPS)
        data.vit_a += counts.value("vit_a", VIT_A_GROUPS)
        data.d_infant += counts.value("d", INFANT_GROUPS)
        data.asi += counts.value("asi", INFANT_GROUPS)
        data.with_length += lengths.get(pk, 0)
    return out


def _cells(data: KelurahanData, targets: dict[str, float], period: dt.date) -> list[Cell]:
    out = []
    for ind in rules.COVERAGE_INDICATORS:
        num, den = ind.fraction(data)
        applicable = not ind.vitamin_a_months_only or period.month in VITAMIN_A_MONTHS
        out.append(Cell(ind, num, den, targets[ind.code], applicable))
    return out


def build_lokus_matrix(region: Region, period: dt.date, approved_only: bool) -> LokusMatrix:
    """The matrix of the kelurahan under `region`, ranked among all kelurahan of its kota."""
    kota_code = region.code[:KOTA_CODE_LENGTH]
    regions = list(Region.objects.filter(within("code", kota_code)).order_by("code"))
    names = {r.code: r.label for r in regions}
    kelurahan = [r for r in regions if r.level == Region.Level.KELURAHAN]
    stunting = prevalence.prevalence_counts(
        [period], kota_code, by=F("posyandu__kelurahan_id"), approved_only=approved_only
    )
    data = _kelurahan_data(kota_code, period, approved_only)
    targets = rules.targets()

    rows = []
    for kel in kelurahan:
        counts = stunting.get((period, kel.code), PrevalenceCounts())
        kel_data = data.get(kel.code, KelurahanData())
        rows.append(
            LokusRow(
                code=kel.code,
                name=kel.label,
                kecamatan_name=names.get(kel.parent_id or "", ""),
                data=kel_data,
                stunting=counts.estimate("stunting"),
                cells=_cells(kel_data, targets, period),
            )
        )
    city = Estimate(sum(r.stunting.count for r in rows), sum(r.stunting.n for r in rows))
    with_data = sum(1 for r in rows if r.stunting.n > 0)
    mean_cases = city.count / with_data if with_data else None
    for row in rows:
        row.above_prevalence = row.stunting.above(city.pct)
        if row.stunting.n > 0:
            row.expected_cases = mean_cases
            row.above_count = rules.count_is_significantly_above(row.cases, mean_cases)
    for rank, row in enumerate(sorted(rows, key=LokusRow.priority_key), start=1):
        row.rank = rank

    visible = [r for r in rows if r.code == region.code or r.code.startswith(region.code + ".")]
    return LokusMatrix(
        region=region,
        period=period,
        approved_only=approved_only,
        kota_label=names.get(kota_code, kota_code),
        city=city,
        mean_cases=mean_cases,
        kelurahan_total=len(rows),
        kelurahan_with_data=with_data,
        targets=targets,
        rows=sorted(visible, key=lambda r: r.rank),
    )


def sort_rows(rows: list[LokusRow], key: str) -> list[LokusRow]:
    """Rows in the order the page asks for (SORTS); unknown keys keep the rank order."""
    if key == "prevalensi":
        return sorted(rows, key=lambda r: (r.stunting.pct is None, -(r.stunting.pct or 0), r.rank))
    if key == "kasus":
        return sorted(rows, key=lambda r: (-r.cases, r.rank))
    if key == "nama":
        return sorted(rows, key=lambda r: (r.name.casefold(), r.code))
    return sorted(rows, key=lambda r: r.rank)
