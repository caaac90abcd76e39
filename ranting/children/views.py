"""Child register pages: the kader's list, the child page, register/edit, move, (de)activate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ranting.accounts import scope
from ranting.accounts.access import request_user
from ranting.children import services
from ranting.children.access import child_for
from ranting.children.forms import ChildForm, DeactivateForm, MoveForm
from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.recaps.services import report_for
from ranting.regions.models import Posyandu


def _recordable_posyandus(user):
    return scope.recordable_posyandus(user).select_related("kelurahan")


def _selected_posyandu(request: HttpRequest, posyandus: list[Posyandu]) -> Posyandu | None:
    wanted = request.GET.get("posyandu")
    if not wanted:
        return posyandus[0] if posyandus else None
    for posyandu in posyandus:
        if str(posyandu.pk) == wanted:
            return posyandu
    raise Http404


@login_required
@require_GET
def child_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    posyandus = list(scope.visible_posyandus(user).select_related("kelurahan"))
    selected = _selected_posyandu(request, posyandus)
    query = request.GET.get("q", "").strip()
    show_inactive = request.GET.get("nonaktif") == "1"
    period = timezone.localdate().replace(day=1)
    children: list[Any] = []  # with the latest measurement annotated on each
    if selected is not None:
        latest = Measurement.objects.filter(child=OuterRef("pk")).order_by("-period")
        rows = Child.objects.filter(posyandu=selected, is_active=not show_inactive)
        if query:
            rows = rows.filter(name__icontains=query)
        children = list(rows.annotate(latest_id=Subquery(latest.values("pk")[:1])))
        latest_rows = Measurement.objects.in_bulk([c.latest_id for c in children if c.latest_id])
        for child in children:
            child.latest = latest_rows.get(child.latest_id)
            child.weighed_this_month = child.latest is not None and child.latest.period == period
    context = {
        "posyandus": posyandus,
        "selected": selected,
        "children": children,
        "query": query,
        "show_inactive": show_inactive,
        "period": period,
        "weighed_count": sum(c.weighed_this_month for c in children),
        "can_record": selected is not None and scope.can_record(user, selected),
        # This month's report and any earlier one sent back for fixing, so the kader sees the
        # kelurahan's comment where the work starts.
        "reports": []
        if selected is None
        else [
            report_for(selected, period),
            *MonthlyReport.objects.filter(
                posyandu=selected, status=MonthlyReport.Status.RETURNED, period__lt=period
            ),
        ],
    }
    return render(request, "children/list.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    child = child_for(user, pk)
    measurements = child.measurements.order_by("-period").prefetch_related(
        Prefetch("revisions", to_attr="revision_list")
    )
    context = {
        "child": child,
        "measurements": list(measurements),
        "transfers": child.transfers.select_related("from_posyandu", "to_posyandu"),
        "can_record": scope.can_record(user, child.posyandu),
    }
    return render(request, "children/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    posyandus = _recordable_posyandus(user)
    if not posyandus:
        raise PermissionDenied
    initial = {"posyandu": request.GET.get("posyandu")}
    form = ChildForm(request.POST or None, posyandus=posyandus, initial=initial)
    if request.method == "POST" and form.is_valid():
        child = services.register_child(user, form.cleaned_data["posyandu"], form.cleaned_data)
        messages.success(request, _("%(name)s sudah terdaftar.") % {"name": child.name})
        return redirect("children:detail", child.pk)
    return render(request, "children/form.html", {"form": form, "child": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    child = child_for(user, pk, write=True)
    form = ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_child(child, user, form.cleaned_data)
        except services.ChildError as err:
            child.refresh_from_db()
            for field, reasons in err.errors.items():
                for reason in reasons:
                    form.add_error(None if field == "__all__" else field, reason)
        else:
            messages.success(request, _("Data anak sudah disimpan."))
            return redirect("children:detail", child.pk)
    return render(request, "children/form.html", {"form": form, "child": child})


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    child = child_for(user, pk, write=True)
    form = MoveForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["to_posyandu"]
        services.move_child(child, user, target, form.cleaned_data["reason"])
        messages.success(
            request,
            _("%(name)s sudah dipindah ke %(to)s; riwayat pengukuran ikut pindah.")
            % {"name": child.name, "to": target},
        )
        if scope.can_see_posyandu(user, target):
            return redirect("children:detail", child.pk)
        return redirect("children:list")
    return render(request, "children/move.html", {"form": form, "child": child})


@login_required
@require_http_methods(["GET", "POST"])
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    child = child_for(user, pk, write=True)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.deactivate_child(child, user, form.cleaned_data["reason"])
        messages.success(request, _("%(name)s dinonaktifkan.") % {"name": child.name})
        return redirect("children:detail", child.pk)
    return render(request, "children/deactivate.html", {"form": form, "child": child})


@login_required
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    child = child_for(user, pk, write=True)
    services.reactivate_child(child, user)
    messages.success(request, _("%(name)s aktif kembali.") % {"name": child.name})
    return redirect("children:detail", child.pk)
