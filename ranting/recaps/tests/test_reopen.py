"""recaps:reopen — the admin kelurahan unlocks an approved month, with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.recaps import services
from ranting.recaps.models import MonthlyReport, ReportEvent

pytestmark = pytest.mark.django_db


def _url(regions, period, key="posyandu_a"):
    return reverse("recaps:reopen", args=[regions[key].pk, period])


def test_it_reopens_with_a_reason_the_kader_then_sees(login, people, regions, report_in, period):
    report = report_in("approved")
    login(people["admin_kelurahan"]).post(
        _url(regions, period), {"reason": "Tinggi Ani tertukar dengan Budi"}
    )
    report.refresh_from_db()
    assert report.status == "returned"
    assert not services.is_locked(regions["posyandu_a"], period)
    event = ReportEvent.objects.get(report=report)
    assert (event.kind, event.from_status, event.to_status) == ("reopened", "approved", "returned")

    page = login(people["kader"]).get(reverse("recaps:detail", args=[report.posyandu_id, period]))
    assert "Tinggi Ani tertukar dengan Budi" in page.content.decode()


def test_it_requires_a_reason(login, people, regions, report_in, period):
    report_in("approved")
    response = login(people["admin_kelurahan"]).post(_url(regions, period), {"reason": ""})
    assert response.status_code == 400
    assert "Alasan membuka kembali: Alasan wajib diisi" in response.content.decode()
    assert services.is_locked(regions["posyandu_a"], period)
    assert not ReportEvent.objects.exists()


def test_it_explains_that_only_approved_months_reopen(login, people, regions, report_in, period):
    report_in("submitted")
    response = login(people["admin_kelurahan"]).post(
        _url(regions, period), {"reason": "coba"}, follow=True
    )
    assert "tidak dapat dibuka kembali" in response.content.decode()
    assert MonthlyReport.objects.get().status == "submitted"


def test_it_refuses_get(login, people, regions, period):
    assert login(people["admin_kelurahan"]).get(_url(regions, period)).status_code == 405


def test_it_hides_the_posyandu_from_another_kelurahans_admin(
    login, people, regions, report_in, period
):
    report_in("approved")
    response = login(people["admin_other"]).post(_url(regions, period), {"reason": "x"})
    assert response.status_code == 404
    assert services.is_locked(regions["posyandu_a"], period)


@pytest.mark.parametrize("persona", ["kader", "kecamatan", "dinas"])
def test_it_forbids_roles_that_only_read(login, people, regions, report_in, period, persona):
    report_in("approved")
    response = login(people[persona]).post(_url(regions, period), {"reason": "x"})
    assert response.status_code == 403
    assert services.is_locked(regions["posyandu_a"], period)
