"""Monthly posyandu reports and their workflow: GET /recaps, POST /recaps, GET /recaps/{id},
POST /recaps/{id}/submit|return|approve|reopen.

Transitions go through recaps.services (guards, row lock, ReportEvent). They are idempotent by
state: asking for a transition whose result is already the report's status (a retry after a
lost answer) returns the current report with `"changed": false` instead of an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from ranting.accounts import scope
from ranting.api import serialize
from ranting.api.common import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, caller, month, page
from ranting.api.errors import ApiError, forbidden, invalid, not_found, responses
from ranting.api.routes.regions import REGION_CODE
from ranting.api.schemas import (
    MAX_ID,
    ApproveIn,
    Month,
    RecapIn,
    RecapOut,
    RecapPage,
    ReopenIn,
    ReturnIn,
)
from ranting.recaps import services
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu

router = Router(tags=["rekap"])
ReportStatus = MonthlyReport.Status
PERIOD = Query(None, description="YYYY-MM")
StatusName = Query(None, pattern="^(draft|submitted|returned|approved)$")


def _detail(report: MonthlyReport, user, changed: bool | None = None) -> dict[str, Any]:
    data = serialize.recap(report, user)
    data["summary"] = serialize.summary(services.recap_summary(report.posyandu, report.period))
    data["events"] = serialize.recap_events(report)
    data["changed"] = changed
    return data


def _get_report(request: HttpRequest, pk: int) -> MonthlyReport:
    user = caller(request)
    rows = MonthlyReport.objects.filter(scope.in_kota(user))
    report = get_object_or_404(rows.select_related("posyandu__kelurahan", "approved_by"), pk=pk)
    if not scope.can_see_posyandu(user, report.posyandu):
        raise not_found()
    return report


@router.get("/recaps", response=responses({200: RecapPage}), summary="Laporan bulanan")
def list_recaps(
    request: HttpRequest,
    posyandu: int | None = Query(None, ge=1, le=MAX_ID),
    kelurahan: str | None = Query(None, pattern=REGION_CODE),
    period: Month | None = PERIOD,
    status: str | None = StatusName,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Saved reports of the posyandu the caller may see (a month nobody touched has no row:
    create it with POST /recaps)."""
    user = caller(request)
    rows = scope.visible_reports(user)
    if posyandu is not None:
        rows = rows.filter(posyandu_id=posyandu)
    if kelurahan:
        rows = rows.filter(scope.within("posyandu__kelurahan__code", kelurahan))
    if period:
        rows = rows.filter(period=month(period, "period", future=True))
    if status:
        rows = rows.filter(status=status)
    rows = rows.select_related("posyandu__kelurahan", "approved_by").order_by(
        "-period", "posyandu__code"
    )
    return page(rows, limit, offset, lambda items: [serialize.recap(r, user) for r in items])


@router.post(
    "/recaps",
    response=responses({200: RecapOut, 201: RecapOut}),
    summary="Buka laporan bulan (dibuat bila belum ada)",
)
def open_recap(request: HttpRequest, payload: RecapIn):
    """The report of a posyandu for a month, created as a draft when missing (201), or the
    existing one (200). For the posyandu's kader and its admin kelurahan."""
    user = caller(request)
    posyandu = Posyandu.objects.select_related("kelurahan").filter(pk=payload.posyandu_id).first()
    if posyandu is None or not scope.can_see_posyandu(user, posyandu):
        raise not_found("posyandu_id")
    if not (services.can_submit(user, posyandu) or services.can_verify(user, posyandu)):
        raise forbidden(field="posyandu_id")
    period = month(payload.period, "period")
    report, created = MonthlyReport.objects.get_or_create(posyandu=posyandu, period=period)
    report.posyandu = posyandu
    return Status(201 if created else 200, _detail(report, user))


@router.get("/recaps/{id}", response=responses({200: RecapOut}), summary="Satu laporan")
def get_recap(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    return _detail(_get_report(request, id), caller(request))


def _transition(
    request: HttpRequest,
    pk: int,
    guard: Callable[[Any, Posyandu], bool],
    done: frozenset[str],
    run: Callable[[MonthlyReport, Any], MonthlyReport],
    required: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run `run` unless the report is already in a `done` status (then: unchanged).

    `required` maps a text field of the request to its value; a blank one is a 422 naming it.
    """
    user = caller(request)
    report = _get_report(request, pk)
    if not guard(user, report.posyandu):
        raise forbidden()
    if report.status in done:
        return _detail(report, user, changed=False)
    blank = [name for name, value in (required or {}).items() if not value.strip()]
    if blank:
        raise invalid({name: [_("wajib diisi.")] for name in blank})
    try:
        report = run(report, user)
    except services.ActionNotAllowed as err:
        raise forbidden(err.message) from err
    except services.TransitionError as err:
        raise ApiError(409, "invalid_transition", err.message, "status") from err
    return _detail(_get_report(request, pk), user, changed=True)


TRANSITION_RESPONSES = responses({200: RecapOut}, 409)


@router.post("/recaps/{id}/submit", response=TRANSITION_RESPONSES, summary="Kirim ke kelurahan")
def submit_recap(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """Kader: draft/returned → submitted. Repeating it (or after approval) changes nothing."""
    return _transition(
        request,
        id,
        services.can_submit,
        frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED}),
        services.submit_report,
    )


@router.post("/recaps/{id}/return", response=TRANSITION_RESPONSES, summary="Kembalikan")
def return_recap(request: HttpRequest, payload: ReturnIn, id: int = Path(..., ge=1, le=MAX_ID)):
    """Admin kelurahan: submitted → returned, with a comment for the kader."""
    return _transition(
        request,
        id,
        services.can_verify,
        frozenset({ReportStatus.RETURNED}),
        lambda report, user: services.return_report(report, user, payload.comment),
        {"comment": payload.comment},
    )


@router.post("/recaps/{id}/approve", response=TRANSITION_RESPONSES, summary="Setujui")
def approve_recap(
    request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID), payload: ApproveIn | None = None
):
    """Admin kelurahan: submitted → approved; the month's measurements are locked. The body
    (an optional note) may be left out."""
    note = payload.note if payload is not None else ""
    return _transition(
        request,
        id,
        services.can_verify,
        frozenset({ReportStatus.APPROVED}),
        lambda report, user: services.approve_report(report, user, note),
    )


@router.post("/recaps/{id}/reopen", response=TRANSITION_RESPONSES, summary="Buka kembali")
def reopen_recap(request: HttpRequest, payload: ReopenIn, id: int = Path(..., ge=1, le=MAX_ID)):
    """Admin kelurahan: approved → returned, with a reason."""
    return _transition(
        request,
        id,
        services.can_verify,
        frozenset({ReportStatus.RETURNED}),
        lambda report, user: services.reopen_report(report, user, payload.reason),
        {"reason": payload.reason},
    )
