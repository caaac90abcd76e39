"""Bearer tokens (hashed, revocable) and the browser session (with CSRF for writes)."""

from __future__ import annotations

import hashlib

from django.test import Client

from ranting.api.models import ApiToken
from ranting.api.tests.conftest import API, JsonClient, measurement_body
from ranting.api.tokens import create_token, revoke_token
from ranting.measurements.models import Measurement


def test_a_token_signs_in_and_only_its_hash_is_stored(people, regions):
    token, raw = create_token(people["kader"], "HP kader")

    response = JsonClient(raw).get("/posyandu")

    assert response.status_code == 200
    assert [p["id"] for p in response.json()["items"]] == [regions["posyandu_a"].pk]
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_sha256 == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values_list().get(pk=token.pk))
    assert stored.last_used_at is not None


def test_a_revoked_token_is_refused_at_once(people):
    token, raw = create_token(people["kader"], "HP lama")
    assert JsonClient(raw).get("/children").status_code == 200

    revoke_token(token)
    response = JsonClient(raw).get("/children")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_users_token_is_refused(people):
    _token, raw = create_token(people["kader"], "HP")
    people["kader"].is_active = False
    people["kader"].save()

    assert JsonClient(raw).get("/children").status_code == 401


def test_a_wrong_token_is_refused_even_beside_a_session(people, client):
    client.force_login(people["kader"])

    response = client.get(API + "/children", headers={"Authorization": "Bearer rnt_salah"})

    assert response.status_code == 401


def test_another_scheme_is_refused(people):
    response = Client(headers={"Authorization": "Basic a2FkZXI6eA=="}).get(API + "/children")

    assert response.status_code == 401


def test_the_session_reads_without_csrf_but_writes_only_with_it(people, make_child):
    child = make_child()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["kader"])
    body = measurement_body(child)

    read = browser.get(API + "/children")
    no_csrf = browser.post(API + "/measurements", body, content_type="application/json")
    browser.get("/akun/token/")  # any page sets the csrftoken cookie
    csrf = browser.cookies["csrftoken"].value
    with_csrf = browser.post(
        API + "/measurements", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )

    assert read.status_code == 200
    assert no_csrf.status_code == 403
    assert no_csrf.json()["code"] == "csrf_failed"
    assert with_csrf.status_code == 201
    assert Measurement.objects.count() == 1


def test_a_token_write_needs_no_csrf(people, make_child):
    child = make_child()
    _token, raw = create_token(people["kader"], "HP")
    phone = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})

    response = phone.post(
        API + "/measurements", measurement_body(child), content_type="application/json"
    )

    assert response.status_code == 201
    assert Measurement.objects.get().created_by == people["kader"]
