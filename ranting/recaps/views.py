"""Recap pages: the kelurahan's month overview, one posyandu's report, and the workflow buttons.

Every posyandu-month view starts with `_get_report_for_user()` (404 when the posyandu is not
visible to the user, 403 when the user may see but not do the action). State changes only go
through `recaps.services`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.measurements.models import Measurement
from ranting.quality.report import recap_panel
from ranting.recaps import deadlines, services
from ranting.recaps.forms import ApproveForm, PeriodForm, ReopenForm, ReturnForm
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region

# WHO flag columns (Measurement.flags) → the PMK 2/2020 index they belong to.
FLAG_LABELS = {
    "zwei": "BB/U",
    "zlen": "PB/U atau TB/U",
    "zwfl": "BB/PB atau BB/TB",
    "zbmi": "IMT/U",
    "zhc": "LK/U",
    "zac": "LiLA/U",
}


def _user(request: HttpRequest) -> User:
    # Every view here is behind @login_required, so the user is never anonymous.
    return cast(User, request.user)


def _get_report_for_user(
    request: HttpRequest,
    posyandu_id: int,
    period: dt.date,
    guard: Callable[[User, Posyandu], bool] | None = None,
) -> MonthlyReport:
    """The posyandu's report for `period` (saved or an unsaved draft).

    404 when the posyandu is invisible to the user or the month has not started; 403 when
    `guard(user, posyandu)` refuses the action.
    """
    if period > deadlines.current_period():
        raise Http404("future period")
    posyandus = scope.visible_posyandus(_user(request)).select_related("kelurahan")
    posyandu = get_object_or_404(posyandus, pk=posyandu_id)
    if guard is not None and not guard(_user(request), posyandu):
        raise PermissionDenied
    return services.report_for(posyandu, period)


def _child_url(child_id: int) -> str:
    # The child page belongs to the children app; link only once that URL exists.
    try:
        return reverse("children:detail", args=[child_id])
    except NoReverseMatch:
        return ""


def _flag_rows(m: Measurement) -> list[dict]:
    """Each WHO flag of a measurement: the index it belongs to and its z-score."""
    return [
        {
            "label": FLAG_LABELS.get(code, code),
            "z": getattr(m, code) if code in FLAG_LABELS else None,
        }
        for code in m.flags.split(",")
        if code
    ]


def _kelurahan_for_index(request: HttpRequest) -> tuple[Region | None, list[Region]]:
    """The kelurahan to show (?kelurahan=<kode>, default the first visible) and the choices."""
    choices = list(
        scope.visible_regions(_user(request)).filter(level=Region.Level.KELURAHAN).order_by("code")
    )
    code = request.GET.get("kelurahan", "")
    if not code:
        return (choices[0] if choices else None), choices
    for region in choices:
        if region.code == code:
            return region, choices
    raise Http404("kelurahan not visible")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    latest = deadlines.current_period()
    is_kader = _user(request).role == User.Role.KADER
    kelurahan, choices = (None, []) if is_kader else _kelurahan_for_index(request)
    form = PeriodForm(request.GET or None, latest=latest)
    period = (form.cleaned_data["bulan"] if form.is_valid() else None) or latest
    if is_kader:
        rows = services.posyandu_overview(_user(request).posyandus.filter(is_active=True), period)
    else:
        rows = services.kelurahan_overview(kelurahan, period) if kelurahan else []
    context = {
        "form": form,
        "period": period,
        "previous": deadlines.shift_month(period, -1),
        "next": deadlines.shift_month(period, 1) if period < latest else None,
        "kelurahan": kelurahan,
        "kelurahan_choices": choices if len(choices) > 1 else [],
        "rows": rows,
        "total": services.total_summary(row.summary for row in rows),
        "approved_count": sum(1 for row in rows if row.status == MonthlyReport.Status.APPROVED),
        "late_count": sum(1 for row in rows if row.timeliness.is_late),
        "submit_deadline": deadlines.submit_deadline(period),
        "recap_deadline": deadlines.recap_deadline(period),
    }
    return render(request, "recaps/index.html", context)


def _render_detail(
    request: HttpRequest, report: MonthlyReport, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    posyandu, period = report.posyandu, report.period
    summary = services.recap_summary(posyandu, period)
    flagged = [
        {"m": m, "url": _child_url(m.child_id), "flags": _flag_rows(m)}
        for m in services.flagged_measurements(posyandu, period)
    ]
    not_weighed = [
        {"child": c, "url": _child_url(c.pk)}
        for c in services.children_not_weighed(posyandu, period)
    ]
    actions = services.available_actions(report, _user(request))
    context = {
        "report": report,
        "posyandu": posyandu,
        "period": period,
        "summary": summary,
        "timeliness": deadlines.report_timeliness(report),
        "flagged": flagged,
        "not_weighed": not_weighed,
        "events": report.events.select_related("actor") if report.pk else [],
        "actions": actions,
        "awaiting_kader": report.status in services.SUBMITTABLE
        and services.can_verify(_user(request), posyandu),
        "warnings": services.submission_warnings(summary) if "submit" in actions else [],
        "return_form": ReturnForm(),
        "approve_form": ApproveForm(),
        "reopen_form": ReopenForm(),
        "submit_deadline": deadlines.submit_deadline(period),
        "recap_deadline": deadlines.recap_deadline(period),
        # Data-quality panel next to the approve/return buttons (quality app).
        "quality": recap_panel(_user(request), posyandu, period),
    }
    context.update(forms or {})
    return render(request, "recaps/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, posyandu_id: int, period: dt.date) -> HttpResponse:
    report = _get_report_for_user(request, posyandu_id, period)
    return _render_detail(request, report)


def _apply(
    request: HttpRequest, report: MonthlyReport, transition: Callable, done: str, *args: str
) -> None:
    """Run `transition(report, user, *args)`; success and refusal both end as a flash message.

    `done` may use %(posyandu)s and %(bulan)s.
    """
    try:
        transition(report, _user(request), *args)
    except services.ActionNotAllowed as err:
        raise PermissionDenied(err.message) from err
    except services.TransitionError as err:
        messages.error(request, err.message)
    else:
        names = {"posyandu": report.posyandu.name, "bulan": date_format(report.period, "F Y")}
        messages.success(request, done % names)


def _detail_redirect(report: MonthlyReport) -> HttpResponse:
    return redirect("recaps:detail", posyandu_id=report.posyandu_id, period=report.period)


@login_required
@require_POST
def submit(request: HttpRequest, posyandu_id: int, period: dt.date) -> HttpResponse:
    report = _get_report_for_user(request, posyandu_id, period, services.can_submit)
    warnings = services.submission_warnings(services.recap_summary(report.posyandu, period))
    done = _("Laporan Posyandu %(posyandu)s bulan %(bulan)s dikirim ke kelurahan.")
    _apply(request, report, services.submit_report, done)
    if report.status == MonthlyReport.Status.SUBMITTED:
        for warning in warnings:
            messages.warning(request, warning)
    return _detail_redirect(report)


@login_required
@require_POST
def return_(request: HttpRequest, posyandu_id: int, period: dt.date) -> HttpResponse:
    report = _get_report_for_user(request, posyandu_id, period, services.can_verify)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, report, {"return_form": form}, status=400)
    comment = form.cleaned_data["comment"]
    done = _("Laporan Posyandu %(posyandu)s bulan %(bulan)s dikembalikan ke kader.")
    _apply(request, report, services.return_report, done, comment)
    return _detail_redirect(report)


@login_required
@require_POST
def approve(request: HttpRequest, posyandu_id: int, period: dt.date) -> HttpResponse:
    report = _get_report_for_user(request, posyandu_id, period, services.can_verify)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, report, {"approve_form": form}, status=400)
    note = form.cleaned_data["note"]
    done = _("Laporan Posyandu %(posyandu)s bulan %(bulan)s disetujui dan dikunci.")
    _apply(request, report, services.approve_report, done, note)
    return _detail_redirect(report)


@login_required
@require_POST
def reopen(request: HttpRequest, posyandu_id: int, period: dt.date) -> HttpResponse:
    report = _get_report_for_user(request, posyandu_id, period, services.can_verify)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, report, {"reopen_form": form}, status=400)
    reason = form.cleaned_data["reason"]
    done = _("Laporan Posyandu %(posyandu)s bulan %(bulan)s dibuka kembali untuk kader.")
    _apply(request, report, services.reopen_report, done, reason)
    return _detail_redirect(report)
