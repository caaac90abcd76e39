"""/penggunaan/: which reports are viewed and downloaded, by whom and where (Aksi 6).

Access: dinas (their kota's rows) and superadmin (all rows), the data team. Every other role gets
403: the page exists for them, but usage statistics are not theirs to read.
"""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ranting.accounts.models import User
from ranting.regions.models import Region
from ranting.usage import exports, services, summary
from ranting.usage.forms import UsageFilterForm

READERS = (User.Role.DINAS, User.Role.SUPERADMIN)


def _reader(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if user.role not in READERS and not user.is_superuser:
        raise PermissionDenied
    return user


def _scope(user: User) -> tuple[str, str]:
    """(kota code or "" for everything, the label printed above the tables)."""
    if user.role == User.Role.DINAS and user.region_id:
        kota_code = user.region_id[:5]
        kota = Region.objects.filter(code=kota_code).first()
        return kota_code, f"{kota.label if kota else kota_code} ({kota_code})"
    return "", _("Semua wilayah")


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    form = UsageFilterForm(request.GET)
    wants = request.GET.get("format", "")
    if wants and not form.is_valid():
        # A download of another month than the one asked for would be silently wrong.
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
    rows = summary.scoped(user)
    scope_code, scope_label = _scope(user)
    usage = summary.build_summary(rows, form.period())
    fmt = form.export_format()
    if fmt == "xlsx":
        return exports.xlsx_response(usage, scope_label, scope_code)
    if fmt == "csv":
        return exports.csv_response(rows, usage, scope_code)
    month = {"bulan": usage.period.strftime("%Y-%m")}
    context = {
        "form": form,
        "usage": usage,
        "scope_label": scope_label,
        "xlsx_url": "?" + urlencode({**month, "format": "xlsx"}),
        "csv_url": "?" + urlencode({**month, "format": "csv"}),
        "retention_days": services.retention_days(),
    }
    return render(request, "usage/index.html", context)
