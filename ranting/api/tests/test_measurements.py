"""POST/GET/PATCH /measurements: results, idempotency, conflicts, confirmation, locks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ranting.api.models import ClientWrite
from ranting.api.tests.conftest import child_body, measurement_body, new_id
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.recaps.models import MonthlyReport

# Row 6157 of WHO anthro's reference output (shared/data/reference/anthro_reference_public.csv,
# R package anthro 1.1.0): a girl of 956 days, 9 kg, 81.3 cm standing, head 47.5, arm 13.8 cm.
REFERENCE = {"zlen": -2.9, "zwei": -3.06, "zwfl": -1.8, "zbmi": -1.59, "zhc": -0.41, "zac": -1.34}


@pytest.fixture
def reference_child(make_child):
    today = timezone.localdate()
    return make_child(sex="P", birth_date=today - dt.timedelta(days=956), name="Siti")


def reference_body(child) -> dict:
    return {
        "client_id": new_id(),
        "child_id": child.pk,
        "measured_on": timezone.localdate().isoformat(),
        "weight_kg": 9,
        "lenhei_cm": 81.3,
        "position": "h",
        "headc_cm": 47.5,
        "armc_cm": 13.8,
    }


def test_it_returns_who_z_scores_and_pmk_statuses(api, reference_child):
    response = api("kader").post("/measurements", reference_body(reference_child))

    assert response.status_code == 201
    body = response.json()
    assert body["zscores"] == REFERENCE
    assert body["age_days"] == 956
    # PMK 2/2020 bands by hand: TB/U −2.9 is in [−3, −2) → pendek; BB/U −3.06 < −3 → sangat
    # kurang (and below the KMS red line: BGM); BB/TB −1.8 in [−2, +1] → gizi baik.
    assert body["status"]["tbu"] == {"code": "pendek", "label": "Pendek"}
    assert body["status"]["bbu"]["code"] == "berat_badan_sangat_kurang"
    assert body["status"]["bbu"]["label"] == "Berat badan sangat kurang"
    assert body["status"]["bbtb"]["code"] == "gizi_baik"
    assert body["bgm"] is True
    assert body["growth"] == {"code": "B", "label": "Baru pertama kali ditimbang"}
    assert body["two_t"] is False
    assert {"bgm", "stunting"} <= {r["code"] for r in body["referral"]}
    assert body["duplicate"] is False
    assert body["locked"] is False


def test_its_z_scores_equal_what_the_web_form_stores(api, login, people, make_child, regions):
    today = timezone.localdate()
    born = today - dt.timedelta(days=956)
    by_form = make_child(sex="P", birth_date=born, name="Lewat Form")
    by_api = make_child(sex="P", birth_date=born, name="Lewat API")
    form_values = {
        "measured_on": today.isoformat(),
        "weight_kg": "9",
        "lenhei_cm": "81,3",
        "position": "h",
        "headc_cm": "47,5",
        "armc_cm": "13,8",
    }
    page = login(people["kader"]).post(
        reverse("measurements:create", args=[by_form.pk]), form_values
    )
    assert page.status_code == 302
    stored = Measurement.objects.get(child=by_form)

    body = api("kader").post("/measurements", reference_body(by_api)).json()

    for name in REFERENCE:
        assert body["zscores"][name] == getattr(stored, name) == REFERENCE[name]
    assert body["status"]["tbu"]["code"] == stored.status_tbu
    assert body["status"]["bbu"]["code"] == stored.status_bbu


def test_a_retry_returns_the_first_row_and_saves_nothing_new(api, make_child):
    child = make_child()
    body = measurement_body(child)

    first = api("kader").post("/measurements", body)
    again = api("kader").post("/measurements", {**body, "weight_kg": "11.20"})

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["id"] == first.json()["id"]
    assert Measurement.objects.filter(child=child).count() == 1
    assert str(Measurement.objects.get(child=child).client_id) == body["client_id"]


def test_a_retry_after_a_correction_is_still_a_duplicate(api, make_child):
    child = make_child()
    body = measurement_body(child)
    created = api("kader").post("/measurements", body).json()
    fixed = api("kader").patch(
        f"/measurements/{created['id']}",
        {"client_id": new_id(), "weight_kg": 11.4, "reason": "salah ketik"},
    )
    assert fixed.status_code == 200

    late_retry = api("kader").post("/measurements", body)

    assert late_retry.status_code == 200
    assert late_retry.json()["duplicate"] is True
    assert late_retry.json()["weight_kg"] == 11.4


def test_the_same_client_id_with_other_values_is_a_conflict(api, make_child):
    child = make_child()
    body = measurement_body(child)
    api("kader").post("/measurements", body)

    response = api("kader").post("/measurements", {**body, "weight_kg": 12.0})

    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "client_id_conflict"
    assert error["field"] == "client_id"
    assert error["details"]["existing"]["weight_kg"] == 11.2
    assert Measurement.objects.filter(child=child).count() == 1


def test_a_row_carrying_the_client_id_without_a_record_is_recognised(api, make_child):
    # The state a concurrent request leaves behind if it stored the row (with its client_id)
    # between our look-up and our insert.
    child = make_child()
    body = measurement_body(child)
    api("kader").post("/measurements", body)
    ClientWrite.objects.all().delete()

    same = api("kader").post("/measurements", body)
    other = api("kader").post("/measurements", {**body, "weight_kg": 12.5})

    assert same.status_code == 200
    assert same.json()["duplicate"] is True
    assert other.status_code == 409
    assert other.json()["code"] == "client_id_conflict"


def test_a_second_weighing_in_the_month_is_already_measured(api, make_child):
    child = make_child()
    first = api("kader").post("/measurements", measurement_body(child)).json()

    response = api("kader").post("/measurements", measurement_body(child, weight_kg=11.3))

    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "already_measured"
    assert error["field"] == "measured_on"
    assert error["details"]["existing"]["id"] == first["id"]
    assert error["details"]["existing"]["weight_kg"] == 11.2
    assert Measurement.objects.filter(child=child).count() == 1


def test_implausible_values_need_confirmation(api, make_child):
    child = make_child()
    # 30 kg at 32 months: weight-for-age z far above +5, a WHO implausibility flag.
    body = measurement_body(child, weight_kg=30)

    refused = api("kader").post("/measurements", body)

    assert refused.status_code == 422
    error = refused.json()
    assert error["code"] == "needs_confirmation"
    assert error["field"] == "confirm"
    assert any("BB/U" in w for w in error["details"]["warnings"])
    assert error["details"]["preview"]["id"] is None
    assert Measurement.objects.count() == 0

    confirmed = api("kader").post("/measurements", {**body, "confirm": True})
    assert confirmed.status_code == 201
    assert confirmed.json()["confirmed_implausible"] is True
    assert "zwei" in [f["index"] for f in confirmed.json()["flags"]]


def test_impossible_values_name_the_field(api, make_child):
    child = make_child()

    response = api("kader").post("/measurements", measurement_body(child, weight_kg=8500))

    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "invalid"
    assert error["field"] == "weight_kg"
    assert "kg, bukan gram" in error["message"]
    assert error["message"].startswith("Berat badan (kg):")


def test_a_locked_month_is_refused(api, make_child, regions):
    child = make_child()
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"],
        period=timezone.localdate().replace(day=1),
        status=MonthlyReport.Status.APPROVED,
    )

    response = api("kader").post("/measurements", measurement_body(child))

    assert response.status_code == 409
    assert response.json()["code"] == "locked"
    assert Measurement.objects.count() == 0


def test_each_client_write_carries_the_kota_of_what_it_wrote(api, make_child, regions):
    # Citus co-locates the record with the child and measurement (docs/scaling.md).
    posyandu = regions["posyandu_a"]
    child = make_child(posyandu=posyandu)
    created = api("kader").post("/measurements", measurement_body(child)).json()
    api("kader").patch(
        f"/measurements/{created['id']}",
        {"client_id": new_id(), "weight_kg": 11.4, "reason": "salah ketik"},
    )
    registered = api("kader").post("/children", child_body(regions))
    assert registered.status_code == 201

    kinds = dict(ClientWrite.objects.values_list("kind", "kota_code"))
    assert set(kinds) == {"measurement_create", "measurement_correct", "child_create"}
    assert set(kinds.values()) == {posyandu.kelurahan_id[:5]}


def test_a_correction_keeps_the_old_values_and_is_idempotent(api, make_child):
    child = make_child()
    created = api("kader").post("/measurements", measurement_body(child)).json()
    change = {"client_id": new_id(), "weight_kg": 11.6, "reason": "timbangan belum nol"}

    first = api("kader").patch(f"/measurements/{created['id']}", change)
    again = api("kader").patch(f"/measurements/{created['id']}", change)

    assert first.status_code == 200
    assert first.json()["weight_kg"] == 11.6
    assert first.json()["lenhei_cm"] == 84.5
    assert first.json()["revisions"] == 1
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    revisions = MeasurementRevision.objects.filter(measurement_id=created["id"])
    assert revisions.count() == 1
    assert revisions.get().previous["weight_kg"] == "11.20"
    assert Measurement.objects.get(pk=created["id"]).weight_kg == Decimal("11.60")


def test_a_correction_needs_a_reason(api, make_child):
    child = make_child()
    created = api("kader").post("/measurements", measurement_body(child)).json()

    response = api("kader").patch(
        f"/measurements/{created['id']}", {"client_id": new_id(), "weight_kg": 11.5}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "reason"
    assert response.json()["message"] == "Alasan: wajib diisi."


def test_a_correction_without_a_change_is_refused(api, make_child):
    child = make_child()
    created = api("kader").post("/measurements", measurement_body(child)).json()

    response = api("kader").patch(
        f"/measurements/{created['id']}",
        {"client_id": new_id(), "weight_kg": 11.2, "reason": "cek"},
    )

    assert response.status_code == 422
    assert response.json()["code"] == "refused"
    assert response.json()["message"] == "Tidak ada nilai yang berubah."


def test_the_list_filters_by_period_and_child(api, make_child):
    child = make_child()
    other = make_child(name="Lain")
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    api("kader").post("/measurements", measurement_body(child, measured_on=last_month))
    api("kader").post("/measurements", measurement_body(child, weight_kg=11.3))
    api("kader").post("/measurements", measurement_body(other))

    this_month = api("kader").get("/measurements", {"period": today.strftime("%Y-%m")}).json()
    of_child = api("kader").get("/measurements", {"child": child.pk}).json()

    assert this_month["count"] == 2
    assert {m["child_id"] for m in this_month["items"]} == {child.pk, other.pk}
    assert of_child["count"] == 2
    # Newest month first. The second weighing gained 100 g at 32 months, below the KBM of
    # 200 g (Buku KIA, 12 months and older): T.
    assert [m["period"][:7] for m in of_child["items"]] == [
        today.strftime("%Y-%m"),
        last_month.strftime("%Y-%m"),
    ]
    assert of_child["items"][1]["growth"]["code"] == "B"
    assert of_child["items"][0]["growth"]["code"] == "T"


def test_a_client_id_used_for_a_child_is_a_conflict_here(api, make_child, regions):
    child = make_child()
    body = measurement_body(child)
    registered = api("kader").post(
        "/children",
        {"client_id": body["client_id"], "posyandu_id": regions["posyandu_a"].pk,
         "name": "Baru", "sex": "L", "birth_date": "2025-06-01", "mother_name": "Ibu"},
    )  # fmt: skip
    assert registered.status_code == 201

    response = api("kader").post("/measurements", body)

    assert response.status_code == 409
    assert response.json()["code"] == "client_id_conflict"
    assert response.json()["details"] is None
