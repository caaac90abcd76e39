"""Data-quality tables of a region or a posyandu for one month, per unit and per kader.

A region report has one row for the region itself, one per unit one level down (kecamatan of
a kota, kelurahan of a kecamatan, posyandu of a kelurahan), one per posyandu and one per kader
(Measurement.created_by). Rows are computed from one `loading.MonthData`, sliced with numpy,
so the page and both exports show the same numbers at a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.quality import metrics
from ranting.quality.catalog import (
    DIMENSIONS,
    GRADE_CSS,
    GRADE_LABELS,
    METRICS,
    SPECS,
    Dimension,
    MetricSpec,
    display_value,
)
from ranting.quality.loading import NO_KADER, MonthData, load_month
from ranting.quality.metrics import Grade, Result
from ranting.regions.models import Posyandu, Region

UNIT_LEVEL_LABEL: dict[str, object] = {
    Region.Level.PROVINSI: Region.Level.KOTA.label,
    Region.Level.KOTA: Region.Level.KECAMATAN.label,
    Region.Level.KECAMATAN: Region.Level.KELURAHAN.label,
    Region.Level.KELURAHAN: Posyandu._meta.verbose_name,
}
# Grades that count as a problem in the row summary, worst first.
PROBLEMS = (Grade.POOR, Grade.ATTENTION)


@dataclass(frozen=True)
class Cell:
    """One metric of one row, ready to show."""

    spec: MetricSpec
    result: Result

    @property
    def display(self) -> str:
        return display_value(self.spec, self.result)

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS[self.result.grade])

    @property
    def css(self) -> str:
        return GRADE_CSS[self.result.grade]

    @property
    def explanation(self) -> str:
        """The counts behind the value, in a sentence."""
        return explain(self.result)


def _pct(value: float) -> str:
    return number_format(value, 1) + "%"


def explain(result: Result) -> str:
    """What the value was computed from, e.g. "2 dari 35 hasil ukur" (Indonesian)."""
    d, n, count = result.detail, result.n, result.count
    code = result.code
    if code == "completeness":
        return _("%(count)d dari %(n)d anak sasaran diukur; %(missing)d belum.") % {
            "count": count, "n": n, "missing": len(d["missing"])}  # fmt: skip
    if code in ("report_timeliness", "entry_timeliness"):
        what = _("laporan") if code == "report_timeliness" else _("hasil ukur")
        return _("%(count)d dari %(n)d %(what)s tepat waktu; %(pending)d belum jatuh tempo.") % {
            "count": count, "n": n, "what": what, "pending": d["pending"]}  # fmt: skip
    if code == "who_flags":
        return _("%(count)d dari %(n)d hasil ukur ditandai.") % {"count": count, "n": n}
    if code == "implausible_change":
        return _(
            "%(count)d dari %(n)d anak yang juga diukur bulan lalu: berat turun > 1 kg "
            "%(loss)d, naik > 2 kg %(gain)d, panjang/tinggi menyusut > 1 cm %(shrink)d."
        ) % {"count": count, "n": n, **d}
    if code == "birthday_heaping":
        return _("%(count)d dari %(n)d anak lahir tanggal 1 atau 15.") % {"count": count, "n": n}
    if code.startswith("dps_") and n:
        return _("%(n)d nilai; berakhir ,0 atau ,5: %(share)s (harapan 20%%).") % {
            "n": n, "share": _pct(d["zero_five"])}  # fmt: skip
    return _("%(n)d nilai.") % {"n": n}


@dataclass
class Row:
    """A region, posyandu or kader with its metrics (a kader row has no register metrics)."""

    kind: str  # "region", "posyandu" or "kader"
    code: str
    name: str
    url: str = ""
    note: str = ""  # kader: the posyandu they entered for
    cells: dict[str, Cell] = field(default_factory=dict)
    missing: list[int] = field(default_factory=list)  # target children not measured

    def cell(self, code: str) -> Cell | None:
        return self.cells.get(code)

    @property
    def grouped(self) -> list[tuple[Dimension, list[tuple[MetricSpec, Cell | None]]]]:
        """(dimension, [(spec, cell or None)]) in catalog order, for summaries and the panel."""
        return [
            (dim, [(s, self.cells.get(s.code)) for s in METRICS if s.dimension == dim])
            for dim in DIMENSIONS
        ]

    def count(self, grade: Grade) -> int:
        return sum(1 for c in self.cells.values() if c.result.grade == grade)

    @property
    def poor(self) -> int:
        return self.count(Grade.POOR)

    @property
    def attention(self) -> int:
        return self.count(Grade.ATTENTION)


@dataclass
class QualityReport:
    period: dt.date
    approved_only: bool
    total: Row
    level_label: str = ""
    unit_level_label: str = ""
    units: list[Row] = field(default_factory=list)
    posyandus: list[Row] = field(default_factory=list)
    kaders: list[Row] = field(default_factory=list)
    units_are_posyandu: bool = False

    @property
    def measured(self) -> int:
        cell = self.total.cell("who_flags")
        return cell.result.n if cell else 0

    @property
    def source_label(self) -> str:
        if self.approved_only:
            return _("Sumber: data terverifikasi")
        return _("Sumber: semua data (termasuk yang belum diverifikasi)")


# --- computing rows --------------------------------------------------------------------------


def _groups(keys: np.ndarray) -> dict[int, np.ndarray]:
    """Row indices per key value (one sort; no per-group scan of the whole array)."""
    if keys.size == 0:
        return {}
    order = np.argsort(keys, kind="stable")
    uniques, starts = np.unique(keys[order], return_index=True)
    ends = [*starts[1:], keys.size]
    return {int(k): order[s:e] for k, s, e in zip(uniques, starts, ends, strict=True)}


def measurement_results(data: MonthData, idx: np.ndarray) -> dict[str, Result]:
    """The metrics computed from measurements only (also valid per kader)."""
    return {
        "entry_timeliness": metrics.timeliness(data.entry_state[idx], code="entry_timeliness"),
        "who_flags": metrics.flagged_share(data.flag_any[idx]),
        "implausible_change": metrics.implausible_change(
            data.weight[idx], data.prev_weight[idx], data.clenhei[idx], data.prev_clenhei[idx]
        ),
        "sd_haz": metrics.z_sd(data.zlen[idx], data.flag_zlen[idx], "sd_haz"),
        "sd_waz": metrics.z_sd(data.zwei[idx], data.flag_zwei[idx], "sd_waz"),
        "sd_whz": metrics.z_sd(data.zwfl[idx], data.flag_zwfl[idx], "sd_whz"),
        "dps_weight": metrics.digit_preference(data.weight[idx], "dps_weight"),
        "dps_length": metrics.digit_preference(data.lenhei[idx], "dps_length"),
        "birthday_heaping": metrics.age_heaping(data.birth_day[idx]),
    }


def register_results(data: MonthData, posyandu_ids: Iterable[int]) -> dict[str, Result]:
    """Completeness (register) and report timeliness of a set of posyandu."""
    posyandu_ids = list(posyandu_ids)
    target = [c for p in posyandu_ids for c in data.targets.get(p, ())]
    states = [data.report_state[p] for p in posyandu_ids if p in data.report_state]
    return {
        "completeness": metrics.completeness(target, data.measured),
        "report_timeliness": metrics.timeliness(states),
    }


def _row(kind, code, name, results: dict[str, Result], url="", note="") -> Row:
    cells = {c: Cell(SPECS[c], r) for c, r in results.items()}
    missing = results["completeness"].detail["missing"] if "completeness" in results else []
    return Row(kind, code, name, url, note, cells, missing)


def _region_row(data: MonthData, idx: np.ndarray, posyandu_ids, kind, code, name, url="") -> Row:
    results = register_results(data, posyandu_ids) | measurement_results(data, idx)
    return _row(kind, code, name, results, url)


def posyandu_rows(data: MonthData, period: dt.date) -> list[Row]:
    """One row per posyandu that is active or has data this month, linked to its recap page."""
    by_posyandu = _groups(data.posyandu)
    empty = np.array([], dtype=np.int64)
    rows = []
    for p in data.posyandus:
        idx = by_posyandu.get(p.pk, empty)
        if not p.is_active and idx.size == 0 and p.pk not in data.report_state:
            continue
        url = reverse("recaps:detail", args=[p.pk, period])
        rows.append(_region_row(data, idx, [p.pk], "posyandu", p.code, str(p), url))
    return rows


def kader_rows(data: MonthData) -> list[Row]:
    """One row per account that entered measurements this month, by name."""
    names = {p.pk: p.name for p in data.posyandus}
    rows = []
    for kader, idx in _groups(data.kader).items():
        posyandu_names = sorted({names[int(p)] for p in np.unique(data.posyandu[idx])})
        name = data.kader_names.get(kader, "") if kader != NO_KADER else ""
        rows.append(
            _row(
                "kader",
                str(kader),
                name or _("(pengguna dihapus)"),
                measurement_results(data, idx),
                note=", ".join(posyandu_names),
            )
        )
    return sorted(rows, key=lambda r: (r.name.lower(), r.code))


# --- reports ---------------------------------------------------------------------------------


def build_region_report(
    region: Region,
    period: dt.date,
    approved_only: bool,
    details: bool = True,
    now: dt.datetime | None = None,
) -> QualityReport:
    """The quality report of a kota, kecamatan or kelurahan.

    `details` adds a row per posyandu and per kader (always for a kelurahan, whose units are its
    posyandu); a city page without them computes only a dozen rows.
    """
    posyandus = Posyandu.objects.filter(scope.within("kelurahan__code", region.code))
    data = load_month(posyandus, period, approved_only, now)
    all_idx = np.arange(len(data))
    all_ids = [p.pk for p in data.posyandus]
    total = _region_row(data, all_idx, all_ids, "region", region.code, region.label)
    report = QualityReport(
        period=data.period,
        approved_only=approved_only,
        total=total,
        level_label=str(Region.Level(region.level).label),
        unit_level_label=str(UNIT_LEVEL_LABEL.get(region.level, "")),
    )
    if details or region.level == Region.Level.KELURAHAN:
        report.posyandus = posyandu_rows(data, data.period)
        report.kaders = kader_rows(data)
    if region.level == Region.Level.KELURAHAN:
        report.units = report.posyandus
        report.units_are_posyandu = True
    else:
        report.units = _child_region_rows(data, region)
    return report


def _child_region_rows(data: MonthData, region: Region) -> list[Row]:
    children = list(Region.objects.filter(parent=region).order_by("code"))
    unit_of = {}  # posyandu id → index of its child region
    for p in data.posyandus:
        for i, child in enumerate(children):
            if p.kelurahan_id == child.code or p.kelurahan_id.startswith(child.code + "."):
                unit_of[p.pk] = i
                break
    unit_keys = np.array([unit_of.get(int(p), -1) for p in data.posyandu], dtype=np.int64)
    groups = _groups(unit_keys)
    empty = np.array([], dtype=np.int64)
    rows = []
    for i, child in enumerate(children):
        ids = [p for p, unit in unit_of.items() if unit == i]
        url = reverse("quality:region", args=[child.code])
        rows.append(
            _region_row(data, groups.get(i, empty), ids, "region", child.code, child.label, url)
        )
    return rows


def build_posyandu_report(
    posyandu: Posyandu, period: dt.date, now: dt.datetime | None = None
) -> QualityReport:
    """One posyandu-month with every measurement (verified or not) and its kader rows: the panel
    the admin kelurahan sees next to the approve button."""
    data = load_month([posyandu], period, approved_only=False, now=now)
    total = _region_row(
        data, np.arange(len(data)), [posyandu.pk], "posyandu", posyandu.code, str(posyandu)
    )
    return QualityReport(
        period=data.period, approved_only=False, total=total, kaders=kader_rows(data)
    )


def recap_panel(user: User, posyandu: Posyandu, period: dt.date) -> QualityReport | None:
    """The quality panel of the recap page (admin kelurahan and above; None for kader)."""
    if user.role == User.Role.KADER:
        return None
    return build_posyandu_report(posyandu, period)
