"""/akun/token/: make a token (shown once), list and revoke one's own tokens."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ranting.api.models import ApiToken
from ranting.api.tests.conftest import JsonClient
from ranting.api.tokens import create_token
from ranting.api.views import MAX_ACTIVE_TOKENS
from ranting.testing.access import PERSONAS

TOKEN = re.compile(r"rnt_[A-Za-z0-9_-]{40,}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_makes_a_token_that_works_and_is_shown_once(login, people, persona):
    browser = login(people[persona])

    made = browser.post(reverse("api:tokens"), {"name": "HP saya"}, follow=True)
    shown = TOKEN.findall(made.content.decode())
    later = browser.get(reverse("api:tokens")).content.decode()

    assert made.status_code == 200
    assert len(set(shown)) == 1
    assert TOKEN.search(later) is None
    assert "HP saya" in later
    assert JsonClient(shown[0]).get("/regions").status_code == 200


def test_a_user_revokes_their_token(login, people):
    token, raw = create_token(people["kader"], "HP hilang")

    response = login(people["kader"]).post(reverse("api:revoke", args=[token.pk]), follow=True)

    assert response.status_code == 200
    assert "sudah dicabut" in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert JsonClient(raw).get("/children").status_code == 401


def test_another_users_token_cannot_be_revoked(login, people):
    token, raw = create_token(people["kader_b"], "HP B")

    response = login(people["kader"]).post(reverse("api:revoke", args=[token.pk]))

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert "HP B" not in login(people["kader"]).get(reverse("api:tokens")).content.decode()


def test_revoking_needs_post(login, people):
    token, _raw = create_token(people["kader"], "HP")

    assert login(people["kader"]).get(reverse("api:revoke", args=[token.pk])).status_code == 405


def test_a_name_is_required_and_active_tokens_are_capped(login, people):
    browser = login(people["kader"])
    nameless = browser.post(reverse("api:tokens"), {"name": ""})
    for i in range(MAX_ACTIVE_TOKENS):
        create_token(people["kader"], f"t{i}")
    too_many = browser.post(reverse("api:tokens"), {"name": "satu lagi"})

    assert nameless.status_code == 200
    assert "Nama token" in nameless.content.decode()
    assert ApiToken.objects.filter(user=people["kader"]).count() == MAX_ACTIVE_TOKENS
    assert "cabut token yang tidak dipakai dulu" in too_many.content.decode()


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(reverse("api:tokens"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
