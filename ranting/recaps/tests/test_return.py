"""recaps:return — the admin kelurahan sends a report back to the kader with a comment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.recaps.models import MonthlyReport, ReportEvent

pytestmark = pytest.mark.django_db


def _url(regions, period, key="posyandu_a"):
    return reverse("recaps:return", args=[regions[key].pk, period])


def test_it_returns_with_a_comment(login, people, regions, report_in, period):
    report = report_in("submitted")
    response = login(people["admin_kelurahan"]).post(
        _url(regions, period), {"comment": "BB Budi 61 kg? Mohon cek."}, follow=True
    )
    report.refresh_from_db()
    assert report.status == "returned"
    assert report.return_comment == "BB Budi 61 kg? Mohon cek."
    event = ReportEvent.objects.get(report=report)
    assert (event.kind, event.from_status, event.to_status) == ("returned", "submitted", "returned")
    assert "dikembalikan ke kader" in response.content.decode()


def test_it_requires_the_comment_and_keeps_the_status(login, people, regions, report_in, period):
    report = report_in("submitted")
    response = login(people["admin_kelurahan"]).post(_url(regions, period), {"comment": "  "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Catatan untuk kader: Catatan wajib diisi" in body
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not ReportEvent.objects.exists()


def test_it_explains_that_a_draft_cannot_be_returned(login, people, regions, period):
    response = login(people["admin_kelurahan"]).post(
        _url(regions, period), {"comment": "cek"}, follow=True
    )
    assert "tidak dapat dikembalikan" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_it_refuses_get(login, people, regions, period):
    assert login(people["admin_kelurahan"]).get(_url(regions, period)).status_code == 405


def test_it_hides_the_posyandu_from_another_kelurahans_admin(
    login, people, regions, report_in, period
):
    report_in("submitted")
    response = login(people["admin_other"]).post(_url(regions, period), {"comment": "x"})
    assert response.status_code == 404
    assert MonthlyReport.objects.get().status == "submitted"


@pytest.mark.parametrize("persona", ["kader", "kecamatan", "dinas"])
def test_it_forbids_roles_that_only_read(login, people, regions, report_in, period, persona):
    report_in("submitted")
    response = login(people[persona]).post(_url(regions, period), {"comment": "x"})
    assert response.status_code == 403
    assert MonthlyReport.objects.get().status == "submitted"
