"""Lockout after repeated wrong passwords (django-axes) through the real sign-in form."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

LIMIT = 5  # RANTING_LOGIN_FAILURE_LIMIT default (docs/configuration.md)


def _fail(post_login, times: int, username: str = "kader", **extra):
    return [post_login(username, "salah-sekali", **extra) for _ in range(times)]


def test_it_locks_out_after_the_limit_and_says_so_in_indonesian(people, post_login, password):
    responses = _fail(post_login, LIMIT)

    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]
    locked = post_login("kader", password)  # the right password no longer helps
    body = locked.content.decode()
    assert locked.status_code == 429
    assert "Akun dikunci sementara" in body
    assert f"salah {LIMIT} kali" in body
    assert "30 menit" in body
    assert "_auth_user_id" not in locked.wsgi_request.session


def test_one_success_starts_the_count_again(people, post_login, password, client):
    _fail(post_login, LIMIT - 1)
    assert post_login("kader", password).status_code == 302
    client.post(reverse("accounts:logout"))

    responses = _fail(post_login, LIMIT - 1)

    assert {r.status_code for r in responses} == {200}


def test_it_locks_the_username_only_from_that_address(people, post_login, password):
    _fail(post_login, LIMIT, REMOTE_ADDR="10.0.0.7")

    assert post_login("kader", password, REMOTE_ADDR="10.0.0.7").status_code == 429
    assert post_login("kader", password, REMOTE_ADDR="10.0.0.8").status_code == 302
    assert post_login("kader_b", password, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(people, post_login, password):
    # No proxy configured (RANTING_PROXY_COUNT=0): X-Forwarded-For is the client's own words.
    for n in range(LIMIT):
        post_login("kader", "salah", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = post_login("kader", password, HTTP_X_FORWARDED_FOR="192.0.2.200")

    assert response.status_code == 429


def test_behind_a_proxy_it_counts_the_address_the_proxy_saw(people, post_login, password, settings):
    settings.PROXY_COUNT = 1
    # The proxy appends the address it saw; anything left of it is the client's own writing.
    for n in range(LIMIT):
        post_login("kader", "salah", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5")

    same_client = post_login("kader", password, HTTP_X_FORWARDED_FOR="203.0.113.5")
    other_client = post_login("kader", password, HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert same_client.status_code == 429
    assert other_client.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_the_lock_ends_after_the_lockout_time(people, post_login, password):
    _fail(post_login, LIMIT)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=31)
    )

    assert post_login("kader", password).status_code == 302


def test_a_superadmin_sees_and_lifts_the_lock(people, post_login, password, login):
    _fail(post_login, LIMIT, REMOTE_ADDR="10.0.0.9")
    admin = login(people["superadmin"])

    page = admin.get(reverse("accounts:security")).content.decode()
    assert "kader" in page
    assert "10.0.0.9" in page
    response = admin.post(
        reverse("accounts:unlock"), {"username": "kader", "ip_address": "10.0.0.9"}
    )
    assert response.status_code == 302
    admin.post(reverse("accounts:logout"))

    assert AccessAttempt.objects.count() == 0
    assert post_login("kader", password, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_an_empty_unlock_request_lifts_nothing(people, post_login, login):
    _fail(post_login, LIMIT)

    login(people["superadmin"]).post(reverse("accounts:unlock"), {"username": "", "ip_address": ""})

    assert AccessAttempt.objects.count() == 1


@pytest.mark.parametrize(
    "persona", ["kader", "admin_kelurahan", "kecamatan", "dinas"], ids=lambda p: p
)
@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "accounts:security"), ("post", "accounts:unlock"), ("post", "accounts:reset_2fa")],
)
def test_only_the_superadmin_manages_locks(people, login, persona, method, name):
    client = login(people[persona])
    response = getattr(client, method)(reverse(name), {"username": "kader", "user": 1})
    assert response.status_code == 403


def test_a_lockout_without_end_waits_for_the_superadmin(people, post_login, password, settings):
    settings.AXES_COOLOFF_TIME = None
    _fail(post_login, LIMIT)
    AccessAttempt.objects.update(attempt_time=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    response = post_login("kader", password)

    assert response.status_code == 429
    assert "hanya dapat dibuka oleh superadmin" in response.content.decode()


def test_the_failed_attempts_keep_no_password_or_code(
    people, enrolled, post_login, password, client
):
    from ranting.accounts.tests.conftest import wrong_code

    device = enrolled("admin_kelurahan")
    post_login("admin_kel", "rahasia-yang-salah")
    post_login("admin_kel", password)
    code = wrong_code(device)
    client.post(reverse("accounts:code"), {"code": code})

    attempt = AccessAttempt.objects.get(username="admin_kel")
    assert attempt.failures_since_start == 2
    assert "rahasia-yang-salah" not in attempt.post_data
    assert code not in attempt.post_data
