"""Assembles one F1/SKDN report (a region or a posyandu) from the counts in skdn.py.

The page, the xlsx and the csv export are all built from the same SkdnReport, so they always
show the same numbers. A region report costs a fixed number of queries (units, reports, two
aggregates) whatever the number of posyandu or children.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.analysis import skdn
from ranting.analysis.skdn import F1Counts
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region

CHILD_LEVEL_LABEL: dict[str, object] = {
    Region.Level.PROVINSI: Region.Level.KOTA.label,
    Region.Level.KOTA: Region.Level.KECAMATAN.label,
    Region.Level.KECAMATAN: Region.Level.KELURAHAN.label,
    Region.Level.KELURAHAN: Posyandu._meta.verbose_name,
}
STATUS_LABELS = dict(MonthlyReport.Status.choices)


@dataclass
class Unit:
    """One row of the per-unit table: a child region or a posyandu."""

    code: str
    name: str
    url: str
    counts: F1Counts = field(default_factory=F1Counts)
    is_active: bool = True
    posyandu_total: int = 0
    posyandu_approved: int = 0
    report_status: str = ""  # posyandu units only

    @property
    def totals(self) -> dict[str, int]:
        return self.counts.totals()

    @property
    def ratios(self) -> list[dict]:
        return skdn.ratio_cells(self.totals)

    @property
    def identity_ok(self) -> bool:
        return skdn.identity_holds(self.totals)

    @property
    def report_label(self) -> str:
        label = STATUS_LABELS.get(self.report_status)  # type: ignore[call-overload]
        return str(label or _("belum ada"))


@dataclass
class SkdnReport:
    level_label: str
    name: str
    code: str
    period: dt.date
    approved_only: bool
    counts: F1Counts = field(default_factory=F1Counts)
    units: list[Unit] = field(default_factory=list)
    unit_level_label: str = ""
    kelurahan_name: str = ""  # posyandu reports only
    units_are_posyandu: bool = False  # a kelurahan report: one unit per posyandu

    @property
    def is_posyandu(self) -> bool:
        return not self.unit_level_label

    @property
    def totals(self) -> dict[str, int]:
        return self.counts.totals()

    @property
    def grid(self) -> list[skdn.GridRow]:
        return skdn.f1_grid(self.counts)

    @property
    def ratios(self) -> list[dict]:
        return skdn.ratio_cells(self.totals)

    @property
    def warnings(self) -> list[str]:
        return skdn.check_warnings(self.counts)

    @property
    def identity_ok(self) -> bool:
        return skdn.identity_holds(self.totals)

    @property
    def is_vitamin_a_month(self) -> bool:
        return skdn.is_vitamin_a_month(self.period)

    @property
    def source_label(self) -> str:
        if self.approved_only:
            return str(_("Sumber: data terverifikasi"))
        return str(_("Sumber: semua data (termasuk yang belum diverifikasi)"))

    @property
    def subject_label(self) -> str:
        return f"{self.level_label} {self.name} ({self.code})".strip()

    @property
    def units_total(self) -> Unit:
        total = Unit(self.code, str(_("Jumlah")), "", self.counts)
        total.posyandu_total = sum(u.posyandu_total for u in self.units)
        total.posyandu_approved = sum(u.posyandu_approved for u in self.units)
        return total


def build_posyandu_report(posyandu: Posyandu, period: dt.date, approved_only: bool) -> SkdnReport:
    """The F1 of one posyandu. Queries: the two skdn aggregates."""
    counts = skdn.skdn_counts(period, posyandu_id=posyandu.pk, approved_only=approved_only)
    return SkdnReport(
        level_label=str(Posyandu._meta.verbose_name).capitalize(),
        name=posyandu.name,
        code=posyandu.code,
        period=period,
        approved_only=approved_only,
        counts=counts.get(posyandu.pk, F1Counts()),
        kelurahan_name=posyandu.kelurahan.label,
    )


def build_region_report(region: Region, period: dt.date, approved_only: bool) -> SkdnReport:
    """Totals of a region plus one unit per child region (or per posyandu in a kelurahan).

    Queries: posyandu of the region (1), child regions (1, not for a kelurahan), report statuses
    (1), the two skdn aggregates (2).
    """
    report = SkdnReport(
        # "Kota Bekasi" already names its level.
        level_label="" if region.level == Region.Level.KOTA else region.get_level_display(),
        name=region.label,
        code=region.code,
        period=period,
        approved_only=approved_only,
        unit_level_label=str(CHILD_LEVEL_LABEL.get(region.level, Posyandu._meta.verbose_name)),
    )
    posyandus = list(
        Posyandu.objects.filter(scope.within("kelurahan__code", region.code)).order_by("code")
    )
    statuses = dict(
        MonthlyReport.objects.filter(
            scope.within("posyandu__kelurahan__code", region.code), period=period
        ).values_list("posyandu_id", "status")
    )
    counts = skdn.skdn_counts(period, region_code=region.code, approved_only=approved_only)

    unit_of: dict[int, Unit | None]
    if region.level == Region.Level.KELURAHAN:
        report.units_are_posyandu = True
        by_pk = {
            p.pk: Unit(
                p.code,
                str(p),
                reverse("analysis:skdn_posyandu", args=[p.pk]),
                is_active=p.is_active,
                report_status=statuses.get(p.pk, ""),
            )
            for p in posyandus
        }
        unit_of = dict(by_pk)
        report.units = list(by_pk.values())
    else:
        children = Region.objects.filter(parent=region).order_by("code")
        by_code = {
            r.code: Unit(r.code, r.label, reverse("analysis:skdn_region", args=[r.code]))
            for r in children
        }
        unit_of = {p.pk: _unit_for(by_code, p.kelurahan_id) for p in posyandus}
        report.units = list(by_code.values())

    for p in posyandus:
        unit = unit_of[p.pk]
        if unit is None:
            continue
        if p.is_active:
            unit.posyandu_total += 1
            if statuses.get(p.pk) == MonthlyReport.Status.APPROVED:
                unit.posyandu_approved += 1
        if p.pk in counts:
            unit.counts.add(counts[p.pk])
    for posyandu_counts in counts.values():
        report.counts.add(posyandu_counts)
    return report


def _unit_for(units: dict[str, Unit], kelurahan_code: str) -> Unit | None:
    """The child-region unit whose code is a whole-segment prefix of the kelurahan code."""
    for code, unit in units.items():
        if kelurahan_code == code or kelurahan_code.startswith(code + "."):
            return unit
    return None


def breadcrumbs(user: User, code: str) -> list[Region]:
    """Regions above `code` (and itself) that the user may open, top first. One query."""
    parts = code.split(".")
    prefixes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    regions = Region.objects.filter(code__in=prefixes).order_by("code")
    return [r for r in regions if scope.can_see_region(user, r)]
