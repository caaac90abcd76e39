"""The usage statistics the data team reads on /penggunaan/: one aggregate query per table.

Scope: a dinas user sees the rows of their kota (the report's kota, or for a row with only a
posyandu in its URL, the posyandu's kota); superadmin sees everything. Months are calendar
months in the project's time zone (settings.TIME_ZONE).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf, Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ranting.accounts.models import User
from ranting.dashboards.queries import add_months, trend_periods
from ranting.regions.models import Region
from ranting.usage.models import ReportUsage

TOP_USERS = 10
# "32.75.06": a kecamatan code, the level the region table is grouped by.
KECAMATAN_CODE_LENGTH = 8
UNKNOWN = _("tidak diketahui")

# Readable names of the report pages; a page not listed here shows its URL name.
REPORT_LABELS = {
    "analysis:skdn": _("F1/SKDN (awal)"),
    "analysis:skdn_region": _("F1/SKDN wilayah"),
    "analysis:skdn_posyandu": _("F1/SKDN posyandu"),
    "analysis:prevalence": _("Prevalensi (awal)"),
    "analysis:prevalence_region": _("Prevalensi wilayah"),
    "dashboards:index": _("Pantau (awal)"),
    "dashboards:region": _("Pantau wilayah"),
    "dashboards:posyandu": _("Pantau posyandu"),
    "recaps:index": _("Rekap bulanan"),
    "recaps:detail": _("Rekap posyandu"),
    "review:index": _("Reviu kinerja (daftar tahun)"),
    "review:matrix": _("Matriks reviu kinerja tahunan"),
    "api_v1:prevalence": _("Prevalensi (API)"),
    "api_v1:skdn_aggregate": _("F1/SKDN (API)"),
}
ROLE_LABELS = dict(User.Role.choices)


def report_label(name: str) -> str:
    return str(REPORT_LABELS.get(name, name))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role or _("tanpa masuk")))


def scoped(user: User) -> QuerySet[ReportUsage]:
    """The rows `user` may read: all for superadmin, their kota's for dinas, none otherwise."""
    rows = ReportUsage.objects.all()
    if user.role == User.Role.SUPERADMIN or user.is_superuser:
        return rows
    if user.role == User.Role.DINAS and user.region_id:
        kota = user.region_id[:5]
        return rows.filter(Q(kota_code=kota) | Q(kota_code="", posyandu__kota_code=kota))
    return rows.none()


def month_bounds(period: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the calendar month of `period` as aware datetimes in the local zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime(period.year, period.month, 1, tzinfo=zone)
    nxt = add_months(period.replace(day=1), 1)
    return start, dt.datetime(nxt.year, nxt.month, 1, tzinfo=zone)


def _counts() -> dict:
    return {
        "total": Count("id"),
        "views": Count("id", filter=Q(kind=ReportUsage.Kind.VIEW)),
        "downloads": Count("id", filter=Q(kind=ReportUsage.Kind.DOWNLOAD)),
        "users": Count("user", distinct=True),
    }


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    views: int
    downloads: int
    users: int

    @property
    def total(self) -> int:
        return self.views + self.downloads


@dataclass
class UsageSummary:
    period: dt.date
    views: int = 0
    downloads: int = 0
    users: int = 0
    by_report: list[Line] = field(default_factory=list)
    by_role: list[Line] = field(default_factory=list)
    by_region: list[Line] = field(default_factory=list)
    by_month: list[Line] = field(default_factory=list)
    top_users: list[Line] = field(default_factory=list)
    downloads_by_format: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.views + self.downloads


def _grouped(rows: QuerySet[ReportUsage], *fields: str) -> list[dict[str, Any]]:
    """Counts per value of `fields`, most used first (ties by the fields' values)."""
    grouped = rows.values(*fields).annotate(**_counts())
    return list(grouped.order_by(F("total").desc(), *fields))


def _line(key: str, label: str, row: dict[str, Any]) -> Line:
    return Line(key, label, row["views"], row["downloads"], row["users"])


def region_key():
    """The kecamatan (or coarser) code a row is about: the URL's region, else the posyandu's
    kelurahan, else the user's own region (pages without a region in the URL show it)."""
    code = Coalesce(
        NullIf("region_code", Value("")),
        "posyandu__kelurahan_id",
        NullIf("user_region_code", Value("")),
        output_field=CharField(),
    )
    return Substr(code, 1, KECAMATAN_CODE_LENGTH)


def build_summary(rows: QuerySet[ReportUsage], period: dt.date) -> UsageSummary:
    """Every table of the page for the month of `period` (the trend: 12 months up to it).

    Seven aggregate queries and one lookup of region names, whatever the number of rows.
    """
    start, end = month_bounds(period)
    month = rows.filter(created_at__gte=start, created_at__lt=end)
    summary = UsageSummary(period=period.replace(day=1))
    totals = month.aggregate(**_counts())
    summary.views, summary.downloads, summary.users = (
        totals["views"],
        totals["downloads"],
        totals["users"],
    )
    for row in _grouped(month, "report"):
        summary.by_report.append(_line(row["report"], report_label(row["report"]), row))
    for row in _grouped(month, "role"):
        summary.by_role.append(_line(row["role"], role_label(row["role"]), row))

    region_rows: list[Any] = list(
        month.annotate(area=region_key()).values("area").annotate(**_counts()).order_by("area")
    )
    names = dict(
        Region.objects.filter(code__in=[r["area"] for r in region_rows if r["area"]]).values_list(
            "code", "name"
        )
    )
    for row in region_rows:
        code = row["area"] or ""
        label = f"{names.get(code, code)} ({code})" if code else str(UNKNOWN)
        summary.by_region.append(_line(code, label, row))

    first, _end = month_bounds(trend_periods(period)[0])
    trend = (
        rows.filter(created_at__gte=first, created_at__lt=end)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(**_counts())
        .order_by("month")
    )
    by_month: dict[dt.date, Any] = {
        timezone.localtime(r["month"]).date().replace(day=1): r for r in trend
    }
    empty: dict[str, Any] = {"views": 0, "downloads": 0, "users": 0}
    for p in trend_periods(period):
        key = p.strftime("%Y-%m")
        summary.by_month.append(_line(key, key, by_month.get(p, empty)))

    top = _grouped(month.filter(user__isnull=False), "user__username", "user", "user__role")
    for row in top[:TOP_USERS]:
        label = f"{row['user__username']} ({role_label(row['user__role'])})"
        summary.top_users.append(_line(str(row["user"]), label, row))

    downloads = (
        month.filter(kind=ReportUsage.Kind.DOWNLOAD)
        .values("report", "format")
        .annotate(n=Count("id"))
        .order_by("-n", "report", "format")
    )
    summary.downloads_by_format = [
        (report_label(r["report"]), r["format"], r["n"]) for r in downloads
    ]
    return summary
