from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ranting.dashboards.tests.conftest import PERIOD
from ranting.usage.middleware import RECORD_QUERIES_IN_TRANSACTION as USAGE_QUERIES

BULAN = {"bulan": PERIOD.strftime("%Y-%m")}


def _url(code):
    return reverse("dashboards:region", args=[code])


def test_it_shows_the_kecamatan_page_with_reports_and_prevalence(may_data, people, login):
    client = login(people["kecamatan"])
    response = client.get(_url("32.75.06"), BULAN)
    assert response.status_code == 200
    page = response.context["page"]
    rows = {row.key: row for row in page.rows}
    assert set(rows) == {"32.75.06.1001", "32.75.06.1004"}
    medansatria = rows["32.75.06.1001"]
    assert (medansatria.reports.on_time, medansatria.reports.late) == (1, 1)
    assert rows["32.75.06.1004"].reports.missing == 1
    assert medansatria.counts.measured == 4
    assert page.total_counts.measured == 4
    assert (page.total_reports.posyandu, page.total_reports.missing) == (3, 1)
    body = response.content.decode()
    assert "Menampilkan: hanya data terverifikasi" in body
    assert "Penyebut" in body  # the definition sits next to the figures
    assert reverse("dashboards:region", args=["32.75.06.1001"]) in body
    assert "<svg" in body


def test_it_includes_unverified_data_with_semua(may_data, people, login):
    client = login(people["kecamatan"])
    response = client.get(_url("32.75.06"), {**BULAN, "semua": "1"})
    assert response.status_code == 200
    assert response.context["page"].total_counts.measured == 7
    body = response.content.decode()
    assert "Menampilkan: semua data, termasuk yang belum diverifikasi" in body
    assert "semua=1" in body  # drill-down links keep the choice


def test_it_drills_down_from_kota_to_posyandu(may_data, people, login):
    client = login(people["dinas"])
    kota = client.get(_url("32.75"), BULAN)
    assert kota.status_code == 200
    assert {row.key for row in kota.context["page"].rows} == {"32.75.01", "32.75.06"}
    assert _url("32.75.06") in kota.content.decode()
    kelurahan = client.get(_url("32.75.06.1001"), BULAN)
    assert kelurahan.status_code == 200
    rows = kelurahan.context["page"].rows
    assert [row.key for row in rows] == [may_data["posyandu_a"].pk, may_data["posyandu_a2"].pk]
    assert [row.timeliness_label for row in rows] == ["Tepat waktu", "Terlambat"]
    posyandu_url = reverse("dashboards:posyandu", args=[may_data["posyandu_a"].pk])
    assert posyandu_url in kelurahan.content.decode()


def test_it_lets_the_admin_kelurahan_see_their_kelurahan(may_data, people, login):
    client = login(people["admin_kelurahan"])
    assert client.get(_url("32.75.06.1001")).status_code == 200
    assert client.get(_url("32.75.06")).status_code == 404


def test_it_hides_other_regions(may_data, people, login):
    client = login(people["kecamatan_other"])
    assert client.get(_url("32.75.06")).status_code == 404
    assert client.get(_url("32.75.06.1001")).status_code == 404
    assert client.get(_url("32.75")).status_code == 404
    assert client.get(_url("99.99")).status_code == 404


def test_it_forbids_kader(may_data, people, login):
    assert login(people["kader"]).get(_url("32.75.06.1001")).status_code == 403


def test_it_rejects_post(may_data, people, login):
    assert login(people["kecamatan"]).post(_url("32.75.06")).status_code == 405


def test_it_requires_login(client, regions):
    response = client.get(_url("32.75.06"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("bulan", "message"),
    [
        ("mei-2025", "format TTTT-BB"),
        ("2999-01", "tidak boleh melewati bulan ini"),
    ],
)
def test_it_explains_a_bad_month_and_shows_this_month(may_data, people, login, bulan, message):
    response = login(people["kecamatan"]).get(_url("32.75.06"), {"bulan": bulan})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bulan laporan:" in body
    assert message in body
    assert response.context["period"].day == 1


def test_it_fills_the_month_input_with_the_month_shown(may_data, people, login):
    import time_machine

    client = login(people["kecamatan"])
    with time_machine.travel(dt.datetime(2025, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        response = client.get(_url("32.75.06"))
    assert response.context["period"] == dt.date(2025, 11, 1)
    assert 'name="bulan" value="2025-11"' in response.content.decode()
    chosen = client.get(_url("32.75.06"), BULAN).content.decode()
    assert 'name="bulan" value="2025-05"' in chosen


def test_it_renders_the_trend_as_valid_inline_svg(may_data, people, login):
    import xml.etree.ElementTree as ET

    body = login(people["dinas"]).get(_url("32.75"), BULAN).content.decode()
    start, end = body.index("<svg"), body.index("</svg>") + len("</svg>")
    root = ET.fromstring(body[start:end])
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text
    circles = root.findall(f".//{ns}circle")
    assert len(circles) == 3  # May only: one point per indicator
    assert "Mei 2025" in circles[0].find(f"{ns}title").text


def test_it_keeps_a_constant_number_of_queries(
    may_data, people, login, measure, regions, django_assert_max_num_queries
):
    from ranting.regions.models import Posyandu, Region

    client = login(people["dinas"])
    with django_assert_max_num_queries(9 + USAGE_QUERIES):
        assert client.get(_url("32.75"), BULAN).status_code == 200
    # Many more regions, posyandu and measurements: still the same number of queries.
    for i in range(5):
        kel = Region.objects.create(
            code=f"32.75.06.20{i:02d}",
            name=f"Kel {i}",
            level="kelurahan",
            parent=regions["32.75.06"],
            kota_code="32.75",
        )
        pos = Posyandu.objects.create(code=f"{kel.code}.01", name=f"P{i}", kelurahan=kel)
        measure(pos, zlen=-2.5)
    for code in ("32.75", "32.75.06", "32.75.06.1001"):
        with django_assert_max_num_queries(9 + USAGE_QUERIES):
            assert client.get(_url(code), {**BULAN, "semua": "1"}).status_code == 200
