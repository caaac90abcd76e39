"""recaps:index — the month overview of the kelurahan's posyandu."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from ranting.recaps import deadlines
from ranting.usage.middleware import RECORD_QUERIES_IN_TRANSACTION as USAGE_QUERIES

pytestmark = pytest.mark.django_db

URL = reverse("recaps:index")


def test_it_shows_the_admins_kelurahan_for_a_month(login, people, month_fixture, report_in):
    report_in("approved")
    response = login(people["admin_kelurahan"]).get(URL, {"bulan": "2025-05"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.posyandu.name for r in rows] == ["Mawar", "Melati"]
    assert response.context["kelurahan"].code == "32.75.06.1001"
    body = response.content.decode()
    assert "Disetujui (terkunci)" in body
    assert "Diisi kader" in body
    assert "67%" in body  # D/S of Mawar: 4 of 6
    assert "Teratai" not in body  # Kalibaru's posyandu
    assert response.context["approved_count"] == 1
    total = response.context["total"]
    assert (total.s, total.d, total.flagged) == (7, 5, 4)


def test_it_defaults_to_the_current_month(login, people):
    with time_machine.travel(dt.datetime(2025, 8, 14, 9, tzinfo=dt.UTC), tick=False):
        response = login(people["admin_kelurahan"]).get(URL)
    assert response.status_code == 200
    assert response.context["period"] == dt.date(2025, 8, 1)
    assert response.context["next"] is None
    assert 'value="2025-08"' in response.content.decode()


def test_it_marks_late_rows(login, people, regions):
    with time_machine.travel(dt.datetime(2025, 5, 31, 9, tzinfo=dt.UTC), tick=False):
        response = login(people["admin_kelurahan"]).get(URL)
    assert response.context["late_count"] == 2
    assert "Terlambat" in response.content.decode()


@pytest.mark.parametrize(
    ("bulan", "message"),
    [
        ("Mei 2025", "Bulan laporan tidak valid"),
        ("2025-13", "Bulan laporan tidak valid"),
        ("2999-01", "tidak boleh melewati bulan ini"),
    ],
)
def test_it_explains_a_bad_month_and_falls_back_to_this_month(login, people, bulan, message):
    response = login(people["admin_kelurahan"]).get(URL, {"bulan": bulan})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["period"] == deadlines.current_period()


def test_it_refuses_post(login, people):
    assert login(people["admin_kelurahan"]).post(URL).status_code == 405


def test_it_hides_another_kelurahan_from_an_admin(login, people):
    response = login(people["admin_kelurahan"]).get(URL, {"kelurahan": "32.75.06.1004"})
    assert response.status_code == 404


def test_it_lets_the_kecamatan_choose_one_of_its_kelurahan(login, people):
    client = login(people["kecamatan"])
    response = client.get(URL, {"bulan": "2025-05", "kelurahan": "32.75.06.1004"})
    assert response.status_code == 200
    assert [r.posyandu.name for r in response.context["rows"]] == ["Teratai"]
    codes = [k.code for k in response.context["kelurahan_choices"]]
    assert codes == ["32.75.06.1001", "32.75.06.1004"]
    assert client.get(URL, {"kelurahan": "32.75.01.1001"}).status_code == 404


def test_it_shows_a_kader_only_their_own_posyandu(login, people):
    response = login(people["kader"]).get(URL, {"bulan": "2025-05"})
    assert response.status_code == 200
    assert [r.posyandu.name for r in response.context["rows"]] == ["Mawar"]
    assert response.context["kelurahan_choices"] == []


def test_it_sends_anonymous_users_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_uses_a_bounded_number_of_queries(
    login, people, regions, make_child, measure, period, django_assert_max_num_queries
):
    from ranting.regions.models import Posyandu

    for rw in range(3, 23):
        posyandu = Posyandu.objects.create(
            code=f"32.75.06.1001.{rw:02d}",
            name=f"Pos {rw}",
            kelurahan=regions["32.75.06.1001"],
            rw=f"{rw:02d}",
        )
        measure(make_child(posyandu=posyandu), period=period)
    client = login(people["admin_kelurahan"])
    with django_assert_max_num_queries(8 + USAGE_QUERIES):
        response = client.get(URL, {"bulan": "2025-05"})
    assert len(response.context["rows"]) == 22
