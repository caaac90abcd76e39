"""POST/GET/PATCH /children: register through the web form's rules, idempotent by client_id."""

from __future__ import annotations

import datetime as dt

from ranting.api.tests.conftest import child_body, measurement_body, new_id
from ranting.children.models import Child, ChildTransfer


def test_it_registers_a_child_once_per_client_id(api, regions):
    body = child_body(regions)

    first = api("kader").post("/children", body)
    again = api("kader").post("/children", body)

    assert first.status_code == 201
    assert first.json()["name"] == "Budi Santoso"
    assert first.json()["client_id"] == body["client_id"]
    assert first.json()["birth_weight_kg"] == 3.1
    assert first.json()["can_record"] is True
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["id"] == first.json()["id"]
    assert Child.objects.count() == 1


def test_the_same_client_id_for_another_child_is_a_conflict(api, regions):
    body = child_body(regions)
    api("kader").post("/children", body)

    response = api("kader").post("/children", {**body, "name": "Ani"})

    assert response.status_code == 409
    assert response.json()["code"] == "client_id_conflict"
    assert Child.objects.count() == 1


def test_a_possible_duplicate_needs_confirmation(api, regions):
    api("kader").post("/children", child_body(regions))
    twin = child_body(regions)  # same name, birth date and mother, new client_id

    refused = api("kader").post("/children", twin)
    confirmed = api("kader").post("/children", {**twin, "confirm": True})

    assert refused.status_code == 422
    assert refused.json()["code"] == "needs_confirmation"
    assert "Posyandu Mawar" in refused.json()["details"]["warnings"][0]
    assert confirmed.status_code == 201
    assert Child.objects.count() == 2


def test_a_bad_nik_names_the_field(api, regions):
    response = api("kader").post("/children", child_body(regions, nik="12345"))

    assert response.status_code == 422
    assert response.json()["field"] == "nik"
    assert response.json()["message"].startswith("NIK anak:")
    assert Child.objects.count() == 0


def test_a_missing_name_names_the_field(api, regions):
    body = child_body(regions)
    del body["name"]

    response = api("kader").post("/children", body)

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "field": "name",
        "message": "Nama anak: wajib diisi.",
        "details": {"errors": [{"field": "name", "message": "Nama anak: wajib diisi."}]},
    }


def test_a_patch_changes_only_the_fields_sent(api, make_child):
    child = make_child(phone="0811")

    response = api("kader").patch(f"/children/{child.pk}", {"address": "Jl. Melati 3"})

    assert response.status_code == 200
    child.refresh_from_db()
    assert child.address == "Jl. Melati 3"
    assert child.phone == "0811"
    assert child.name == "Anak Uji"


def test_a_new_birth_date_recomputes_the_measurements(api, make_child):
    child = make_child()
    created = api("kader").post("/measurements", measurement_body(child)).json()
    older = child.birth_date - dt.timedelta(days=31)

    response = api("kader").patch(f"/children/{child.pk}", {"birth_date": older.isoformat()})

    assert response.status_code == 200
    after = api("kader").get(f"/measurements/{created['id']}").json()
    assert after["age_days"] == created["age_days"] + 31


def test_deactivating_needs_a_reason(api, make_child):
    child = make_child()

    refused = api("kader").patch(f"/children/{child.pk}", {"is_active": False})
    done = api("kader").patch(
        f"/children/{child.pk}", {"is_active": False, "inactive_reason": "pindah ke Bogor"}
    )

    assert refused.status_code == 422
    assert refused.json()["field"] == "inactive_reason"
    assert done.status_code == 200
    assert done.json()["is_active"] is False
    assert done.json()["inactive_reason"] == "pindah ke Bogor"


def test_moving_keeps_the_history(api, make_child, regions):
    child = make_child()
    api("kader").post("/measurements", measurement_body(child))

    response = api("kader").patch(
        f"/children/{child.pk}",
        {"posyandu_id": regions["posyandu_a2"].pk, "move_reason": "pindah RW"},
    )

    assert response.status_code == 200
    assert response.json()["posyandu_id"] == regions["posyandu_a2"].pk
    transfer = ChildTransfer.objects.get(child=child)
    assert transfer.from_posyandu == regions["posyandu_a"]
    assert child.measurements.count() == 1


def test_a_patch_with_a_client_id_is_idempotent(api, make_child):
    child = make_child()
    change = {"client_id": new_id(), "phone": "081234"}

    first = api("kader").patch(f"/children/{child.pk}", change)
    again = api("kader").patch(f"/children/{child.pk}", change)
    reused = api("kader").patch(f"/children/{child.pk}", {**change, "phone": "0899"})

    assert first.status_code == 200
    assert first.json()["duplicate"] is False
    assert again.json()["duplicate"] is True
    assert reused.status_code == 409


def test_readers_see_nik_masked_and_kader_in_full(api, make_child):
    make_child(nik="3275064503240001")

    kader = api("kader").get("/children").json()["items"][0]
    dinas = api("dinas").get("/children").json()["items"][0]

    assert kader["nik"] == "3275064503240001"
    assert kader["nik_masked"] is False
    admin = api("admin_kelurahan").get("/children").json()["items"][0]
    assert admin["nik"] == "3275064503240001"  # verifies the register
    assert dinas["nik"] == "3275••••••••0001"
    assert dinas["nik_masked"] is True
    assert dinas["can_record"] is False


def test_the_list_filters_and_shows_the_latest_measurement(api, make_child, regions):
    child = make_child(name="Citra")
    make_child(name="Dodi", posyandu=regions["posyandu_a2"])
    make_child(name="Eko", is_active=False)
    api("kader").post("/measurements", measurement_body(child))

    kader = api("kader").get("/children").json()
    searched = api("admin_kelurahan").get("/children", {"q": "dod"}).json()
    of_a2 = api("admin_kelurahan").get("/children", {"posyandu": regions["posyandu_a2"].pk})
    inactive = api("kader").get("/children", {"active": "false"}).json()

    assert [c["name"] for c in kader["items"]] == ["Citra"]
    assert kader["items"][0]["last_measurement"]["weight_kg"] == 11.2
    assert [c["name"] for c in searched["items"]] == ["Dodi"]
    assert [c["name"] for c in of_a2.json()["items"]] == ["Dodi"]
    assert [c["name"] for c in inactive["items"]] == ["Eko"]
