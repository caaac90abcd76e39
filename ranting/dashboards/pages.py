"""Assembles what the monitoring pages show from the aggregate queries (no queries of its own
beyond the ones named here; each page costs a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.dashboards import indicators, queries
from ranting.dashboards.queries import IndicatorCounts, ReportCounts
from ranting.dashboards.trend import build_trend_chart
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region

CHILD_LEVEL_LABEL = {
    Region.Level.PROVINSI: Region.Level.KOTA.label,
    Region.Level.KOTA: Region.Level.KECAMATAN.label,
    Region.Level.KECAMATAN: Region.Level.KELURAHAN.label,
    Region.Level.KELURAHAN: Posyandu._meta.verbose_name,
}
STATUS_LABELS = dict(MonthlyReport.Status.choices)
TIMELINESS_BADGE = {
    indicators.Timeliness.ON_TIME: "ok",
    indicators.Timeliness.LATE: "warning",
    indicators.Timeliness.MISSING: "danger",
}


def code_prefixes(code: str) -> list[str]:
    """Code and its ancestors: 32.75.06.1001 → 32, 32.75, 32.75.06, 32.75.06.1001."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def breadcrumbs(user: User, code: str) -> list[Region]:
    """The regions above `code` (and itself) that the user may open, top first. One query."""
    regions = Region.objects.filter(code__in=code_prefixes(code)).order_by("code")
    return [r for r in regions if scope.can_see_region(user, r)]


@dataclass
class Row:
    key: str | int
    name: str
    url: str
    reports: ReportCounts
    counts: IndicatorCounts
    is_active: bool = True
    timeliness: indicators.Timeliness | None = None

    @property
    def timeliness_label(self) -> str:
        return str(indicators.TIMELINESS_LABELS[self.timeliness]) if self.timeliness else ""

    @property
    def timeliness_badge(self) -> str:
        return TIMELINESS_BADGE.get(self.timeliness, "") if self.timeliness else ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.reports.status or "", ""))


@dataclass
class RegionPage:
    region: Region
    period: dt.date
    deadline: dt.datetime
    approved_only: bool
    child_level_label: str
    rows: list[Row] = field(default_factory=list)
    total_reports: ReportCounts = field(default_factory=ReportCounts)
    total_counts: IndicatorCounts = field(default_factory=IndicatorCounts)
    trend: list = field(default_factory=list)
    trend_chart: object = None

    @property
    def deadline_date(self) -> dt.date:
        return last_submit_day(self.deadline)

    @property
    def is_kelurahan(self) -> bool:
        return self.region.level == Region.Level.KELURAHAN


def deadline_for(period: dt.date) -> dt.datetime:
    return indicators.submit_deadline(period, settings.SUBMIT_DEADLINE_DAY)


def last_submit_day(deadline: dt.datetime) -> dt.date:
    """The last calendar day on which a report still counts as on time."""
    return timezone.localtime(deadline).date() - dt.timedelta(days=1)


def build_region_page(region: Region, period: dt.date, approved_only: bool) -> RegionPage:
    """Rows one level below `region` with report timeliness and indicators, plus the trend.

    Queries: child units (1), reports (1), indicators (1), trend (1).
    """
    deadline = deadline_for(period)
    page = RegionPage(
        region, period, deadline, approved_only, str(CHILD_LEVEL_LABEL[Region.Level(region.level)])
    )
    reports = queries.reports_by_group(region, period, deadline)
    counts = queries.indicators_by_group(region, period, approved_only)
    if page.is_kelurahan:
        units: list[tuple[int | str, str, str, bool]] = [
            (p.pk, str(p), reverse("dashboards:posyandu", args=[p.pk]), p.is_active)
            for p in Posyandu.objects.filter(kelurahan=region).order_by("code")
        ]
    else:
        units = [
            (r.code, r.label, reverse("dashboards:region", args=[r.code]), True)
            for r in Region.objects.filter(parent=region).order_by("code")
        ]
    for key, name, url, is_active in units:
        row = Row(
            key,
            name,
            url,
            reports.get(key, ReportCounts()),
            counts.get(key, IndicatorCounts()),
            is_active,
        )
        if page.is_kelurahan and is_active:
            row.timeliness = _posyandu_timeliness(row.reports)
        page.rows.append(row)
        page.total_reports.add(row.reports)
        page.total_counts.add(row.counts)
    page.trend = queries.indicator_trend(
        queries.trend_periods(period), region_code=region.code, approved_only=approved_only
    )
    page.trend_chart = build_trend_chart(page.trend)
    return page


def _posyandu_timeliness(reports: ReportCounts) -> indicators.Timeliness:
    if reports.on_time:
        return indicators.Timeliness.ON_TIME
    if reports.late:
        return indicators.Timeliness.LATE
    return indicators.Timeliness.MISSING


@dataclass
class MonthRow:
    period: dt.date
    status_label: str
    timeliness: indicators.Timeliness
    counts: IndicatorCounts

    @property
    def timeliness_label(self) -> str:
        return str(indicators.TIMELINESS_LABELS[self.timeliness])

    @property
    def timeliness_badge(self) -> str:
        return TIMELINESS_BADGE[self.timeliness]


def build_posyandu_page(posyandu: Posyandu, period: dt.date, approved_only: bool) -> dict:
    """The posyandu's last 12 months: report status and timeliness, indicators, trend chart.

    Queries: report history (1), trend (1).
    """
    periods = queries.trend_periods(period)
    history = queries.posyandu_report_history(posyandu.pk, periods)
    trend = queries.indicator_trend(periods, posyandu_id=posyandu.pk, approved_only=approved_only)
    months = []
    for month, counts in trend:
        report = history.get(month) or {}
        months.append(
            MonthRow(
                month,
                str(STATUS_LABELS.get(report.get("status", ""), "")),
                indicators.report_timeliness(
                    report.get("status"), report.get("submitted_at"), deadline_for(month)
                ),
                counts,
            )
        )
    return {
        "months": list(reversed(months)),
        "current": months[-1],
        "deadline_date": last_submit_day(deadline_for(period)),
        "trend_chart": build_trend_chart(trend),
    }
