"""Approved months are locked; reopening (with a reason) unlocks them for the kader."""

from __future__ import annotations

import datetime as dt

import pytest

from ranting.recaps import services
from ranting.recaps.models import ReportEvent

pytestmark = pytest.mark.django_db


def test_it_is_unlocked_without_a_report(regions, period):
    assert services.is_locked(regions["posyandu_a"], period) is False


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_it_is_unlocked_before_approval(regions, report_in, period, status):
    report_in(status)
    assert services.is_locked(regions["posyandu_a"], period) is False


def test_it_locks_an_approved_month_for_any_day_and_by_pk(regions, report_in, period):
    report_in("approved")
    posyandu = regions["posyandu_a"]
    assert services.is_locked(posyandu, period) is True
    assert services.is_locked(posyandu, dt.date(2025, 5, 31)) is True
    assert services.is_locked(posyandu.pk, period) is True
    assert services.is_locked(posyandu, dt.date(2025, 6, 1)) is False
    assert services.is_locked(regions["posyandu_a2"], period) is False


def test_it_reopens_an_approved_month_to_returned_with_the_reason(people, regions, report_in):
    report = report_in("approved", approved_by=people["admin_kelurahan"])

    services.reopen_report(report, people["admin_kelurahan"], "Berat Budi tertukar")

    report.refresh_from_db()
    assert report.status == "returned"
    assert report.return_comment == "Berat Budi tertukar"
    assert report.approved_at is None
    assert report.approved_by is None
    assert services.is_locked(regions["posyandu_a"], report.period) is False
    event = ReportEvent.objects.get(report=report)
    assert (event.kind, event.from_status, event.to_status) == ("reopened", "approved", "returned")
    assert event.note == "Berat Budi tertukar"


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_it_requires_a_reason_to_reopen(people, regions, report_in, reason):
    report = report_in("approved")
    with pytest.raises(services.TransitionError, match="Alasan wajib diisi"):
        services.reopen_report(report, people["admin_kelurahan"], reason)
    assert services.is_locked(regions["posyandu_a"], report.period) is True
    assert not ReportEvent.objects.exists()


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_it_reopens_only_approved_reports(people, report_in, status):
    report = report_in(status)
    with pytest.raises(services.TransitionError, match="tidak dapat dibuka kembali"):
        services.reopen_report(report, people["admin_kelurahan"], "alasan")


@pytest.mark.parametrize("persona", ["kader", "admin_other", "kecamatan", "dinas"])
def test_it_refuses_reopening_by_anyone_but_the_kelurahan_admin(people, report_in, persona):
    report = report_in("approved")
    with pytest.raises(services.ActionNotAllowed):
        services.reopen_report(report, people[persona], "alasan")


def test_it_walks_the_full_cycle_and_keeps_every_event(people, regions, period):
    report = services.report_for(regions["posyandu_a"], period)
    kader, admin = people["kader"], people["admin_kelurahan"]
    services.submit_report(report, kader)
    services.return_report(report, admin, "Lengkapi tinggi badan")
    services.submit_report(report, kader)
    services.approve_report(report, admin)
    services.reopen_report(report, admin, "Salah input")
    services.submit_report(report, kader)
    services.approve_report(report, admin)

    transitions = list(
        ReportEvent.objects.filter(report=report).values_list("from_status", "to_status")
    )
    assert transitions == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
        ("approved", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
    ]
    assert services.is_locked(regions["posyandu_a"], period)
