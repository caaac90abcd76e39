"""Role × region through every endpoint: 404 for another region's objects, 403 where the caller
may see but not change, 401 without credentials (the same rules as the web pages)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ranting.api.api import api as ninja_api
from ranting.api.tests.conftest import measurement_body, new_id
from ranting.measurements.models import Measurement
from ranting.measurements.services import record_measurement
from ranting.recaps.models import MonthlyReport
from ranting.testing.access import PERSONAS, matrix_cases

SEE = [200, 404, 200, 404, 200, 404, 200, 200]  # kader A ... superadmin (PERSONAS order)
RECORD_OK = [200, 404, 403, 404, 403, 404, 403, 200]
CREATE_OK = [201, 404, 403, 404, 403, 404, 403, 201]
VERIFY_OK = [403, 404, 200, 404, 403, 404, 403, 200]
REGION_KELURAHAN = [403, 404, 200, 404, 200, 404, 200, 200]
REGION_KECAMATAN = [404, 404, 404, 404, 200, 404, 200, 200]


@pytest.fixture
def world(regions, people, make_child):
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    child_a = make_child(name="Anak A")
    child_b = make_child(name="Anak B", posyandu=regions["posyandu_b"])
    child_c = make_child(name="Anak C", posyandu=regions["posyandu_c"])
    measured = record_measurement(
        child_a,
        people["kader"],
        {"measured_on": last_month, "weight_kg": Decimal("11.0"), "lenhei_cm": Decimal("84"),
         "position": "h"},
    )  # fmt: skip
    report = MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"], period=today.replace(day=1)
    )
    return {"a": child_a, "b": child_b, "c": child_c, "m": measured, "report": report}


def _set_status(report: MonthlyReport, status: str) -> None:
    MonthlyReport.objects.filter(pk=report.pk).update(status=status)


def _call(api, persona, case, world, regions):
    client = api(persona)
    a, m, report = world["a"], world["m"], world["report"]
    match case:
        case "get_child":
            return client.get(f"/children/{a.pk}")
        case "patch_child":
            return client.patch(f"/children/{a.pk}", {"address": "Jl. Baru"})
        case "create_child":
            return client.post(
                "/children",
                {"client_id": new_id(), "posyandu_id": regions["posyandu_a"].pk, "name": "Baru",
                 "sex": "P", "birth_date": "2025-01-02", "mother_name": "Ibu Baru"},
            )  # fmt: skip
        case "get_measurement":
            return client.get(f"/measurements/{m.pk}")
        case "create_measurement":
            return client.post("/measurements", measurement_body(a))
        case "correct_measurement":
            return client.patch(
                f"/measurements/{m.pk}",
                {"client_id": new_id(), "weight_kg": 11.1, "reason": "salah ketik"},
            )
        case "get_recap":
            return client.get(f"/recaps/{report.pk}")
        case "open_recap":
            period = report.period.strftime("%Y-%m")
            return client.post(
                "/recaps", {"posyandu_id": regions["posyandu_a"].pk, "period": period}
            )
        case "submit":
            return client.post(f"/recaps/{report.pk}/submit")
        case "approve":
            _set_status(report, MonthlyReport.Status.SUBMITTED)
            return client.post(f"/recaps/{report.pk}/approve", {})
        case "return":
            _set_status(report, MonthlyReport.Status.SUBMITTED)
            return client.post(f"/recaps/{report.pk}/return", {"comment": "cek lagi"})
        case "reopen":
            _set_status(report, MonthlyReport.Status.APPROVED)
            return client.post(f"/recaps/{report.pk}/reopen", {"reason": "ada yang salah"})
        case "get_region":
            return client.get("/regions/32.75.06.1001")
        case "skdn_posyandu":
            return client.get("/aggregates/skdn", {"posyandu": regions["posyandu_a"].pk})
        case "skdn_kelurahan":
            return client.get("/aggregates/skdn", {"region": "32.75.06.1001"})
        case "prevalence_kelurahan":
            return client.get("/aggregates/prevalence", {"region": "32.75.06.1001"})
        case "prevalence_kecamatan":
            return client.get("/aggregates/prevalence", {"region": "32.75.06"})
    raise AssertionError(case)


MATRIX = {
    "get_child": SEE,
    "patch_child": RECORD_OK,
    "create_child": CREATE_OK,
    "get_measurement": SEE,
    "create_measurement": CREATE_OK,
    "correct_measurement": RECORD_OK,
    "get_recap": SEE,
    "open_recap": [200, 404, 200, 404, 403, 404, 403, 200],
    "submit": RECORD_OK,
    "approve": VERIFY_OK,
    "return": VERIFY_OK,
    "reopen": VERIFY_OK,
    "get_region": SEE,
    "skdn_posyandu": SEE,
    "skdn_kelurahan": REGION_KELURAHAN,
    "prevalence_kelurahan": REGION_KELURAHAN,
    "prevalence_kecamatan": REGION_KECAMATAN,
}


@pytest.mark.parametrize(
    ("case", "persona", "expected"),
    matrix_cases(MATRIX, PERSONAS),
)
def test_it_applies_the_role_region_matrix(api, world, regions, case, persona, expected):
    before = Measurement.objects.count()

    response = _call(api, persona, case, world, regions)

    assert response.status_code == expected, response.json()
    if expected in {403, 404}:
        assert response.json()["code"] == {403: "forbidden", 404: "not_found"}[expected]
        assert Measurement.objects.count() == before
        world["a"].refresh_from_db()
        assert world["a"].address == ""


LISTS = {
    "kader": {"Anak A"},
    "kader_b": {"Anak B"},
    "admin_kelurahan": {"Anak A"},
    "admin_other": {"Anak B"},
    "kecamatan": {"Anak A", "Anak B"},
    "kecamatan_other": {"Anak C"},
    "dinas": {"Anak A", "Anak B", "Anak C"},
    "superadmin": {"Anak A", "Anak B", "Anak C"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_hold_only_the_callers_region(api, world, regions, persona):
    client = api(persona)
    names = {c["name"] for c in client.get("/children").json()["items"]}
    measured = {m["child_id"] for m in client.get("/measurements").json()["items"]}
    reports = {r["id"] for r in client.get("/recaps").json()["items"]}
    posyandu = {p["id"] for p in client.get("/posyandu").json()["items"]}

    assert names == LISTS[persona]
    sees_a = "Anak A" in LISTS[persona]
    assert measured == ({world["a"].pk} if sees_a else set())
    assert reports == ({world["report"].pk} if sees_a else set())
    assert (regions["posyandu_a"].pk in posyandu) == sees_a
    assert (regions["posyandu_c"].pk in posyandu) == ("Anak C" in LISTS[persona])


def test_a_filter_on_another_region_returns_nothing(api, world, regions):
    response = api("kader").get("/children", {"posyandu": regions["posyandu_b"].pk})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def _operations():
    schema = ninja_api.get_openapi_schema(path_prefix="")
    for path, methods in schema["paths"].items():
        for method in methods:
            yield method.upper(), path.replace("{id}", "1").replace("{code}", "32.75")


@pytest.mark.parametrize(("method", "path"), list(_operations()))
def test_every_operation_needs_credentials(anonymous, method, path):
    response = anonymous.client.generic(method, "/api/v1" + path, "{}", "application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
