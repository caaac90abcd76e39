"""Export page and downloads: the child register or the measurements of a region or posyandu.

Access follows the analysis pages (accounts.scope): a posyandu for anyone who may see it; a region
for anyone whose region contains it. Outside the user's scope → 404; a kader asking for the
kelurahan of their own posyandu → 403 (visible, but the region's data is not theirs). Full NIK,
KK and phone numbers only for the roles that keep the register (kader, admin kelurahan,
superadmin), and only when asked; everyone else gets them masked.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.children import privacy
from ranting.dashboards.queries import add_months
from ranting.regions.models import Posyandu, Region
from ranting.transfer import exports
from ranting.transfer.forms import KIND_CHILDREN, ExportForm

Role = User.Role
DEFAULT_MONTHS = 12


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def full_nik_allowed(user: User) -> bool:
    return privacy.role_sees_full_nik(user)


def unit_choices(user: User) -> list[tuple[str, str]]:
    """Regions from the user's own down to kelurahan; posyandu when they see few of them."""
    prefix = scope.region_prefix(user)
    choices: list[tuple[str, str]] = []
    if prefix is not None:
        regions = scope.visible_regions(user).exclude(level=Region.Level.PROVINSI).order_by("code")
        for region in regions:
            choices.append((f"r:{region.code}", f"{region.get_level_display()} {region.label}"))
    if prefix is None or Region.objects.filter(code=prefix, level="kelurahan").exists():
        posyandus = scope.visible_posyandus(user).select_related("kelurahan").order_by("code")
        for p in posyandus:
            choices.append((f"p:{p.pk}", f"{p} — {p.kelurahan.label}"))
    return choices


def resolve_unit(user: User, unit: str) -> tuple[str, QuerySet[Posyandu]]:
    """(code for the file name, posyandu queryset) of "r:<code>" or "p:<pk>"; 404/403."""
    kind, _sep, value = unit.partition(":")
    if kind == "p" and value.isdigit():
        posyandu = get_object_or_404(scope.visible_posyandus(user), pk=int(value))
        return posyandu.code, Posyandu.objects.filter(pk=posyandu.pk)
    if kind == "r":
        region = get_object_or_404(Region, code=value)
        if not scope.can_see_region(user, region):
            if scope.visible_regions(user).filter(pk=region.pk).exists():
                raise PermissionDenied
            raise Http404
        posyandus = scope.visible_posyandus(user).filter(scope.within("kelurahan__code", value))
        return region.code, posyandus
    raise Http404


@require_GET
@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = unit_choices(user)
    if not units:
        raise PermissionDenied
    this_month = timezone.localdate().replace(day=1)
    form = ExportForm(
        initial={
            "dari": add_months(this_month, 1 - DEFAULT_MONTHS),
            "sampai": this_month,
        },
        units=units,
        full_nik_allowed=full_nik_allowed(user),
    )
    return render(request, "transfer/export.html", {"form": form})


@require_GET
@login_required
def download(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    code, posyandus = resolve_unit(user, request.GET.get("unit", ""))
    form = ExportForm(
        request.GET,
        units=[(request.GET.get("unit", ""), code)],
        full_nik_allowed=full_nik_allowed(user),
    )
    if not form.is_valid():
        units = unit_choices(user)
        form.fields["unit"].choices = units
        return render(request, "transfer/export.html", {"form": form}, status=400)
    data = form.cleaned_data
    full = bool(data.get("nik_lengkap")) and full_nik_allowed(user)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if data["data"] == KIND_CHILDREN:
        headers, rows = exports.child_headers(), exports.child_rows(posyandus, full)
        name, sheet = f"anak_{code}_{stamp}", "Anak"
    else:
        end = data["sampai"] or timezone.localdate().replace(day=1)
        start = data["dari"] or add_months(end, 1 - DEFAULT_MONTHS)
        headers = exports.measurement_headers()
        rows = exports.measurement_rows(posyandus, start, end, full)
        name, sheet = f"pengukuran_{code}_{start:%Y-%m}_{end:%Y-%m}", "Pengukuran"
    if data["format"] == "xlsx":
        return exports.xlsx_response(headers, rows, f"{name}.xlsx", sheet)
    return exports.csv_response(headers, rows, f"{name}.csv")
