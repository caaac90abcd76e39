"""The monthly F1/SKDN report: page, Excel (?format=xlsx) and CSV (?format=csv).

Access (accounts.scope): a region page for anyone whose region contains it (admin kelurahan,
kecamatan, dinas, superadmin); a posyandu page for anyone who may see the posyandu, kader of that
posyandu included. A region or posyandu outside the user's scope is 404; a kader asking for the
kelurahan their posyandu belongs to gets 403 (visible, but region totals are not theirs).
"""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.analysis import exports, prevalence, prevalence_exports, report, skdn
from ranting.analysis.forms import SkdnFilterForm
from ranting.analysis.prevalence_report import build_prevalence_report
from ranting.analysis.report import SkdnReport
from ranting.regions.models import Posyandu, Region

EXPORTERS = {"xlsx": exports.xlsx_response, "csv": exports.csv_response}
PREVALENCE_EXPORTERS = {
    "xlsx": prevalence_exports.xlsx_response,
    "csv": prevalence_exports.csv_response,
}


def _user(request: HttpRequest) -> User:
    # login_required has run: request.user is a User, not AnonymousUser.
    return cast(User, request.user)


def _get_region_for_user(request: HttpRequest, code: str) -> Region:
    region = get_object_or_404(Region, code=code)
    if scope.can_see_region(_user(request), region):
        return region
    if scope.visible_regions(_user(request)).filter(pk=region.pk).exists():
        raise PermissionDenied
    raise Http404


def _get_posyandu_for_user(request: HttpRequest, pk: int) -> Posyandu:
    return get_object_or_404(
        scope.visible_posyandus(_user(request)).select_related("kelurahan"), pk=pk
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
    user = _user(request)
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
    region = _get_region_for_user(request, code)
    form = SkdnFilterForm(request.GET)
    ctx = {"region": region, "crumbs": report.breadcrumbs(_user(request), region.code)}
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
        "crumbs": report.breadcrumbs(_user(request), posyandu.kelurahan_id),
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
    user = _user(request)
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
def prevalence_region(request: HttpRequest, code: str) -> HttpResponse:
    region = _get_region_for_user(request, code)
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
        crumbs=report.breadcrumbs(_user(request), region.code),
        report=prevalence_report,
        indicators=prevalence.INDICATORS,
        flag_note=prevalence.FLAG_NOTE,
        target_source=prevalence.TARGET_SOURCE,
        default_stunting_target=prevalence.DEFAULT_TARGETS["stunting"],
    )
    return render(request, "analysis/prevalence_region.html", ctx)
