"""recaps:approve — the admin kelurahan approves (and so locks) a submitted report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.recaps import services
from ranting.recaps.models import MonthlyReport, ReportEvent

pytestmark = pytest.mark.django_db


def _url(regions, period, key="posyandu_a"):
    return reverse("recaps:approve", args=[regions[key].pk, period])


def test_it_approves_and_locks(login, people, regions, report_in, period):
    report = report_in("submitted")
    response = login(people["admin_kelurahan"]).post(
        _url(regions, period), {"note": "Data lengkap"}, follow=True
    )
    report.refresh_from_db()
    assert report.status == "approved"
    assert services.is_locked(regions["posyandu_a"], period)
    event = ReportEvent.objects.get(report=report)
    assert (event.kind, event.from_status, event.to_status, event.note) == (
        "approved",
        "submitted",
        "approved",
        "Data lengkap",
    )
    assert "disetujui dan dikunci" in response.content.decode()


def test_it_refuses_to_approve_a_draft(login, people, regions, report_in, period):
    report_in("draft")
    response = login(people["admin_kelurahan"]).post(_url(regions, period), follow=True)
    assert "tidak dapat disetujui" in response.content.decode()
    assert MonthlyReport.objects.get().status == "draft"


def test_it_rejects_a_note_that_is_too_long(login, people, regions, report_in, period):
    report_in("submitted")
    response = login(people["admin_kelurahan"]).post(_url(regions, period), {"note": "x" * 1001})
    assert response.status_code == 400
    assert "Catatan persetujuan (boleh kosong):" in response.content.decode()
    assert MonthlyReport.objects.get().status == "submitted"


def test_it_refuses_get(login, people, regions, period):
    assert login(people["admin_kelurahan"]).get(_url(regions, period)).status_code == 405


def test_it_hides_the_posyandu_from_another_kelurahans_admin(
    login, people, regions, report_in, period
):
    report_in("submitted")
    assert login(people["admin_other"]).post(_url(regions, period)).status_code == 404
    assert MonthlyReport.objects.get().status == "submitted"


@pytest.mark.parametrize("persona", ["kader", "kecamatan", "dinas"])
def test_it_forbids_roles_that_only_read(login, people, regions, report_in, period, persona):
    report_in("submitted")
    assert login(people[persona]).post(_url(regions, period)).status_code == 403
    assert MonthlyReport.objects.get().status == "submitted"
