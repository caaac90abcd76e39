"""recaps:submit — the kader sends the month's report to the kelurahan."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.recaps.models import MonthlyReport, ReportEvent

pytestmark = pytest.mark.django_db


def _url(regions, period, key="posyandu_a"):
    return reverse("recaps:submit", args=[regions[key].pk, period])


def test_it_submits_and_warns_about_gaps(login, people, regions, month_fixture, period):
    response = login(people["kader"]).post(_url(regions, period), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "recaps:detail", args=[regions["posyandu_a"].pk, period]
    )
    report = MonthlyReport.objects.get(posyandu=regions["posyandu_a"], period=period)
    assert report.status == "submitted"
    event = ReportEvent.objects.get(report=report)
    assert (event.from_status, event.to_status, event.actor) == (
        "draft",
        "submitted",
        people["kader"],
    )
    body = response.content.decode()
    assert "dikirim ke kelurahan" in body
    assert "2 anak sasaran belum ditimbang bulan ini." in body


def test_it_allows_sending_an_empty_month_with_a_warning(login, people, regions, period):
    response = login(people["kader"]).post(_url(regions, period), follow=True)
    assert MonthlyReport.objects.get().status == "submitted"
    assert "Belum ada anak yang ditimbang bulan ini." in response.content.decode()


def test_it_explains_a_refused_resubmission(login, people, regions, report_in, period):
    report_in("approved")
    response = login(people["kader"]).post(_url(regions, period), follow=True)
    assert response.status_code == 200
    assert "tidak dapat dikirim" in response.content.decode()
    assert MonthlyReport.objects.get().status == "approved"
    assert not ReportEvent.objects.exists()


def test_it_refuses_get(login, people, regions, period):
    assert login(people["kader"]).get(_url(regions, period)).status_code == 405


def test_it_hides_another_posyandu_from_a_kader(login, people, regions, period):
    assert login(people["kader_b"]).post(_url(regions, period)).status_code == 404
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("persona", ["admin_kelurahan", "kecamatan", "dinas"])
def test_it_forbids_roles_that_only_read(login, people, regions, period, persona):
    assert login(people[persona]).post(_url(regions, period)).status_code == 403
    assert not MonthlyReport.objects.exists()
