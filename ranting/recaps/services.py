"""The monthly report workflow of a posyandu and the recap numbers the admin kelurahan verifies.

Every state change of a MonthlyReport goes through one of the transition functions below
(draft/returned → submitted → returned | approved → (reopen) returned). Each checks a `can_*`
guard built on `accounts.scope`, locks the report row inside `transaction.atomic()` and writes a
ReportEvent (who, when, why, from/to status). Views only call these functions.

Recap numbers are aggregate queries grouped by posyandu, so a kelurahan overview costs the same
number of queries for 2 posyandu as for 40.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.recaps.deadlines import (
    Timeliness,
    current_period,
    month_end,
    month_start,
    report_timeliness,
    shift_month,
)
from ranting.recaps.models import MonthlyReport, ReportEvent
from ranting.regions.models import Posyandu, Region

Status = MonthlyReport.Status

# S counts children aged 0–59 completed months (SKDN row 01; DOMAIN.md §2.4).
MAX_AGE_MONTHS = 60

SUBMITTABLE = frozenset({Status.DRAFT, Status.RETURNED})

# A measurement the admin should look at: a WHO implausibility flag, a value the kader confirmed
# despite the check, or any entry warning from the measurement form.
FLAGGED = ~Q(flags="") | Q(confirmed_implausible=True) | ~Q(warnings="")


class RecapError(Exception):
    """A workflow step that cannot happen; `message` is Indonesian text for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ActionNotAllowed(RecapError):
    """The user's role or region does not allow this action (views answer 403)."""


class TransitionError(RecapError):
    """The report is in the wrong status or a required comment/reason is missing."""


# --- reading reports -------------------------------------------------------------------------


def get_or_create_report(posyandu: Posyandu, period: dt.date) -> MonthlyReport:
    """The report of `posyandu` for the month of `period`, created as a draft if missing."""
    report, _created = MonthlyReport.objects.get_or_create(
        posyandu=posyandu, period=month_start(period)
    )
    return report


def report_for(posyandu: Posyandu, period: dt.date) -> MonthlyReport:
    """The saved report, or an unsaved draft (reading a page never creates rows)."""
    period = month_start(period)
    report = MonthlyReport.objects.filter(posyandu=posyandu, period=period).first()
    return report or MonthlyReport(posyandu=posyandu, period=period)


def is_locked(posyandu: Posyandu | int, period: dt.date) -> bool:
    """True when the posyandu's report for that month is approved: measurements are read-only.

    `posyandu` may be a Posyandu or its pk; `period` any day of the month.
    """
    posyandu_id = posyandu.pk if isinstance(posyandu, Posyandu) else posyandu
    return MonthlyReport.objects.filter(
        posyandu_id=posyandu_id, period=month_start(period), status=Status.APPROVED
    ).exists()


# --- guards ----------------------------------------------------------------------------------


def can_submit(user: User, posyandu: Posyandu) -> bool:
    """Kader of this posyandu (and superadmin) send the monthly report to the kelurahan."""
    return scope.can_record(user, posyandu)


def can_verify(user: User, posyandu: Posyandu) -> bool:
    """The admin of the posyandu's kelurahan (and superadmin) return, approve and reopen."""
    return scope.can_verify(user, posyandu)


def available_actions(report: MonthlyReport, user: User) -> frozenset[str]:
    """The workflow buttons to show this user for this report, by role and status."""
    actions: set[str] = set()
    if report.status in SUBMITTABLE and can_submit(user, report.posyandu):
        actions.add("submit")
    if can_verify(user, report.posyandu):
        if report.status == Status.SUBMITTED:
            actions.update({"return", "approve"})
        elif report.status == Status.APPROVED:
            actions.add("reopen")
    return frozenset(actions)


# --- transitions -----------------------------------------------------------------------------


def _lock(report: MonthlyReport) -> MonthlyReport:
    """Re-read the report row FOR UPDATE (creating the draft row first if it was unsaved)."""
    if report.pk is None:
        report = get_or_create_report(report.posyandu, report.period)
    return MonthlyReport.objects.select_for_update().select_related("posyandu").get(pk=report.pk)


def _require_status(report: MonthlyReport, allowed: Iterable[str], action: str) -> None:
    if report.status not in allowed:
        raise TransitionError(
            _("Laporan tidak dapat %(action)s karena statusnya \u201c%(status)s\u201d.")
            % {"action": action, "status": report.get_status_display()}
        )


def _record(
    report: MonthlyReport, user: User, kind: str, from_status: str, note: str = ""
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        kind=kind,
        actor=user,
        note=note,
        from_status=from_status,
        to_status=report.status,
    )


def _sync(target: MonthlyReport, source: MonthlyReport) -> MonthlyReport:
    # Let the caller's object reflect the new state without another query.
    target.pk = source.pk
    for field in ("status", "submitted_at", "approved_at", "approved_by", "return_comment"):
        setattr(target, field, getattr(source, field))
    return source


def submit_report(report: MonthlyReport, user: User) -> MonthlyReport:
    """Kader sends the month's report to the kelurahan: draft/returned → submitted.

    Allowed with nothing measured (the view warns, see `submission_warnings`). `submitted_at`
    keeps the *first* submission, so a report returned and fixed later is not marked late for
    the kader. Raises ActionNotAllowed (not this posyandu's kader) or TransitionError (wrong
    status, or a month that has not started yet).
    """
    if not can_submit(user, report.posyandu):
        raise ActionNotAllowed(_("Hanya kader posyandu ini yang dapat mengirim laporan."))
    if month_start(report.period) > current_period():
        raise TransitionError(_("Laporan bulan yang belum berjalan tidak dapat dikirim."))
    with transaction.atomic():
        locked = _lock(report)
        _require_status(locked, SUBMITTABLE, _("dikirim"))
        from_status = locked.status
        locked.status = Status.SUBMITTED
        locked.submitted_at = locked.submitted_at or timezone.now()
        locked.save(update_fields=["status", "submitted_at"])
        _record(locked, user, ReportEvent.Kind.SUBMITTED, from_status)
    return _sync(report, locked)


def return_report(report: MonthlyReport, user: User, comment: str) -> MonthlyReport:
    """Admin kelurahan sends a submitted report back to the kader: submitted → returned.

    `comment` (required) tells the kader what to fix; it is shown on the kader's pages.
    """
    if not can_verify(user, report.posyandu):
        raise ActionNotAllowed(_("Hanya admin kelurahan posyandu ini yang dapat mengembalikan."))
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError(_("Catatan wajib diisi: tuliskan apa yang harus diperbaiki kader."))
    with transaction.atomic():
        locked = _lock(report)
        _require_status(locked, {Status.SUBMITTED}, _("dikembalikan"))
        locked.status = Status.RETURNED
        locked.return_comment = comment
        locked.save(update_fields=["status", "return_comment"])
        _record(locked, user, ReportEvent.Kind.RETURNED, Status.SUBMITTED, comment)
    return _sync(report, locked)


def approve_report(report: MonthlyReport, user: User, note: str = "") -> MonthlyReport:
    """Admin kelurahan approves a submitted report: submitted → approved (month locked).

    A draft cannot be approved directly: the kader must submit it first.
    """
    if not can_verify(user, report.posyandu):
        raise ActionNotAllowed(_("Hanya admin kelurahan posyandu ini yang dapat menyetujui."))
    with transaction.atomic():
        locked = _lock(report)
        _require_status(locked, {Status.SUBMITTED}, _("disetujui"))
        locked.status = Status.APPROVED
        locked.approved_at = timezone.now()
        locked.approved_by = user
        locked.save(update_fields=["status", "approved_at", "approved_by"])
        _record(locked, user, ReportEvent.Kind.APPROVED, Status.SUBMITTED, (note or "").strip())
    return _sync(report, locked)


def reopen_report(report: MonthlyReport, user: User, reason: str) -> MonthlyReport:
    """Admin kelurahan unlocks an approved month: approved → returned, reason required.

    The reason becomes the return comment, so the kader sees why the month was reopened.
    """
    if not can_verify(user, report.posyandu):
        raise ActionNotAllowed(_("Hanya admin kelurahan posyandu ini yang dapat membuka kembali."))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Alasan wajib diisi: tuliskan mengapa laporan dibuka kembali."))
    with transaction.atomic():
        locked = _lock(report)
        _require_status(locked, {Status.APPROVED}, _("dibuka kembali"))
        locked.status = Status.RETURNED
        locked.return_comment = reason
        locked.approved_at = None
        locked.approved_by = None
        locked.save(update_fields=["status", "return_comment", "approved_at", "approved_by"])
        _record(locked, user, ReportEvent.Kind.REOPENED, Status.APPROVED, reason)
    return _sync(report, locked)


# --- recap numbers ---------------------------------------------------------------------------


def _target_children(period: dt.date) -> Q:
    """S: active registered children aged 0–59 completed months in the period's month.

    Born on or before the month's last day, and not yet 60 months old on its first day.
    """
    period = month_start(period)
    return Q(
        is_active=True,
        birth_date__lte=month_end(period),
        birth_date__gt=shift_month(period, -MAX_AGE_MONTHS),
    )


def _target_counts(posyandu_ids: Iterable[int], period: dt.date) -> dict[int, int]:
    rows = (
        Child.objects.filter(_target_children(period), posyandu_id__in=list(posyandu_ids))
        .values("posyandu_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["posyandu_id"]: row["n"] for row in rows}


MEASUREMENT_COUNTS = {
    "d": Count("id"),
    "flagged": Count("id", filter=FLAGGED),
    "n": Count("id", filter=Q(growth=Measurement.Growth.NAIK)),
    "t": Count("id", filter=Q(growth=Measurement.Growth.TIDAK_NAIK)),
    "o": Count("id", filter=Q(growth=Measurement.Growth.LALU_TIDAK_DITIMBANG)),
    "b": Count("id", filter=Q(growth=Measurement.Growth.BARU)),
    "bgm": Count("id", filter=Q(bgm=True)),
    "two_t": Count("id", filter=Q(two_t=True)),
}


def _measurement_counts(posyandu_ids: Iterable[int], period: dt.date) -> dict[int, dict]:
    rows = (
        Measurement.objects.filter(posyandu_id__in=list(posyandu_ids), period=month_start(period))
        .values("posyandu_id")
        .annotate(**MEASUREMENT_COUNTS)
        .order_by()
    )
    return {
        row["posyandu_id"]: {k: v for k, v in dict(row).items() if k in MEASUREMENT_COUNTS}
        for row in rows
    }


@dataclass(frozen=True)
class RecapSummary:
    """The month's numbers of one posyandu (SKDN letters as in DOMAIN.md §2.4)."""

    s: int
    d: int
    flagged: int = 0
    n: int = 0
    t: int = 0
    o: int = 0
    b: int = 0
    bgm: int = 0
    two_t: int = 0

    @property
    def completeness(self) -> float | None:
        """D/S in percent; None when S is 0 (nothing to divide by)."""
        return None if self.s == 0 else 100.0 * self.d / self.s

    @property
    def without_growth_code(self) -> int:
        """Weighings with no N/T/O/B yet: D = N + T + O + B must hold in a correct report."""
        return self.d - (self.n + self.t + self.o + self.b)


def _summary(s: int, counts: dict | None) -> RecapSummary:
    return RecapSummary(s=s, **(counts or {"d": 0}))


def total_summary(summaries: Iterable[RecapSummary]) -> RecapSummary:
    """The kelurahan total of several posyandu summaries (field by field)."""
    totals = dict.fromkeys(RecapSummary.__dataclass_fields__, 0)
    for summary in summaries:
        for name in totals:
            totals[name] += getattr(summary, name)
    return RecapSummary(**totals)


def recap_summary(posyandu: Posyandu, period: dt.date) -> RecapSummary:
    """S, D, completeness, flagged count, N/T/O/B, BGM and 2T of one posyandu-month.

    Two aggregate queries; no per-child query.
    """
    s = _target_counts([posyandu.pk], period).get(posyandu.pk, 0)
    return _summary(s, _measurement_counts([posyandu.pk], period).get(posyandu.pk))


def submission_warnings(summary: RecapSummary) -> list[str]:
    """Things a kader should know before sending (sending is still allowed)."""
    warnings = []
    if summary.d == 0:
        warnings.append(_("Belum ada anak yang ditimbang bulan ini."))
    missing = summary.s - summary.d
    if summary.d and missing > 0:
        warnings.append(_("%(n)d anak sasaran belum ditimbang bulan ini.") % {"n": missing})
    if summary.flagged:
        warnings.append(_("%(n)d hasil ukur ditandai perlu dicek.") % {"n": summary.flagged})
    return warnings


def flagged_measurements(posyandu: Posyandu, period: dt.date) -> QuerySet[Measurement]:
    """The month's measurements with WHO flags, confirmed implausible values or warnings."""
    return (
        Measurement.objects.filter(FLAGGED, posyandu=posyandu, period=month_start(period))
        .select_related("child")
        .order_by("child__name", "child_id")
    )


def children_not_weighed(posyandu: Posyandu, period: dt.date) -> QuerySet[Child]:
    """Children counted in S with no measurement in that month (at any posyandu)."""
    return (
        Child.objects.filter(_target_children(period), posyandu=posyandu)
        .exclude(measurements__period=month_start(period))
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class OverviewRow:
    """One posyandu in the kelurahan overview table."""

    posyandu: Posyandu
    report: MonthlyReport
    summary: RecapSummary
    timeliness: Timeliness

    @property
    def status(self) -> str:
        return self.report.status


def posyandu_overview(posyandus: Iterable[Posyandu], period: dt.date) -> list[OverviewRow]:
    """Status, S, D, completeness, flagged count and late mark of each posyandu for a month.

    Three queries whatever the number of posyandu (reports, children, measurements).
    """
    period = month_start(period)
    posyandus = list(posyandus)
    ids = [p.pk for p in posyandus]
    reports = {
        r.posyandu_id: r for r in MonthlyReport.objects.filter(posyandu_id__in=ids, period=period)
    }
    targets = _target_counts(ids, period)
    counts = _measurement_counts(ids, period)
    now = timezone.now()
    rows = []
    for posyandu in posyandus:
        report = reports.get(posyandu.pk) or MonthlyReport(posyandu=posyandu, period=period)
        report.posyandu = posyandu
        rows.append(
            OverviewRow(
                posyandu=posyandu,
                report=report,
                summary=_summary(targets.get(posyandu.pk, 0), counts.get(posyandu.pk)),
                timeliness=report_timeliness(report, now),
            )
        )
    return rows


def kelurahan_overview(kelurahan: Region, period: dt.date) -> list[OverviewRow]:
    """`posyandu_overview()` of the kelurahan's active posyandu (four queries in all)."""
    posyandus = Posyandu.objects.filter(kelurahan=kelurahan, is_active=True).order_by("code")
    return posyandu_overview(posyandus, period)
