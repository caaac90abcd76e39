"""Monitoring pages for kecamatan, dinas and admin kelurahan, and the child's growth chart (SVG).

Access: kader do not use the monitoring pages (403); a region or posyandu outside the user's
scope is 404 (accounts.scope). The growth chart is open to anyone who may see the child's
posyandu, kader included.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from ranting.accounts import scope
from ranting.accounts.access import request_user
from ranting.accounts.models import User
from ranting.children.models import Child
from ranting.dashboards import charts, indicators, pages
from ranting.dashboards.forms import DashboardFilterForm, GrowthChartForm
from ranting.regions.models import Posyandu, Region


def _forbid_kader(user: User) -> None:
    if user.role == User.Role.KADER and not user.is_superuser:
        raise PermissionDenied


def _get_region_for_user(request: HttpRequest, code: str) -> Region:
    user = request_user(request)
    _forbid_kader(user)
    region = get_object_or_404(Region, code=code)
    if not scope.can_see_region(user, region):
        raise Http404
    return region


def _get_posyandu_for_user(request: HttpRequest, pk: int) -> Posyandu:
    user = request_user(request)
    _forbid_kader(user)
    return get_object_or_404(scope.visible_posyandus(user).select_related("kelurahan"), pk=pk)


def _get_child_for_user(request: HttpRequest, pk: int) -> Child:
    return get_object_or_404(scope.visible_children(request_user(request)), pk=pk)


def _start_regions(user: User) -> list[Region]:
    prefix = scope.region_prefix(user)
    if prefix is None:
        raise PermissionDenied
    if prefix == "":
        return list(Region.objects.filter(parent__isnull=True).order_by("code"))
    return list(Region.objects.filter(code=prefix))


def _filter_context(form: DashboardFilterForm) -> dict:
    """The filter form plus links that flip the approved-only / all-data toggle."""
    approved_only = not form.include_unverified()
    base = {"bulan": form.period().strftime("%Y-%m")}
    carry = {**base, "semua": "1"} if not approved_only else base
    return {
        "carry": "?" + urlencode(carry),
        "form": form,
        "period": form.period(),
        "approved_only": approved_only,
        "approved_url": "?" + urlencode(base),
        "all_url": "?" + urlencode({**base, "semua": "1"}),
        "definitions": indicators.INDICATORS,
    }


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _forbid_kader(user)
    regions = _start_regions(user)
    if len(regions) == 1:
        return redirect("dashboards:region", regions[0].code)
    return render(request, "dashboards/index.html", {"regions": regions})


@require_GET
@login_required
def region(request: HttpRequest, code: str) -> HttpResponse:
    region = _get_region_for_user(request, code)
    form = DashboardFilterForm(request.GET)
    ctx = _filter_context(form)
    page = pages.build_region_page(region, ctx["period"], ctx["approved_only"])
    ctx.update(page=page, crumbs=pages.breadcrumbs(request_user(request), region.code))
    return render(request, "dashboards/region.html", ctx)


@require_GET
@login_required
def posyandu(request: HttpRequest, pk: int) -> HttpResponse:
    posyandu = _get_posyandu_for_user(request, pk)
    form = DashboardFilterForm(request.GET)
    ctx = _filter_context(form)
    ctx.update(pages.build_posyandu_page(posyandu, ctx["period"], ctx["approved_only"]))
    ctx.update(
        posyandu=posyandu, crumbs=pages.breadcrumbs(request_user(request), posyandu.kelurahan_id)
    )
    return render(request, "dashboards/posyandu.html", ctx)


@require_GET
@login_required
@never_cache
@xframe_options_sameorigin
def growth_chart(request: HttpRequest, child_pk: int, indicator: str) -> HttpResponse:
    child = _get_child_for_user(request, child_pk)
    if indicator not in charts.INDICATORS:
        raise Http404
    form = GrowthChartForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(
            f"{form[name].label}: {' '.join(map(str, e))}" for name, e in form.errors.items()
        )
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    samples = charts.samples_for(child)
    age_today = (timezone.localdate() - child.birth_date).days
    kind = charts.choose_kind(indicator, samples, form.cleaned_data["ukur"], age_today)
    chart = charts.build_growth_chart(kind, child.sex, samples, child.name)
    body = render_to_string("dashboards/growth_chart.svg", {"chart": chart}, request=request)
    return HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
