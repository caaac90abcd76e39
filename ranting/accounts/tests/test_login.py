"""The sign-in form: where it leads, what it says when wrong, and what it refuses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.accounts.tests.conftest import LOGIN


def test_it_signs_in_and_starts_on_the_role_page(people, post_login, password, client):
    response = post_login("admin_kel", password)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).url == reverse("recaps:index")


def test_it_returns_to_the_page_asked_for(people, post_login, password):
    response = post_login("kader", password, data={"next": "/anak/?posyandu=1"})

    assert response.url == "/anak/?posyandu=1"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "http://testserver.evil/"]
)
def test_it_never_sends_to_another_site(people, post_login, password, target):
    response = post_login("kader", password, data={"next": target})

    assert response.url == reverse("home")


def test_it_says_in_indonesian_what_was_wrong(people, post_login, client):
    response = post_login("kader", "bukan-kata-sandinya")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in body
    assert "Huruf besar dan kecil dibedakan" in body
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_account(people, post_login, password, client):
    people["kader"].is_active = False
    people["kader"].save()

    response = post_login("kader", password)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_keeps_the_username_typed(people, post_login):
    body = post_login("kader", "salah").content.decode()
    assert 'value="kader"' in body


def test_it_refuses_other_methods(client, db):
    assert client.put(LOGIN).status_code == 405


def test_the_login_page_sends_no_cached_copy(client, db):
    response = client.get(LOGIN)
    assert "no-store" in response.headers["Cache-Control"]


def test_it_needs_the_csrf_token(people, password, db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"username": "kader", "password": password})

    assert response.status_code == 403


def test_createsuperuser_makes_a_superadmin(db, monkeypatch):
    from django.core.management import call_command

    from ranting.accounts.models import User

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "kunyit-asam-jahe-merah")
    call_command("createsuperuser", username="pertama", email="", interactive=False)

    assert User.objects.get(username="pertama").role == User.Role.SUPERADMIN
