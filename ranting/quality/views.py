"""The data-quality report of a region: page, Excel (?format=xlsx) and CSV (?format=csv).

Access (accounts.scope): a region page for anyone whose region contains it (admin kelurahan,
kecamatan, dinas, superadmin). A region outside the user's scope is 404; a kader asking for the
kelurahan of their own posyandu gets 403 (visible, but region reports are not theirs). The
posyandu-month panel lives on the recap page (`report.recap_panel`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ranting.accounts import scope
from ranting.accounts.access import get_region_for_user, request_user
from ranting.analysis.forms import SkdnFilterForm
from ranting.analysis.report import breadcrumbs
from ranting.quality import exports
from ranting.quality.catalog import DIMENSIONS, METRICS
from ranting.quality.report import QualityReport, build_region_report
from ranting.regions.models import Region

EXPORTERS: dict[str, Callable[[QualityReport], HttpResponse | StreamingHttpResponse]] = {
    "xlsx": exports.xlsx_response,
    "csv": exports.csv_response,
}


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


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Where the user's quality report starts: their region (kader have none: 403)."""
    prefix = scope.region_prefix(request_user(request))
    if prefix is None:
        raise PermissionDenied
    if prefix:
        regions = list(Region.objects.filter(code=prefix))
    else:
        regions = list(Region.objects.filter(parent__isnull=True).order_by("code"))
    query = ("?" + request.GET.urlencode()) if request.GET else ""
    if len(regions) == 1:
        return redirect(reverse("quality:region", args=[regions[0].code]) + query)
    return render(request, "quality/index.html", {"regions": regions})


@require_GET
@login_required
def region(request: HttpRequest, code: str) -> HttpResponse | StreamingHttpResponse:
    region = get_region_for_user(request, code)
    form = SkdnFilterForm(request.GET)
    wants = form.export_format() if form.is_valid() else request.GET.get("format", "")
    if wants and not form.is_valid():
        # A download of a month other than the one asked for would be silently wrong.
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
    ctx = _filter_context(form)
    report = build_region_report(region, ctx["period"], ctx["approved_only"], details=bool(wants))
    exporter = EXPORTERS.get(wants)
    if exporter is not None:
        return exporter(report)
    ctx.update(
        region=region,
        crumbs=breadcrumbs(request_user(request), region.code),
        report=report,
        metrics=METRICS,
        dimensions=DIMENSIONS,
        kader_metrics=[spec for spec in METRICS if spec.for_kader],
    )
    return render(request, "quality/region.html", ctx)
