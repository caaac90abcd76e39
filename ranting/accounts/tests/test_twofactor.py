"""Two-step sign-in: enrolment with a QR code, the code after the password, the gate for
unverified sessions and required roles. Codes are computed from the device key (RFC 6238)."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ranting.accounts.models import User
from ranting.accounts.tests.conftest import fresh_code, wrong_code
from ranting.api.tokens import create_token

ENROL = "/akun/dua-langkah/"


def test_enrolment_shows_an_inline_svg_qr_and_the_typed_key(people, login):
    client = login(people["dinas"])

    body = client.get(ENROL).content.decode()

    device = TOTPDevice.objects.get(user=people["dinas"], confirmed=False)
    svg = re.search(r"<svg[^>]*>.*?</svg>", body, re.S).group(0)
    assert 'class="qr"' in svg
    assert "style=" not in svg
    assert "data:" not in body
    secret = re.search(r'<p class="secret">([A-Z2-7 ]+)</p>', body).group(1)
    typed = secret.replace(" ", "")
    assert b32decode(typed + "=" * (-len(typed) % 8)) == device.bin_key


def test_a_right_code_finishes_enrolment(people, login):
    client = login(people["dinas"])
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=people["dinas"])

    response = client.post(ENROL, {"code": fresh_code(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert User.objects.get(pk=people["dinas"].pk).two_factor
    # The session that enrolled counts as verified: no code asked on the next page.
    assert client.get(reverse("guide:index")).status_code == 200


def test_a_wrong_code_keeps_enrolment_open_and_says_why(people, login):
    client = login(people["dinas"])
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=people["dinas"])

    response = client.post(ENROL, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "Kode tidak cocok" in response.content.decode()
    assert not User.objects.get(pk=people["dinas"].pk).two_factor


def test_a_code_of_the_wrong_shape_names_the_field(people, login):
    response = login(people["dinas"]).post(ENROL, {"code": "12ab"})
    assert "Kode harus 6 angka" in response.content.decode()


def test_kader_cannot_enrol(people, login):
    assert login(people["kader"]).get(ENROL).status_code == 403


def test_after_enrolment_the_password_alone_does_not_sign_in(
    people, enrolled, post_login, password, client, code_url
):
    device = enrolled("admin_kelurahan")

    response = post_login("admin_kel", password, data={"next": "/rekap/"})

    assert response.url == code_url
    assert "_auth_user_id" not in client.session
    assert client.get("/rekap/").status_code == 302  # still signed out

    done = client.post(code_url, {"code": fresh_code(device)})

    assert done.url == "/rekap/"
    assert int(client.session["_auth_user_id"]) == people["admin_kelurahan"].pk
    assert client.get("/rekap/").status_code == 200


def test_a_wrong_code_is_refused_and_counts_towards_the_lockout(
    people, enrolled, post_login, password, client, code_url
):
    device = enrolled("admin_kelurahan")
    post_login("admin_kel", password)

    response = client.post(code_url, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    assert "_auth_user_id" not in client.session
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="admin_kel").failures_since_start == 1


def test_wrong_codes_lock_the_account_like_wrong_passwords(
    people, enrolled, post_login, password, client, code_url
):
    device = enrolled("admin_kelurahan")
    post_login("admin_kel", password)
    statuses = []
    for _ in range(5):
        statuses.append(client.post(code_url, {"code": wrong_code(device)}).status_code)
        if statuses[-1] == 200 and "ranting_2fa_pending" not in client.session:
            post_login("admin_kel", password)  # a pending sign-in allows 5 tries at most

    assert statuses[-1] == 429
    assert post_login("admin_kel", password).status_code == 429


def test_a_used_code_cannot_be_used_again(people, enrolled, post_login, password, code_url):
    device = enrolled("kecamatan")
    first, second = Client(), Client()
    first.post("/akun/masuk/", {"username": "camat", "password": password})
    code = fresh_code(device)
    assert first.post(code_url, {"code": code}).status_code == 302

    second.post("/akun/masuk/", {"username": "camat", "password": password})
    replay = second.post(code_url, {"code": code})

    assert replay.status_code == 200
    assert "_auth_user_id" not in second.session


def test_the_code_page_without_a_pending_sign_in_goes_back_to_the_password(client, db, code_url):
    response = client.get(code_url)
    assert response.url == reverse("accounts:login")


def test_an_unverified_session_is_held_at_the_code_page(people, enrolled, login, code_url):
    enrolled("dinas")
    client = login(people["dinas"])  # a session from before enrolment, or another device

    assert client.get(reverse("guide:index")).url == code_url
    assert client.get(reverse("accounts:account")).url == code_url

    device = TOTPDevice.objects.get(user=people["dinas"])
    assert client.post(code_url, {"code": fresh_code(device)}).status_code == 302
    assert client.get(reverse("guide:index")).status_code == 200


def test_an_unverified_session_is_no_api_credential(people, enrolled, login):
    enrolled("dinas")
    client = login(people["dinas"])

    response = client.get("/api/v1/children")

    assert response.status_code == 401


def test_a_bearer_token_still_works_for_an_enrolled_user(people, enrolled, settings):
    settings.API_RATE_USER = ""
    enrolled("dinas")
    _row, token = create_token(people["dinas"], "uji")

    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/children")

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["admin_kelurahan", "kecamatan", "dinas", "superadmin"])
def test_a_required_role_must_enrol_first(people, login, settings, persona):
    settings.TOTP_REQUIRED_ROLES = frozenset({persona})
    client = login(people[persona])

    assert client.get(reverse("home"), follow=True).redirect_chain[-1][0] == ENROL
    body = client.get(ENROL).content.decode()
    assert "wajib memakai masuk dua langkah" in body

    device = TOTPDevice.objects.get(user=people[persona])
    client.post(ENROL, {"code": fresh_code(device)})
    assert client.get(reverse("accounts:account")).status_code == 200


def test_roles_not_required_stay_optional(people, login, settings):
    settings.TOTP_REQUIRED_ROLES = frozenset({"dinas"})
    assert login(people["kecamatan"]).get(reverse("guide:index")).status_code == 200


def test_the_user_switches_it_off_with_a_current_code(people, enrolled, login):
    device = enrolled("kecamatan")
    client = login(people["kecamatan"])
    client.post(reverse("accounts:code"), {"code": fresh_code(device)})

    client.post(reverse("accounts:disable_2fa"), {"code": fresh_code(device)})

    assert not TOTPDevice.objects.filter(user=people["kecamatan"]).exists()
    assert not User.objects.get(pk=people["kecamatan"].pk).two_factor


def test_a_wrong_code_does_not_switch_it_off(people, enrolled, login):
    device = enrolled("kecamatan")
    client = login(people["kecamatan"])
    client.post(reverse("accounts:code"), {"code": fresh_code(device)})

    response = client.post(
        reverse("accounts:disable_2fa"), {"code": wrong_code(device)}, follow=True
    )

    assert "tetap aktif" in response.content.decode()
    assert User.objects.get(pk=people["kecamatan"].pk).two_factor


def test_a_required_role_cannot_switch_it_off(people, enrolled, login, settings):
    settings.TOTP_REQUIRED_ROLES = frozenset({"kecamatan"})
    device = enrolled("kecamatan")
    client = login(people["kecamatan"])
    client.post(reverse("accounts:code"), {"code": fresh_code(device)})

    response = client.post(reverse("accounts:disable_2fa"), {"code": fresh_code(device)})

    assert response.status_code == 403
    assert User.objects.get(pk=people["kecamatan"].pk).two_factor


def test_the_superadmin_resets_it_for_a_lost_phone(people, enrolled, login, password, post_login):
    enrolled("dinas")
    admin = login(people["superadmin"])
    assert "dinas" in admin.get(reverse("accounts:security")).content.decode()

    admin.post(reverse("accounts:reset_2fa"), {"user": people["dinas"].pk})
    admin.post(reverse("accounts:logout"))

    assert not User.objects.get(pk=people["dinas"].pk).two_factor
    assert post_login("dinas", password).url == reverse("home")  # password alone again
