from __future__ import annotations

import datetime as dt

from django.urls import reverse

from ranting.dashboards.indicators import Timeliness
from ranting.dashboards.tests.conftest import PERIOD
from ranting.usage.middleware import RECORD_QUERIES_IN_TRANSACTION as USAGE_QUERIES

BULAN = {"bulan": PERIOD.strftime("%Y-%m")}


def _url(posyandu):
    return reverse("dashboards:posyandu", args=[posyandu.pk])


def test_it_shows_twelve_months_of_a_posyandu(may_data, people, login, report, measure):
    a = may_data["posyandu_a"]
    report(a, "returned", period=dt.date(2025, 3, 1), submitted_on=dt.date(2025, 3, 27))
    response = login(people["kecamatan"]).get(_url(a), BULAN)
    assert response.status_code == 200
    months = response.context["months"]
    assert len(months) == 12
    assert months[0].period == PERIOD  # newest first
    assert months[0].timeliness == Timeliness.ON_TIME
    assert months[0].counts.measured == 4
    march = next(m for m in months if m.period == dt.date(2025, 3, 1))
    assert march.timeliness == Timeliness.LATE
    assert march.status_label == "Dikembalikan untuk diperbaiki"
    assert months[-1].timeliness == Timeliness.MISSING
    body = response.content.decode()
    assert "Posyandu Mawar" in body
    assert reverse("dashboards:region", args=["32.75.06.1001"]) in body  # breadcrumb up


def test_it_hides_unapproved_measurements_unless_asked(may_data, people, login):
    a2 = may_data["posyandu_a2"]
    client = login(people["admin_kelurahan"])
    assert client.get(_url(a2), BULAN).context["current"].counts.measured == 0
    everything = client.get(_url(a2), {**BULAN, "semua": "1"})
    assert everything.context["current"].counts.measured == 2
    assert "belum diverifikasi" in everything.content.decode()


def test_it_hides_posyandu_of_other_regions(may_data, people, login):
    assert login(people["kecamatan_other"]).get(_url(may_data["posyandu_a"])).status_code == 404
    assert login(people["admin_other"]).get(_url(may_data["posyandu_a"])).status_code == 404


def test_it_returns_404_for_an_unknown_posyandu(regions, people, login):
    response = login(people["dinas"]).get(reverse("dashboards:posyandu", args=[999999]))
    assert response.status_code == 404


def test_it_forbids_kader_even_for_their_own_posyandu(may_data, people, login):
    assert login(people["kader"]).get(_url(may_data["posyandu_a"])).status_code == 403


def test_it_rejects_post(may_data, people, login):
    assert login(people["dinas"]).post(_url(may_data["posyandu_a"])).status_code == 405


def test_it_keeps_a_constant_number_of_queries(
    may_data, people, login, measure, django_assert_max_num_queries
):
    a = may_data["posyandu_a"]
    client = login(people["dinas"])
    with django_assert_max_num_queries(7 + USAGE_QUERIES):
        client.get(_url(a), BULAN)
    for month in range(1, 5):
        measure(a, period=dt.date(2025, month, 1), zlen=-2.2)
    with django_assert_max_num_queries(7 + USAGE_QUERIES):
        assert client.get(_url(a), {**BULAN, "semua": "1"}).status_code == 200
