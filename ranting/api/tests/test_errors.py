"""Every error is JSON {"code", "field", "message", "details"}, and the spec says so."""

from __future__ import annotations

import pytest

from ranting.api.tests.conftest import API, measurement_body

SHAPE = {"code", "field", "message", "details"}


def test_unparsable_json_is_a_400(api):
    response = api("kader").client.post(
        API + "/measurements", "{bukan json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"
    assert set(response.json()) == SHAPE


def test_a_wrong_type_names_the_field_in_indonesian(api, make_child):
    child = make_child()

    response = api("kader").post("/measurements", measurement_body(child, weight_kg="delapan"))

    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "invalid"
    assert error["field"] == "weight_kg"
    assert error["message"] == (
        "Berat badan (kg): harus berupa angka dengan titik desimal, misalnya 8.5."
    )


def test_several_errors_are_all_listed(api):
    response = api("kader").post("/measurements", {"client_id": "bukan-uuid"})

    fields = {e["field"] for e in response.json()["details"]["errors"]}
    assert response.status_code == 422
    assert {"client_id", "child_id", "measured_on", "weight_kg"} <= fields


def test_a_bad_query_parameter_names_it(api):
    response = api("kader").get("/children", {"limit": 0})

    assert response.status_code == 422
    assert response.json()["field"] == "limit"
    assert response.json()["message"] == "limit: paling kecil 1."


def test_a_bad_month_names_it(api):
    response = api("dinas").get("/aggregates/prevalence", {"month": "2025-13"})

    assert response.status_code == 422
    assert response.json()["field"] == "month"


def test_a_wrong_method_is_a_json_405(api):
    response = api("kader").client.delete(API + "/children")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response.json()["details"]["allowed"]) == {"GET", "POST"}
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_an_unknown_path_is_a_json_404(api):
    response = api("kader").get("/tidak-ada")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_missing_object_is_a_json_404(api):
    response = api("kader").get("/children/999999")

    assert response.status_code == 404
    assert set(response.json()) == SHAPE


@pytest.mark.parametrize("status", ["401", "403", "404", "422", "429"])
def test_the_spec_documents_the_error_answers(client, status):
    schema = client.get(API + "/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            answer = operation["responses"].get(status)
            assert answer is not None, (method, path, status)
            ref = answer["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorOut")


def test_the_spec_documents_409_on_writes(client):
    schema = client.get(API + "/openapi.json").json()
    paths = schema["paths"]
    assert "409" in paths[API + "/measurements"]["post"]["responses"]
    assert "409" in paths[API + "/measurements/{id}"]["patch"]["responses"]
    assert "409" in paths[API + "/children"]["post"]["responses"]
    assert "409" in paths[API + "/recaps/{id}/approve"]["post"]["responses"]
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == SHAPE


def test_a_body_that_is_not_an_object_is_refused(api, make_child):
    child = make_child()

    response = api("kader").client.patch(
        API + f"/children/{child.pk}", "[null, null]", content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["message"] == "isi permintaan harus berupa objek JSON."
