from __future__ import annotations

from django.urls import reverse

from ranting.analysis.tests.conftest import BULAN
from ranting.usage.middleware import RECORD_QUERIES_IN_TRANSACTION as USAGE_QUERIES


def _url(posyandu):
    return reverse("analysis:skdn_posyandu", args=[posyandu.pk])


def test_it_shows_the_f1_of_the_kaders_posyandu(skdn_data, people, login):
    response = login(people["kader"]).get(_url(skdn_data["posyandu_a"]), BULAN)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.is_posyandu
    grid = {line.row.number: line for line in report.grid}
    assert grid["01"].cells == [1, 2, 1, 1, 1, 0, 1, 2]
    assert grid["02"].total == 8
    assert grid["09"].total == 1
    body = response.content.decode()
    for text in (
        "Jumlah balita yang naik berat badannya bulan ini",
        "Jumlah bayi (6–11 bln) mendapat vitamin A bulan Februari/Agustus",
        "Jumlah bayi dengan ASI eksklusif pada bulan ini",
        "0–5 bln",
        "24–59 bln",
        "88,9",  # K/S = 8/9, Indonesian decimal comma
        "format=xlsx",
        "format=csv",
    ):
        assert text in body


def test_it_does_not_warn_about_vitamin_a_in_august(skdn_data, people, login):
    response = login(people["kader"]).get(_url(skdn_data["posyandu_a"]), {"bulan": "2025-08"})
    assert response.status_code == 200
    assert response.context["report"].is_vitamin_a_month
    assert "bukan bulan vitamin A" not in response.content.decode()


def test_it_hides_another_posyandu_from_a_kader(skdn_data, people, login):
    assert login(people["kader"]).get(_url(skdn_data["posyandu_b"])).status_code == 404


def test_it_hides_a_posyandu_of_another_kelurahan(skdn_data, people, login):
    response = login(people["admin_other"]).get(_url(skdn_data["posyandu_a"]))
    assert response.status_code == 404


def test_it_keeps_a_constant_number_of_queries(
    skdn_data, people, login, django_assert_max_num_queries
):
    client = login(people["kader"])
    with django_assert_max_num_queries(6 + USAGE_QUERIES):
        assert client.get(_url(skdn_data["posyandu_a"]), BULAN).status_code == 200


def test_it_rejects_post(skdn_data, people, login):
    assert login(people["kader"]).post(_url(skdn_data["posyandu_a"])).status_code == 405
