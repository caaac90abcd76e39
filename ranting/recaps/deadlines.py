"""Reporting months and the kader/kelurahan deadlines, with the late marks they produce.

Deadlines come from settings (SUBMIT_DEADLINE_DAY, RECAP_DEADLINE_DAY) and are clamped to the
month's last day, so "the 30th" means 28/29 February. Days are compared in the project time zone.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ranting.recaps.models import MonthlyReport

MONTHS_PER_YEAR = 12


def month_start(day: dt.date) -> dt.date:
    """The first day of the month containing `day` (the `period` key of reports/measurements)."""
    return day.replace(day=1)


def current_period() -> dt.date:
    """The reporting month of today in the project time zone (Asia/Jakarta)."""
    return month_start(timezone.localdate())


def month_end(period: dt.date) -> dt.date:
    """The last calendar day of the period's month."""
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def shift_month(period: dt.date, months: int) -> dt.date:
    """The first day of the month `months` months after (negative: before) `period`."""
    index = period.year * MONTHS_PER_YEAR + period.month - 1 + months
    return dt.date(index // MONTHS_PER_YEAR, index % MONTHS_PER_YEAR + 1, 1)


def _deadline(period: dt.date, day: int) -> dt.date:
    # A deadline day of 30 or 31 means "the end of the month" in February (and 31 in April).
    return period.replace(day=max(1, min(day, month_end(period).day)))


def submit_deadline(period: dt.date) -> dt.date:
    """Last day a kader may submit on time: settings.SUBMIT_DEADLINE_DAY, clamped to the month."""
    return _deadline(period, settings.SUBMIT_DEADLINE_DAY)


def recap_deadline(period: dt.date) -> dt.date:
    """Last day the kelurahan may approve on time: settings.RECAP_DEADLINE_DAY, clamped."""
    return _deadline(period, settings.RECAP_DEADLINE_DAY)


@dataclass(frozen=True)
class Timeliness:
    """Whether a report's submission and approval happened (or are overdue) after the deadlines.

    A step not yet taken counts as late once its deadline day has passed (local time).
    """

    submit_late: bool
    approve_late: bool
    approved: bool

    @property
    def is_late(self) -> bool:
        return self.submit_late or self.approve_late

    @property
    def state(self) -> str:
        if self.is_late:
            return "late"
        return "on_time" if self.approved else "pending"

    @property
    def label(self) -> str:
        return str(TIMELINESS_LABELS[self.state])


TIMELINESS_LABELS = {
    "late": gettext_lazy("Terlambat"),
    "on_time": gettext_lazy("Tepat waktu"),
    "pending": gettext_lazy("Dalam proses"),
}


def timeliness(
    period: dt.date,
    submitted_at: dt.datetime | None,
    approved_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> Timeliness:
    """Late marks of one report: submitted after SUBMIT_DEADLINE_DAY, approved after
    RECAP_DEADLINE_DAY of the period's month (both compared as local dates)."""
    now = now or timezone.now()
    submitted_on = timezone.localdate(submitted_at or now)
    approved_on = timezone.localdate(approved_at or now)
    return Timeliness(
        submit_late=submitted_on > submit_deadline(period),
        approve_late=approved_on > recap_deadline(period),
        approved=approved_at is not None,
    )


def report_timeliness(report: MonthlyReport, now: dt.datetime | None = None) -> Timeliness:
    """`timeliness()` of a saved or unsaved report (approved_at only counts while approved)."""
    approved_at = report.approved_at if report.status == MonthlyReport.Status.APPROVED else None
    return timeliness(report.period, report.submitted_at, approved_at, now)
