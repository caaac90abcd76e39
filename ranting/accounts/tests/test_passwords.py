"""Password rules (Indonesian messages) and the password change page."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ranting.accounts.models import User

GOOD = "kunyit-asam-jahe-merah"


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        pytest.param("pendek-11ch", "minimal 12 karakter", id="11-characters"),
        pytest.param("123456789012345", "hanya angka", id="numeric"),
        pytest.param("password1234", "terlalu umum", id="common"),
        pytest.param("Posyandu2026!", "mudah ditebak", id="context-word"),
        pytest.param("Medansatria#2026", "mudah ditebak", id="own-region"),
        pytest.param("siti.rahmawati1", "terlalu mirip", id="like-the-username"),
    ],
)
def test_it_refuses_weak_passwords_with_the_reason(regions, password, fragment):
    user = User(username="siti.rahmawati", role="admin_kelurahan", region=regions["32.75.06.1001"])

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert any(fragment in message for message in refused.value.messages), refused.value.messages


def test_it_accepts_twelve_characters_of_words(regions):
    user = User(username="siti.rahmawati", role="kader")
    validate_password("kopi-teh-gula", user)
    validate_password("abcdefghijkl", user)  # exactly 12, not in any list


def test_the_page_changes_the_password(people, login, password):
    client = login(people["kader"])

    response = client.post(
        reverse("accounts:password"),
        {"old_password": password, "new_password1": GOOD, "new_password2": GOOD},
    )

    assert response.status_code == 302
    people["kader"].refresh_from_db()
    assert people["kader"].check_password(GOOD)
    # This session goes on; the new password signs in on the real form.
    assert client.get(reverse("accounts:account")).status_code == 200
    fresh = Client()
    assert fresh.post("/akun/masuk/", {"username": "kader", "password": GOOD}).status_code == 302


def test_other_sessions_end_when_the_password_changes(people, password):
    phone, laptop = Client(), Client()
    for client in (phone, laptop):
        client.post("/akun/masuk/", {"username": "kader", "password": password})
    assert phone.get(reverse("accounts:account")).status_code == 200

    laptop.post(
        reverse("accounts:password"),
        {"old_password": password, "new_password1": GOOD, "new_password2": GOOD},
    )

    assert phone.get(reverse("accounts:account")).status_code == 302  # back to sign-in
    assert laptop.get(reverse("accounts:account")).status_code == 200


@pytest.mark.parametrize(
    ("old", "new1", "new2", "fragment"),
    [
        pytest.param("salah", GOOD, GOOD, "Kata sandi lama salah", id="wrong-old"),
        pytest.param(None, GOOD, GOOD + "x", "tidak sama", id="mismatch"),
        pytest.param(None, "pendek", "pendek", "minimal 12 karakter", id="too-short"),
    ],
)
def test_the_page_says_what_to_fix_and_keeps_the_old_password(
    people, login, password, old, new1, new2, fragment
):
    client = login(people["kader"])

    response = client.post(
        reverse("accounts:password"),
        {"old_password": old or password, "new_password1": new1, "new_password2": new2},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert fragment in body
    people["kader"].refresh_from_db()
    assert people["kader"].check_password(password)


def test_the_page_lists_the_rules(people, login):
    body = login(people["kader"]).get(reverse("accounts:password")).content.decode()
    assert "Minimal 12 karakter" in body
    assert "Tidak boleh hanya angka" in body


def test_the_page_needs_a_signed_in_user(client, db):
    response = client.get(reverse("accounts:password"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
