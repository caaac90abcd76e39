from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def child(make_child, measure, regions):
    kid = make_child(name="Siti", sex="P", birth_date=dt.date(2024, 3, 15))
    for period, age, weight, length in [
        (dt.date(2024, 9, 1), 176, "6.9", 63.5),
        (dt.date(2024, 12, 1), 270, "7.8", 68.8),
        (dt.date(2025, 3, 1), 361, "8.6", 73.4),
    ]:
        measure(
            regions["posyandu_a"],
            period=period,
            child=kid,
            age_days=age,
            measured_on=kid.birth_date + dt.timedelta(days=age),
            weight_kg=Decimal(weight),
            clenhei_cm=length,
        )
    return kid


def _url(child, indicator="wfa"):
    return reverse("dashboards:growth_chart", args=[child.pk, indicator])


def _svg(response):
    assert response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)


@pytest.mark.parametrize("indicator", ["wfa", "lhfa", "wfl"])
def test_it_draws_the_childs_points_on_who_curves(child, people, login, indicator):
    response = login(people["kader"]).get(_url(child, indicator))
    assert response.status_code == 200
    root = _svg(response)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert "Siti" in root.find(f"{NS}title").text
    assert root.find(f"{NS}desc").text.startswith("Kurva standar WHO 2006 untuk anak perempuan")
    assert len(root.findall(f".//{NS}path[@class='sd-curve']")) >= 5
    points = root.findall(f".//{NS}g[@class='child-points']/{NS}circle")
    assert len(points) == 3
    assert points[-1].find(f"{NS}title").text.startswith("11-03-2025, umur 11 bulan")
    labels = [t.text for t in root.findall(f".//{NS}text[@class='axis-label']")]
    if indicator == "wfl":
        assert labels == ["Panjang badan (cm)", "Berat badan (kg)"]
    else:
        assert labels[0] == "Umur (bulan)"


def test_it_labels_the_length_axis_in_indonesian(child, people, login):
    root = _svg(login(people["dinas"]).get(_url(child, "lhfa")))
    labels = [t.text for t in root.findall(f".//{NS}text[@class='axis-label']")]
    assert labels == ["Umur (bulan)", "Panjang/tinggi badan (cm)"]
    title = root.findall(f".//{NS}g[@class='child-points']/{NS}circle")[0].find(f"{NS}title")
    assert "63,5 cm" in title.text


def test_it_switches_to_height_on_request(child, people, login):
    response = login(people["kader"]).get(_url(child, "wfl"), {"ukur": "tinggi"})
    root = _svg(response)
    assert "BB/TB" in root.find(f"{NS}title").text
    assert root.findall(f".//{NS}g[@class='child-points']/{NS}circle") == []


def test_it_explains_a_bad_position_choice(child, people, login):
    response = login(people["kader"]).get(_url(child, "wfl"), {"ukur": "duduk"})
    assert response.status_code == 400
    assert "Cara ukur" in response.content.decode()


def test_it_returns_404_for_an_unknown_indicator(child, people, login):
    assert login(people["kader"]).get(_url(child, "imtu")).status_code == 404


def test_it_hides_children_of_other_regions(child, people, login):
    assert login(people["kader_b"]).get(_url(child)).status_code == 404
    assert login(people["kecamatan_other"]).get(_url(child)).status_code == 404
    assert login(people["admin_other"]).get(_url(child)).status_code == 404


def test_it_draws_an_empty_chart_for_a_child_without_measurements(make_child, people, login):
    kid = make_child(name="Baru")
    root = _svg(login(people["admin_kelurahan"]).get(_url(kid)))
    assert root.findall(f".//{NS}g[@class='child-points']/{NS}circle") == []


def test_it_shows_weight_for_height_to_an_unmeasured_child_over_two(make_child, people, login):
    import time_machine

    kid = make_child(name="Dua Tahun", birth_date=dt.date(2023, 6, 1))
    with time_machine.travel(dt.datetime(2025, 11, 10, 10, tzinfo=dt.UTC), tick=False):
        root = _svg(login(people["kader"]).get(_url(kid, "wfl")))
    assert "BB/TB" in root.find(f"{NS}title").text


def test_it_is_not_cached(child, people, login):
    response = login(people["kader"]).get(_url(child))
    assert "no-store" in response["Cache-Control"]


def test_it_rejects_post(child, people, login):
    assert login(people["kader"]).post(_url(child)).status_code == 405


def test_it_keeps_a_constant_number_of_queries(
    child, people, login, measure, regions, django_assert_max_num_queries
):
    client = login(people["dinas"])
    with django_assert_max_num_queries(4):
        client.get(_url(child))
    for month in range(4, 9):
        measure(
            regions["posyandu_a"],
            period=dt.date(2025, month, 1),
            child=child,
            age_days=361 + 30 * (month - 3),
            weight_kg=Decimal("9.0"),
        )
    with django_assert_max_num_queries(4):
        assert client.get(_url(child)).status_code == 200
