"""The monthly F1/SKDN report: page, Excel (?format=xlsx) and CSV (?format=csv).

Access (accounts.scope): a region page for anyone whose region contains it (admin kelurahan,
kecamatan, dinas, superadmin); a posyandu page for anyone who may see the posyandu, kader of that
posyandu included. A region or posyandu outside the user's scope is 404; a kader asking for the
kelurahan their posyandu belongs to gets 403 (visible, but region totals are not theirs).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ranting.accounts import scope
from ranting.accounts.access import get_region_for_user, request_user
from ranting.accounts.models import User
from ranting.analysis import (
    exports,
    lokus,
    lokus_exports,
    lokus_rules,
    prevalence,
    prevalence_exports,
    report,
    skdn,
)
from ranting.analysis.forms import SkdnFilterForm
from ranting.analysis.prevalence_report import build_prevalence_report
from ranting.analysis.report import SkdnReport
from ranting.regions.models import Posyandu, Region

EXPORTERS = {"xlsx": exports.xlsx_response, "csv": exports.csv_response}
PREVALENCE_EXPORTERS = {
    "xlsx": prevalence_exports.xlsx_response,
    "csv": prevalence_exports.csv_response,
}


def _get_posyandu_for_user(request: HttpRequest, pk: int) -> Posyandu:
    return get_object_or_404(
        scope.visible_posyandus(request_user(request)).select_related("kelurahan"), pk=pk
    )


def _filter_context(form: SkdnFilterForm) -> dict:
    approved_only = not form.include_unverified()
    base = {"bulan": form.period().strftime("%Y-%m")}
    current = base if approved_only else {**base, "semua": "1"}
    return {
        "form": form,
        "period": form.period(),
        "approved_only": approved_only,
        "carry": "?" + urlencode(current),
        "approved_url": "?" + urlencode(base),
        "all_url": "?" + urlencode({**base, "semua": "1"}),
        "xlsx_url": "?" + urlencode({**current, "format": "xlsx"}),
        "csv_url": "?" + urlencode({**current, "format": "csv"}),
    }


def _respond(request: HttpRequest, form: SkdnFilterForm, build, template: str, ctx: dict):
    """Page or download of the report `build(period, approved_only)` returns."""
    wants = request.GET.get("format", "")
    if wants and not form.is_valid():
        # A download of a month other than the one asked for would be silently wrong.
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
    ctx.update(_filter_context(form))
    skdn_report: SkdnReport = build(ctx["period"], ctx["approved_only"])
    exporter = EXPORTERS.get(form.export_format())
    if exporter is not None:
        return exporter(skdn_report)
    ctx.update(report=skdn_report, age_groups=skdn.AGE_GROUPS, ratios=skdn.RATIOS)
    return render(request, template, ctx)


def _start_regions(prefix: str) -> list[Region]:
    """The region(s) a regional user's analysis starts at: their own, or every top region."""
    if prefix == "":
        return list(Region.objects.filter(parent__isnull=True).order_by("code"))
    return list(Region.objects.filter(code=prefix))


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Where the user's SKDN starts: their posyandu (kader) or their region."""
    user = request_user(request)
    query = ("?" + request.GET.urlencode()) if request.GET else ""
    prefix = scope.region_prefix(user)
    if prefix is None:
        posyandus = list(scope.visible_posyandus(user).select_related("kelurahan"))
        if not posyandus:
            raise PermissionDenied
        if len(posyandus) == 1:
            return redirect(reverse("analysis:skdn_posyandu", args=[posyandus[0].pk]) + query)
        return render(request, "analysis/index.html", {"posyandus": posyandus})
    regions = _start_regions(prefix)
    if len(regions) == 1:
        return redirect(reverse("analysis:skdn_region", args=[regions[0].code]) + query)
    return render(request, "analysis/index.html", {"regions": regions})


@require_GET
@login_required
def region(request: HttpRequest, code: str) -> HttpResponse:
    region = get_region_for_user(request, code)
    form = SkdnFilterForm(request.GET)
    ctx = {"region": region, "crumbs": report.breadcrumbs(request_user(request), region.code)}
    return _respond(
        request,
        form,
        lambda period, approved_only: report.build_region_report(region, period, approved_only),
        "analysis/region.html",
        ctx,
    )


@require_GET
@login_required
def posyandu(request: HttpRequest, pk: int) -> HttpResponse:
    posyandu = _get_posyandu_for_user(request, pk)
    form = SkdnFilterForm(request.GET)
    ctx = {
        "posyandu": posyandu,
        "crumbs": report.breadcrumbs(request_user(request), posyandu.kelurahan_id),
    }
    return _respond(
        request,
        form,
        lambda period, approved_only: report.build_posyandu_report(posyandu, period, approved_only),
        "analysis/posyandu.html",
        ctx,
    )


# --- prevalence (dinas, kecamatan, admin kelurahan; not kader) ---------------------------------


@require_GET
@login_required
def prevalence_index(request: HttpRequest) -> HttpResponse:
    """Where the user's prevalence analysis starts: their region (kader have none: 403)."""
    user = request_user(request)
    query = ("?" + request.GET.urlencode()) if request.GET else ""
    prefix = scope.region_prefix(user)
    if prefix is None:
        raise PermissionDenied
    regions = _start_regions(prefix)
    if len(regions) == 1:
        return redirect(reverse("analysis:prevalence_region", args=[regions[0].code]) + query)
    return render(request, "analysis/prevalence_index.html", {"regions": regions})


@require_GET
@login_required
def prevalence_region(request: HttpRequest, code: str) -> HttpResponseBase:
    region = get_region_for_user(request, code)
    form = SkdnFilterForm(request.GET)
    if request.GET.get("format", "") and not form.is_valid():
        # A download of a month other than the one asked for would be silently wrong.
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
    ctx = _filter_context(form)
    prevalence_report = build_prevalence_report(region, ctx["period"], ctx["approved_only"])
    exporter = PREVALENCE_EXPORTERS.get(form.export_format())
    if exporter is not None:
        return exporter(prevalence_report)
    ctx.update(
        region=region,
        crumbs=report.breadcrumbs(request_user(request), region.code),
        report=prevalence_report,
        indicators=prevalence.INDICATORS,
        flag_note=prevalence.FLAG_NOTE,
        target_source=prevalence.TARGET_SOURCE,
        default_stunting_target=prevalence.DEFAULT_TARGETS["stunting"],
    )
    return render(request, "analysis/prevalence_region.html", ctx)


# --- lokus matrix (Aksi 1: kecamatan, dinas, superadmin) ---------------------------------------

# Choosing focus kelurahan compares kelurahan with each other across the kota: a kecamatan and
# dinas task. Kader and admin kelurahan get 403 (their own figures are on the SKDN and
# prevalence pages); a region outside the user's scope is 404.
LOKUS_ROLES = {User.Role.KECAMATAN, User.Role.DINAS, User.Role.SUPERADMIN}
LOKUS_EXPORTERS = {"xlsx": lokus_exports.xlsx_response, "csv": lokus_exports.csv_response}


def _require_lokus_role(user: User) -> None:
    if not (user.is_superuser or user.role in LOKUS_ROLES):
        raise PermissionDenied


def _kota_regions(prefix: str) -> list[Region]:
    """Where a lokus matrix can start: the user's region, or every kota (superadmin)."""
    if prefix == "":
        return list(Region.objects.filter(level=Region.Level.KOTA).order_by("code"))
    return list(Region.objects.filter(code=prefix))


@require_GET
@login_required
def lokus_index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require_lokus_role(user)
    prefix = scope.region_prefix(user)
    if prefix is None:
        raise PermissionDenied
    regions = _kota_regions(prefix)
    if len(regions) == 1:
        query = ("?" + request.GET.urlencode()) if request.GET else ""
        return redirect(reverse("analysis:lokus_region", args=[regions[0].code]) + query)
    return render(request, "analysis/lokus_index.html", {"regions": regions})


def _lokus_form(request: HttpRequest, kota_code: str) -> tuple[SkdnFilterForm, dict]:
    """The filter form with the month defaulting to the latest month with (approved) data, and
    the latest February/August (the bulan penimbangan) for a shortcut link."""
    data = request.GET.copy()
    approved_only = not SkdnFilterForm(request.GET).include_unverified()
    if not data.get("bulan"):
        latest = lokus.default_period(kota_code, approved_only)
        if latest is not None:
            data["bulan"] = latest.strftime("%Y-%m")
    weighing = lokus.default_period(kota_code, approved_only, weighing_months=True)
    return SkdnFilterForm(data), {"weighing_month": weighing}


def _sort_context(request: HttpRequest, ctx: dict) -> dict:
    """?urut= (rank by default); an unknown value is reported and the rank order kept."""
    wanted = request.GET.get("urut", "") or lokus.SORTS[0]
    params = {"bulan": ctx["period"].strftime("%Y-%m")}
    if not ctx["approved_only"]:
        params["semua"] = "1"
    return {
        "sort": wanted if wanted in lokus.SORTS else lokus.SORTS[0],
        "sort_error": wanted not in lokus.SORTS,
        "sort_urls": {key: "?" + urlencode({**params, "urut": key}) for key in lokus.SORTS},
    }


@require_GET
@login_required
def lokus_region(request: HttpRequest, code: str) -> HttpResponseBase:
    _require_lokus_role(request_user(request))
    region = get_region_for_user(request, code)
    if region.level == Region.Level.PROVINSI:
        kota = Region.objects.filter(parent=region, level=Region.Level.KOTA).order_by("code")
        return render(request, "analysis/lokus_index.html", {"regions": list(kota)})
    form, ctx = _lokus_form(request, region.code[: lokus.KOTA_CODE_LENGTH])
    if request.GET.get("format", "") and not form.is_valid():
        # A download of a month other than the one asked for would be silently wrong.
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
    ctx.update(_filter_context(form))
    matrix = lokus.build_lokus_matrix(region, ctx["period"], ctx["approved_only"])
    exporter = LOKUS_EXPORTERS.get(form.export_format())
    if exporter is not None:
        return exporter(matrix)
    ctx.update(_sort_context(request, ctx))
    ctx.update(
        region=region,
        crumbs=report.breadcrumbs(request_user(request), region.code),
        matrix=matrix,
        rows=lokus.sort_rows(matrix.rows, ctx["sort"]),
        prevalence_bands=lokus_rules.prevalence_ranges(),
        prevalence_source=lokus_rules.PREVALENCE_SOURCE,
    )
    return render(request, "analysis/lokus_region.html", ctx)
