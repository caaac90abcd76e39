"""GET /aggregates/prevalence and /aggregates/skdn: the analysis pages' numbers as JSON.

Built by the same code as the pages and their Excel/CSV exports (analysis.prevalence_report,
analysis.report), with the same access: a region inside the caller's region is readable; a
region the caller can browse but not analyse (a kader's kelurahan) is 403; anything else 404.
By default only months whose posyandu report is approved count; `semua=true` adds the rest.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from ranting.accounts import scope
from ranting.analysis import report as skdn_report
from ranting.analysis import skdn
from ranting.analysis.prevalence import Estimate, Indicator
from ranting.analysis.prevalence_report import build_prevalence_report
from ranting.api.common import caller, month
from ranting.api.errors import forbidden, invalid, not_found, responses
from ranting.api.routes.regions import REGION_CODE
from ranting.api.schemas import MAX_ID, Month, PrevalenceOut, SkdnOut
from ranting.dashboards.forms import EARLIEST_PERIOD
from ranting.regions.models import Region

router = Router(tags=["agregat"])
MONTH = Query(None, alias="month", description="YYYY-MM, default: this month")


def _region(user, code: str | None) -> Region:
    """The region asked for (default: the caller's own), checked like the analysis pages."""
    prefix = scope.region_prefix(user)
    if not code:
        if prefix is None:
            raise forbidden(_("Analisis wilayah tidak tersedia untuk peran ini."), "region")
        tops = list(Region.objects.filter(parent__isnull=True)) if prefix == "" else []
        code = prefix or (tops[0].code if len(tops) == 1 else "")
        if not code:
            raise invalid({"region": [_("wajib diisi: pilih kode wilayah.")]})
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise not_found("region")
    if scope.can_see_region(user, region):
        return region
    if scope.visible_regions(user).filter(pk=region.pk).exists():
        raise forbidden(_("Angka wilayah ini hanya untuk petugas wilayah."), "region")
    raise not_found("region")


def _period(value: str | None):
    period = month(value, "month")
    if period < EARLIEST_PERIOD:
        raise invalid({"month": [_("bulan paling awal Januari 2000.")]})
    return period


def _estimate(indicator: Indicator, estimate: Estimate) -> dict[str, Any]:
    return {
        "indicator": indicator.code,
        "label": str(indicator.label),
        "cutoff": str(indicator.short),
        "count": estimate.count,
        "n": estimate.n,
        "pct": estimate.pct,
        "ci_low": estimate.ci_low,
        "ci_high": estimate.ci_high,
    }


@router.get(
    "/aggregates/prevalence",
    response=responses({200: PrevalenceOut}),
    summary="Prevalensi stunting, wasting, underweight (IK 95%)",
)
def prevalence(
    request: HttpRequest,
    region: str | None = Query(None, pattern=REGION_CODE, description="default: own region"),
    month_: Month | None = MONTH,
    semua: bool = Query(False, description="true: include unverified months"),
):
    """Per indicator: count, denominator, percentage with its 95% Wilson interval, previous
    month, same month last year, city average and target; and the same per unit one level
    down (kecamatan → kelurahan → posyandu) with the hotspot mark."""
    place = _region(caller(request), region)
    built = build_prevalence_report(place, _period(month_), not semua)
    return {
        "region_code": place.code,
        "region_name": place.label,
        "period": built.period,
        "approved_only": built.approved_only,
        "measured": built.measured,
        "indicators": [
            {
                **_estimate(s.indicator, s.current),
                "previous_pct": s.previous.pct,
                "last_year_pct": s.last_year.pct,
                "city_pct": s.city_pct,
                "target_pct": s.target,
                "above_city": s.above_city,
            }
            for s in built.summaries
        ],
        "units": [
            {
                "code": row.key,
                "name": str(row.label),
                "measured": row.measured,
                "hotspot": row.is_hotspot,
                "estimates": [_estimate(c.indicator, c.estimate) for c in row.cells],
            }
            for row in built.units
        ],
    }


def _ratios(totals: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "code": cell["ratio"].code,
            "label": str(cell["ratio"].label),
            "numerator": cell["num"],
            "denominator": cell["den"],
            "pct": cell["pct"],
        }
        for cell in skdn.ratio_cells(totals)
    ]


@router.get(
    "/aggregates/skdn",
    response=responses({200: SkdnOut}),
    summary="Laporan F1/SKDN bulanan",
)
def skdn_aggregate(
    request: HttpRequest,
    region: str | None = Query(None, pattern=REGION_CODE),
    posyandu: int | None = Query(None, ge=1, le=MAX_ID),
    month_: Month | None = MONTH,
    semua: bool = Query(False, description="true: include unverified months"),
):
    """F1 rows (S, K, N, T, O, B, D, BGM, vitamin A, ASI, 2T), the SKDN ratios and checks, for
    a posyandu (`posyandu=`) or a region (`region=`, default the caller's own) with its units."""
    user = caller(request)
    period = _period(month_)
    if posyandu is not None:
        place = scope.visible_posyandus(user).select_related("kelurahan").filter(pk=posyandu)
        if (found := place.first()) is None:
            raise not_found("posyandu")
        built = skdn_report.build_posyandu_report(found, period, not semua)
    else:
        if not region and scope.region_prefix(user) is None:
            mine = list(scope.visible_posyandus(user).select_related("kelurahan")[:2])
            if len(mine) != 1:
                raise invalid({"posyandu": [_("wajib diisi: pilih posyandu.")]})
            built = skdn_report.build_posyandu_report(mine[0], period, not semua)
        else:
            place_region = _region(user, region)
            built = skdn_report.build_region_report(place_region, period, not semua)
    return {
        "subject": built.subject_label,
        "code": built.code,
        "period": built.period,
        "approved_only": built.approved_only,
        "totals": built.totals,
        "identity_ok": built.identity_ok,
        "rows": [
            {
                "number": row.row.number,
                "code": row.row.code,
                "label": str(row.row.label),
                "total_l": row.total_l,
                "total_p": row.total_p,
                "total": row.total,
            }
            for row in built.grid
        ],
        "ratios": _ratios(built.totals),
        "warnings": [str(w) for w in built.warnings],
        "units": [
            {"code": u.code, "name": u.name, "totals": u.totals, "ratios": _ratios(u.totals)}
            for u in built.units
        ],
    }
