"""/aggregates/prevalence and /aggregates/skdn against counts worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ranting.api.tests.conftest import new_id
from ranting.recaps.models import MonthlyReport


@pytest.fixture
def month_data(api, make_child, regions):
    """Posyandu A: the WHO reference girl (zlen −2.90, zwei −3.06, zwfl −1.80: stunted,
    underweight, BGM, not wasted) and a boy at the median (92 cm, 13.5 kg at 32 months: none).
    Posyandu A2: another boy at the median. A's report is approved, A2's is only submitted."""
    today = timezone.localdate()
    girl = make_child(sex="P", birth_date=today - dt.timedelta(days=956), name="Siti")
    boy = make_child(birth_date=today - dt.timedelta(days=975), name="Bayu")
    other = make_child(
        birth_date=today - dt.timedelta(days=975), name="Raka", posyandu=regions["posyandu_a2"]
    )
    base = {"measured_on": today.isoformat(), "position": "h"}
    rows = [
        (girl, {"weight_kg": 9, "lenhei_cm": 81.3, "headc_cm": 47.5, "armc_cm": 13.8}),
        (boy, {"weight_kg": 13.5, "lenhei_cm": 92}),
        (other, {"weight_kg": 13.5, "lenhei_cm": 92}),
    ]
    for child, values in rows:
        body = {"client_id": new_id(), "child_id": child.pk, **base, **values}
        assert api("superadmin").post("/measurements", body).status_code == 201
    period = today.replace(day=1)
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"], period=period, status=MonthlyReport.Status.APPROVED
    )
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_a2"], period=period, status=MonthlyReport.Status.SUBMITTED
    )
    return today.strftime("%Y-%m")


def _indicator(body: dict, code: str) -> dict:
    return next(i for i in body["indicators"] if i["indicator"] == code)


def test_prevalence_counts_only_verified_months_by_default(api, month_data):
    body = api("admin_kelurahan").get("/aggregates/prevalence", {"month": month_data}).json()

    assert body["region_code"] == "32.75.06.1001"
    assert body["approved_only"] is True
    assert body["measured"] == 2
    stunting = _indicator(body, "stunting")
    assert (stunting["count"], stunting["n"], stunting["pct"]) == (1, 2, 50.0)
    assert _indicator(body, "wasting")["count"] == 0


def test_prevalence_with_unverified_months_and_its_interval(api, month_data):
    body = (
        api("dinas")
        .get(
            "/aggregates/prevalence",
            {"region": "32.75.06.1001", "month": month_data, "semua": "true"},
        )
        .json()
    )

    stunting = _indicator(body, "stunting")
    assert (stunting["count"], stunting["n"]) == (1, 3)
    assert stunting["pct"] == pytest.approx(100 / 3)
    # Wilson 95% interval of 1/3 (Newcombe 1998, method 3): 6.15% to 79.23%.
    assert stunting["ci_low"] == pytest.approx(6.15, abs=0.01)
    assert stunting["ci_high"] == pytest.approx(79.23, abs=0.01)
    assert _indicator(body, "underweight")["count"] == 1
    by_unit = {u["name"]: u for u in body["units"]}
    assert by_unit["Posyandu Mawar (RW 01)"]["measured"] == 2
    assert by_unit["Posyandu Melati (RW 02)"]["measured"] == 1


def test_skdn_of_a_posyandu(api, regions, month_data):
    body = (
        api("kader")
        .get("/aggregates/skdn", {"posyandu": regions["posyandu_a"].pk, "month": month_data})
        .json()
    )

    totals = body["totals"]
    # Two registered children under five with a KMS, both weighed for the first time (B), the
    # girl below the red line (BB/U < −3 SD).
    assert (totals["s"], totals["k"], totals["d"], totals["b"], totals["bgm"]) == (2, 2, 2, 2, 1)
    assert (totals["n"], totals["t"], totals["o"]) == (0, 0, 0)
    assert body["identity_ok"] is True
    d_over_s = next(r for r in body["ratios"] if r["code"] == "D/S")
    assert (d_over_s["numerator"], d_over_s["denominator"], d_over_s["pct"]) == (2, 2, 100.0)
    row_07 = next(r for r in body["rows"] if r["number"] == "07")
    assert (row_07["total_l"], row_07["total_p"]) == (1, 1)


def test_skdn_of_a_region_lists_its_posyandu(api, month_data):
    body = (
        api("kecamatan")
        .get("/aggregates/skdn", {"region": "32.75.06.1001", "month": month_data, "semua": "true"})
        .json()
    )

    assert body["totals"]["d"] == 3
    assert {u["name"]: u["totals"]["d"] for u in body["units"]} == {
        "Posyandu Mawar (RW 01)": 2,
        "Posyandu Melati (RW 02)": 1,
    }


def test_skdn_defaults_to_the_kaders_posyandu(api, month_data):
    body = api("kader").get("/aggregates/skdn", {"month": month_data}).json()

    assert body["code"] == "32.75.06.1001.01"


def test_a_kader_has_no_regional_prevalence(api, month_data):
    response = api("kader").get("/aggregates/prevalence")

    assert response.status_code == 403
    assert response.json()["field"] == "region"
