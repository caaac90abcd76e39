"""Transitions of the monthly report: each writes one ReportEvent with from/to status."""

from __future__ import annotations

import datetime as dt

import pytest

from ranting.recaps import deadlines, services
from ranting.recaps.models import MonthlyReport, ReportEvent

pytestmark = pytest.mark.django_db


def _only_event(report):
    events = list(ReportEvent.objects.filter(report=report))
    assert len(events) == 1
    return events[0]


def test_it_submits_a_draft(people, regions, period):
    report = services.report_for(regions["posyandu_a"], period)
    assert report.pk is None

    services.submit_report(report, people["kader"])

    saved = MonthlyReport.objects.get(posyandu=regions["posyandu_a"], period=period)
    assert saved.status == "submitted"
    assert saved.submitted_at is not None
    assert report.status == "submitted"
    assert report.pk == saved.pk
    event = _only_event(saved)
    assert (event.kind, event.from_status, event.to_status) == ("submitted", "draft", "submitted")
    assert event.actor == people["kader"]


def test_it_resubmits_a_returned_report_keeping_the_first_submission_time(people, report_in):
    first = dt.datetime(2025, 5, 20, 3, 0, tzinfo=dt.UTC)
    report = report_in("returned", submitted_at=first, return_comment="BB Budi salah")

    services.submit_report(report, people["kader"])

    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.submitted_at == first
    event = _only_event(report)
    assert (event.from_status, event.to_status) == ("returned", "submitted")


def test_it_refuses_to_submit_twice(people, report_in):
    report = report_in("submitted")
    with pytest.raises(services.TransitionError, match="Dikirim ke kelurahan"):
        services.submit_report(report, people["kader"])
    assert not ReportEvent.objects.exists()


def test_it_refuses_to_submit_an_approved_month(people, report_in):
    with pytest.raises(services.TransitionError, match="tidak dapat dikirim"):
        services.submit_report(report_in("approved"), people["kader"])


@pytest.mark.parametrize("persona", ["admin_kelurahan", "kader_b", "kecamatan", "dinas"])
def test_it_refuses_submission_by_anyone_but_the_posyandus_kader(people, report_in, persona):
    report = report_in("draft")
    with pytest.raises(services.ActionNotAllowed):
        services.submit_report(report, people[persona])
    report.refresh_from_db()
    assert report.status == "draft"


def test_it_refuses_to_submit_a_month_that_has_not_started(people, regions):
    future = deadlines.shift_month(deadlines.current_period(), 1)
    report = services.report_for(regions["posyandu_a"], future)
    with pytest.raises(services.TransitionError, match="belum berjalan"):
        services.submit_report(report, people["kader"])
    assert not MonthlyReport.objects.exists()


def test_it_returns_a_submitted_report_with_a_comment(people, report_in):
    report = report_in("submitted")

    services.return_report(report, people["admin_kelurahan"], "  Tinggi Ani belum diisi  ")

    report.refresh_from_db()
    assert report.status == "returned"
    assert report.return_comment == "Tinggi Ani belum diisi"
    event = _only_event(report)
    assert (event.kind, event.from_status, event.to_status) == ("returned", "submitted", "returned")
    assert event.note == "Tinggi Ani belum diisi"
    assert event.actor == people["admin_kelurahan"]


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_it_requires_a_comment_to_return(people, report_in, comment):
    report = report_in("submitted")
    with pytest.raises(services.TransitionError, match="Catatan wajib diisi"):
        services.return_report(report, people["admin_kelurahan"], comment)
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not ReportEvent.objects.exists()


def test_it_refuses_to_return_a_draft_without_creating_a_row(people, regions, period):
    report = services.report_for(regions["posyandu_a"], period)
    with pytest.raises(services.TransitionError, match="Diisi kader"):
        services.return_report(report, people["admin_kelurahan"], "cek lagi")
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("persona", ["kader", "admin_other", "kecamatan", "dinas"])
def test_it_refuses_verification_by_anyone_but_the_kelurahan_admin(people, report_in, persona):
    report = report_in("submitted")
    with pytest.raises(services.ActionNotAllowed):
        services.return_report(report, people[persona], "cek")
    with pytest.raises(services.ActionNotAllowed):
        services.approve_report(report, people[persona])
    report.refresh_from_db()
    assert report.status == "submitted"


def test_it_approves_a_submitted_report(people, report_in):
    report = report_in("submitted")

    services.approve_report(report, people["admin_kelurahan"], note="Lengkap")

    report.refresh_from_db()
    assert report.status == "approved"
    assert report.approved_by == people["admin_kelurahan"]
    assert report.approved_at is not None
    event = _only_event(report)
    assert (event.kind, event.from_status, event.to_status) == ("approved", "submitted", "approved")
    assert event.note == "Lengkap"


@pytest.mark.parametrize("status", ["draft", "returned", "approved"])
def test_it_approves_only_submitted_reports(people, report_in, status):
    report = report_in(status)
    with pytest.raises(services.TransitionError, match="tidak dapat disetujui"):
        services.approve_report(report, people["admin_kelurahan"])
    report.refresh_from_db()
    assert report.status == status


def test_it_lets_the_superadmin_do_every_step(people, regions, period):
    report = services.report_for(regions["posyandu_b"], period)
    services.submit_report(report, people["superadmin"])
    services.approve_report(report, people["superadmin"])
    services.reopen_report(report, people["superadmin"], "Koreksi data")
    assert report.status == "returned"
    kinds = list(ReportEvent.objects.values_list("kind", flat=True))
    assert kinds == ["submitted", "approved", "reopened"]
