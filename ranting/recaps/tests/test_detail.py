"""recaps:detail — one posyandu's month: numbers, flagged values, gaps, history, actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse

from ranting.recaps import deadlines, services
from ranting.recaps.models import MonthlyReport
from ranting.usage.middleware import RECORD_QUERIES_IN_TRANSACTION as USAGE_QUERIES

pytestmark = pytest.mark.django_db


def _url(regions, period, key="posyandu_a"):
    return reverse("recaps:detail", args=[regions[key].pk, period])


def test_it_shows_the_admin_the_numbers_flags_and_gaps(
    login, people, regions, month_fixture, report_in, period
):
    report_in("submitted")
    response = login(people["admin_kelurahan"]).get(_url(regions, period))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.s, summary.d, summary.flagged) == (6, 4, 3)
    assert [row["m"].child.name for row in response.context["flagged"]] == [
        "Budi",
        "Citra",
        "Fajar",
    ]
    assert [row["child"].name for row in response.context["not_weighed"]] == ["Dewi", "Eka"]
    assert response.context["actions"] == {"return", "approve"}
    body = response.content.decode()
    assert "Kembalikan dengan catatan" in body
    assert "Setujui dan kunci" in body
    assert "Kirim ke kelurahan" not in body
    assert "BB/U z −6,40: di luar batas WHO" in body
    assert "Berat badan turun lebih dari 1 kg" in body
    assert "dikonfirmasi kader" in body


def test_it_shows_the_kader_the_return_comment_and_the_send_button(
    login, people, regions, month_fixture, report_in, period
):
    report_in("returned", return_comment="Tinggi badan Ani belum diisi")
    response = login(people["kader"]).get(_url(regions, period))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tinggi badan Ani belum diisi" in body
    assert "Kirim ke kelurahan" in body
    assert "2 anak sasaran belum ditimbang bulan ini." in body
    assert response.context["actions"] == {"submit"}


def test_it_shows_the_event_history(login, people, regions, period):
    report = services.report_for(regions["posyandu_a"], period)
    services.submit_report(report, people["kader"])
    services.return_report(report, people["admin_kelurahan"], "Cek berat Budi")
    response = login(people["admin_kelurahan"]).get(_url(regions, period))
    events = list(response.context["events"])
    assert [e.kind for e in events] == ["submitted", "returned"]
    body = response.content.decode()
    assert "Cek berat Budi" in body
    assert "admin_kel" in body


def test_it_offers_reopen_on_an_approved_month(login, people, regions, report_in, period):
    report_in("approved")
    response = login(people["admin_kelurahan"]).get(_url(regions, period))
    assert response.context["actions"] == {"reopen"}
    assert "Buka kembali" in response.content.decode()


def test_it_tells_the_admin_a_draft_awaits_the_kader(login, people, regions, period):
    response = login(people["admin_kelurahan"]).get(_url(regions, period))
    assert response.context["actions"] == frozenset()
    assert "Menunggu kader mengirim laporan" in response.content.decode()


def test_it_does_not_create_a_report_when_viewed(login, people, regions, period):
    response = login(people["kader"]).get(_url(regions, period))
    assert response.status_code == 200
    assert response.context["report"].status == "draft"
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("persona", ["kecamatan", "dinas"])
def test_it_is_read_only_for_kecamatan_and_dinas(
    login, people, regions, report_in, period, persona
):
    report_in("submitted")
    response = login(people[persona]).get(_url(regions, period))
    assert response.status_code == 200
    assert response.context["actions"] == frozenset()
    assert '<form method="post" action="/rekap/' not in response.content.decode()


def test_it_refuses_post(login, people, regions, period):
    response = login(people["admin_kelurahan"]).post(_url(regions, period))
    assert response.status_code == 405


@pytest.mark.parametrize("persona", ["admin_other", "kader_b", "kecamatan_other"])
def test_it_hides_the_posyandu_from_outsiders(login, people, regions, period, persona):
    assert login(people[persona]).get(_url(regions, period)).status_code == 404


def test_it_answers_404_for_a_future_month_or_unknown_posyandu(login, people, regions):
    client = login(people["admin_kelurahan"])
    future = deadlines.shift_month(deadlines.current_period(), 1)
    assert client.get(_url(regions, future)).status_code == 404
    assert client.get(reverse("recaps:detail", args=[999999, "2025-05"])).status_code == 404
    bad_month = f"/rekap/posyandu/{regions['posyandu_a'].pk}/2025-13/"
    assert client.get(bad_month).status_code == 404


def test_it_uses_a_bounded_number_of_queries(
    login, people, regions, make_child, measure, report_in, period, django_assert_max_num_queries
):
    report = services.report_for(regions["posyandu_a"], period)
    services.submit_report(report, people["kader"])
    for i in range(15):
        measure(make_child(name=f"Ditandai {i}"), flags="zwei", warnings="bb_turun")
        make_child(name=f"Belum {i}")
    client = login(people["admin_kelurahan"])
    # 12 for the recap itself + 4 for the quality panel (measurements, previous month,
    # register, reports).
    with django_assert_max_num_queries(16 + USAGE_QUERIES):
        response = client.get(_url(regions, period))
    assert len(response.context["flagged"]) == 15
    assert len(response.context["not_weighed"]) == 15


def test_it_links_children_only_when_the_child_page_exists(
    login, people, regions, month_fixture, period
):
    response = login(people["admin_kelurahan"]).get(_url(regions, period))
    row = response.context["not_weighed"][0]
    try:
        expected = reverse("children:detail", args=[row["child"].pk])
    except NoReverseMatch:  # the children app may not ship its detail page yet
        expected = ""
    assert row["url"] == expected


def test_it_keeps_the_date_of_the_period_in_links(login, people, regions):
    url = reverse("recaps:detail", args=[regions["posyandu_a"].pk, dt.date(2025, 2, 1)])
    assert url.endswith("/2025-02/")
