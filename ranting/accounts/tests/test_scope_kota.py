"""The kota the scope querysets fix (scope.in_kota): the same rows as the region rules alone,
and `kota_code` in the SQL of the pages and API calls that read one kota's children."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ranting.accounts import scope
from ranting.children.models import Child
from ranting.children.services import move_child
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Region

from .test_scope import VISIBLE


@pytest.fixture
def bogor(other_kota):
    return other_kota["posyandu"]


def _measure(child, period, posyandu=None):
    return Measurement.objects.create(
        child=child,
        posyandu=posyandu or child.posyandu,
        period=period,
        measured_on=period + dt.timedelta(days=9),
        weight_kg=Decimal("9.20"),
        lenhei_cm=Decimal("74.0"),
        position="l",
        age_months=13,
    )


@pytest.fixture
def two_kota(regions, people, bogor, make_child):
    """Children in both kota; Sari weighed in Bogor in April, then moved to posyandu A."""
    children = {key: make_child(posyandu=regions[key], name=key) for key in VISIBLE["dinas"]}
    children["bogor"] = make_child(posyandu=bogor, name="Bogor")
    sari = make_child(posyandu=bogor, name="Sari")
    _measure(sari, dt.date(2025, 4, 1))
    move_child(sari, people["superadmin"], regions["posyandu_a"], "pindah rumah")
    _measure(sari, dt.date(2025, 5, 1))
    for child in children.values():
        _measure(child, dt.date(2025, 5, 1))
    for posyandu in [*(regions[key] for key in VISIBLE["dinas"]), bogor]:
        MonthlyReport.objects.create(posyandu=posyandu, period=dt.date(2025, 5, 1))
    return {**children, "sari": Child.objects.get(pk=sari.pk)}


def test_it_names_the_users_kota(people, regions, bogor):
    for persona in VISIBLE:
        expected = None if persona == "superadmin" else ["32.75"]
        assert scope.user_kotas(people[persona]) == expected, persona
    province = people["dinas"]
    province.region = Region.objects.create(code="32", name="Jawa Barat", level="provinsi")
    assert scope.user_kotas(province) is None
    assert scope.in_kota(province) == scope.in_kota(people["superadmin"])
    kader = people["kader_b"]
    kader.posyandus.add(bogor)
    del kader._ranting_kotas
    assert scope.user_kotas(kader) == ["32.71", "32.75"]


@pytest.mark.parametrize("persona", list(VISIBLE))
def test_it_keeps_the_rows_the_region_rules_give(persona, people, two_kota):
    user = people[persona]
    posyandus = scope.visible_posyandus(user)
    assert set(scope.visible_children(user)) == set(Child.objects.filter(posyandu__in=posyandus))
    assert set(scope.visible_reports(user)) == set(
        MonthlyReport.objects.filter(posyandu__in=posyandus)
    )
    by_region = Measurement.objects.filter(child__posyandu__in=posyandus)
    assert set(scope.visible_measurements(user)) == set(by_region)


def test_a_moved_childs_history_from_another_kota_stays_visible(people, two_kota):
    sari = two_kota["sari"]
    seen = scope.visible_measurements(people["kader"]).filter(child=sari)
    assert sorted(m.kota_code for m in seen) == ["32.71", "32.75"]


def _fixes_kota(queries, table: str) -> bool:
    """Whether a captured query reads `table` with the kota fixed on it."""
    return any(
        f'"{table}"."kota_code"' in sql.split(" WHERE ", 1)[-1]
        for sql in (q["sql"] for q in queries)
    )


@pytest.mark.parametrize("persona", ["kader", "admin_kelurahan", "dinas"])
def test_the_api_reads_children_and_reports_within_the_users_kota(
    persona, people, two_kota, client
):
    """Measurements are read within their child's kota (see scope.visible_measurements)."""
    client.force_login(people[persona])
    sari = two_kota["sari"]
    measurement = Measurement.objects.filter(child=sari).latest("period")
    report = MonthlyReport.objects.get(posyandu=sari.posyandu, period=dt.date(2025, 5, 1))
    reads = {
        "/api/v1/children": "children_child",
        f"/api/v1/children/{sari.pk}": "children_child",
        "/api/v1/measurements": "children_child",
        f"/api/v1/measurements/{measurement.pk}": "children_child",
        "/api/v1/recaps": "recaps_monthlyreport",
        f"/api/v1/recaps/{report.pk}": "recaps_monthlyreport",
    }
    for url, table in reads.items():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        assert _fixes_kota(captured.captured_queries, table), url
