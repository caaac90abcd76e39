"""Deadlines (clamped to the month's last day) and late marks, with the clock under control."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ranting.recaps import deadlines, services

JAKARTA = ZoneInfo("Asia/Jakarta")


def _at(*args):
    return dt.datetime(*args, tzinfo=JAKARTA)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        pytest.param(dt.date(2025, 5, 1), dt.date(2025, 5, 30), id="may-30"),
        pytest.param(dt.date(2025, 2, 1), dt.date(2025, 2, 28), id="february-clamped"),
        pytest.param(dt.date(2024, 2, 1), dt.date(2024, 2, 29), id="leap-february-clamped"),
    ],
)
def test_it_clamps_the_recap_deadline_to_the_month(period, expected):
    assert deadlines.recap_deadline(period) == expected


def test_it_reads_the_deadlines_from_settings(settings):
    settings.RECAP_DEADLINE_DAY = 31
    settings.SUBMIT_DEADLINE_DAY = 10
    assert deadlines.recap_deadline(dt.date(2025, 4, 1)) == dt.date(2025, 4, 30)
    assert deadlines.recap_deadline(dt.date(2025, 5, 1)) == dt.date(2025, 5, 31)
    assert deadlines.submit_deadline(dt.date(2025, 5, 1)) == dt.date(2025, 5, 10)


def test_it_marks_nothing_late_before_the_deadlines():
    result = deadlines.timeliness(dt.date(2025, 5, 1), None, None, now=_at(2025, 5, 25, 23, 59))
    assert (result.submit_late, result.approve_late, result.state) == (False, False, "pending")


def test_it_judges_deadline_days_in_jakarta_time():
    # 26 May 00:30 in Jakarta is still 25 May in UTC; the kader is late on the local calendar.
    now = _at(2025, 5, 26, 0, 30)
    assert deadlines.timeliness(dt.date(2025, 5, 1), None, None, now=now).submit_late is True


def test_it_marks_an_overdue_unsubmitted_report_late():
    result = deadlines.timeliness(dt.date(2025, 5, 1), None, None, now=_at(2025, 5, 26, 8))
    assert result.submit_late
    assert result.is_late
    assert result.state == "late"
    assert result.label == "Terlambat"


def test_it_marks_an_on_time_approval():
    result = deadlines.timeliness(
        dt.date(2025, 5, 1), _at(2025, 5, 24, 9), _at(2025, 5, 30, 16), now=_at(2025, 7, 1, 8)
    )
    assert result.state == "on_time"
    assert result.label == "Tepat waktu"


def test_it_marks_february_approval_on_the_first_of_march_late():
    result = deadlines.timeliness(
        dt.date(2025, 2, 1), _at(2025, 2, 20, 9), _at(2025, 3, 1, 9), now=_at(2025, 3, 2, 9)
    )
    assert (result.submit_late, result.approve_late) == (False, True)


@pytest.mark.django_db
def test_it_marks_a_late_submission_and_approval_through_the_workflow(people, regions):
    period = dt.date(2025, 5, 1)
    report = services.report_for(regions["posyandu_a"], period)
    with time_machine.travel(_at(2025, 5, 27, 10), tick=False):
        services.submit_report(report, people["kader"])
    with time_machine.travel(_at(2025, 5, 29, 10), tick=False):
        services.approve_report(report, people["admin_kelurahan"])
        result = deadlines.report_timeliness(report)
    assert (result.submit_late, result.approve_late) == (True, False)


@pytest.mark.django_db
def test_it_marks_an_approval_after_the_30th_late(people, regions):
    period = dt.date(2025, 5, 1)
    report = services.report_for(regions["posyandu_a"], period)
    with time_machine.travel(_at(2025, 5, 20, 10), tick=False):
        services.submit_report(report, people["kader"])
    with time_machine.travel(_at(2025, 5, 31, 8), tick=False):
        services.approve_report(report, people["admin_kelurahan"])
    with time_machine.travel(_at(2025, 6, 15, 8), tick=False):
        result = deadlines.report_timeliness(report)
    assert (result.submit_late, result.approve_late, result.state) == (False, True, "late")


@pytest.mark.django_db
def test_it_keeps_an_on_time_report_on_time_afterwards(people, regions):
    period = dt.date(2025, 5, 1)
    report = services.report_for(regions["posyandu_a"], period)
    with time_machine.travel(_at(2025, 5, 25, 21), tick=False):
        services.submit_report(report, people["kader"])
    with time_machine.travel(_at(2025, 5, 30, 22), tick=False):
        services.approve_report(report, people["admin_kelurahan"])
    with time_machine.travel(_at(2025, 9, 1, 8), tick=False):
        assert deadlines.report_timeliness(report).state == "on_time"
