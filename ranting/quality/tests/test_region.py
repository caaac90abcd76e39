"""The region quality page: index redirect, rows, definitions, month filter and query count."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from ranting.quality.catalog import METRICS
from ranting.quality.tests.conftest import BULAN

pytestmark = pytest.mark.django_db


def _url(code, **query):
    base = reverse("quality:region", args=[code])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_sends_each_user_to_their_region(regions, people, login):
    response = login(people["kecamatan"]).get(reverse("quality:index") + f"?bulan={BULAN}")
    assert response.status_code == 302
    assert response["Location"] == _url("32.75.06", bulan=BULAN)


def test_it_lets_the_superadmin_choose_among_top_regions(regions, people, login):
    from ranting.regions.models import Region

    client = login(people["superadmin"])
    assert client.get(reverse("quality:index"))["Location"] == _url("32.75")
    Region.objects.create(code="32.16", name="Kabupaten Bekasi", level="kota", kota_code="32.16")
    response = client.get(reverse("quality:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _url("32.75") in html
    assert _url("32.16") in html


def test_it_shows_the_kelurahan_with_posyandu_and_kader_rows(regions, people, login, quality_month):
    response = login(people["admin_kelurahan"]).get(_url("32.75.06.1001", bulan=BULAN, semua=1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kualitas data · Kelurahan/Desa Medansatria" in html
    report = response.context["report"]
    # Completeness of the kelurahan: 10 of 12 target children → "83,3%" (Indonesian comma).
    assert report.total.cells["completeness"].display == "83,3%"
    assert "83,3%" in html
    assert "10 dari 12 anak sasaran diukur; 2 belum." in html
    # Posyandu rows open the posyandu's recap page for the month.
    recap = reverse("recaps:detail", args=[regions["posyandu_a"].pk, "2025-05"])
    assert f'href="{recap}"' in html
    assert "Per kader" in html
    assert "Sari" in html


def test_it_links_every_column_to_its_definition(regions, people, login, quality_month):
    html = login(people["dinas"]).get(_url("32.75", bulan=BULAN)).content.decode()
    for spec in METRICS:
        assert f'id="{spec.anchor}"' in html
        assert f'href="#{spec.anchor}"' in html
        assert escape(str(spec.threshold)) in html


def test_it_drills_down_from_the_city_to_the_kecamatan(regions, people, login, quality_month):
    response = login(people["dinas"]).get(_url("32.75", bulan=BULAN, semua=1))
    units = response.context["report"].units
    assert [u.code for u in units] == ["32.75.01", "32.75.06"]
    assert units[1].url == _url("32.75.06")
    assert units[1].cells["who_flags"].result.n == 11
    html = response.content.decode()
    # The drill-down link keeps the month and the data source.
    assert f'href="{_url("32.75.06")}?bulan=2025-05&amp;semua=1"' in html
    # No kader table above the kelurahan level (thousands of rows in a real city).
    assert "Per kader" not in html


def test_it_shows_only_verified_data_by_default(regions, people, login, quality_month):
    response = login(people["admin_kelurahan"]).get(_url("32.75.06.1001", bulan=BULAN))
    assert response.context["approved_only"] is True
    # Only posyandu A2's report is approved: its 2 measurements.
    assert response.context["report"].total.cells["who_flags"].result.n == 2
    assert "Sumber: data terverifikasi" in response.content.decode()


def test_it_names_the_field_of_a_bad_month_and_shows_this_month(regions, people, login):
    response = login(people["dinas"]).get(_url("32.75", bulan="2025-13"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bulan laporan: tulis bulan dengan format TTTT-BB" in html


def test_it_refuses_a_download_of_a_bad_month(regions, people, login):
    response = login(people["dinas"]).get(_url("32.75", bulan="2025-13", format="csv"))
    assert response.status_code == 400
    assert "Bulan laporan" in response.content.decode()


def test_it_refuses_an_unknown_format(regions, people, login):
    response = login(people["dinas"]).get(_url("32.75", bulan=BULAN, format="pdf"))
    assert response.status_code == 400
    assert "Format unduhan" in response.content.decode()


def test_it_shows_the_page_in_a_fixed_number_of_queries(
    regions, people, login, quality_month, make_child, measure
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ranting.regions.models import Posyandu

    client = login(people["admin_kelurahan"])
    url = _url("32.75.06.1001", bulan=BULAN, semua=1)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(6):
        extra = Posyandu.objects.create(
            code=f"32.75.06.1001.5{i}", name=f"Extra {i}", kelurahan=regions["32.75.06.1001"]
        )
        measure(make_child(posyandu=extra, name=f"Extra {i}"))
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    # Same count for 2 posyandu as for 8 (no query per posyandu, child or kader).
    assert len(after) == len(before)
    assert len(response.context["report"].units) == 8
    assert len(re.findall(r'<tr>\s*<th scope="row">', response.content.decode())) >= 8
