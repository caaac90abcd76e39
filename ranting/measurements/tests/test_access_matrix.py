"""Role × view matrix of the measurement pages (child in posyandu A, kelurahan Medansatria)."""

import datetime as dt

import pytest
from django.urls import reverse

# persona: (create GET, correct GET, result GET)
MATRIX = {
    "kader": (200, 200, 200),
    "kader_b": (404, 404, 404),
    "admin_kelurahan": (403, 403, 200),
    "admin_other": (404, 404, 404),
    "kecamatan": (403, 403, 200),
    "kecamatan_other": (404, 404, 404),
    "dinas": (403, 403, 200),
    "superadmin": (200, 200, 200),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_it_applies_the_role_matrix(persona, child, people, login, record):
    m = record(child, dt.date(2025, 6, 10), 9.5)
    client = login(people[persona])
    urls = [
        reverse("measurements:create", args=[child.pk]),
        reverse("measurements:correct", args=[m.pk]),
        reverse("measurements:result", args=[m.pk]),
    ]
    assert tuple(client.get(url).status_code for url in urls) == MATRIX[persona]


def test_it_sends_anonymous_users_to_login(child, client):
    response = client.get(reverse("measurements:create", args=[child.pk]))
    assert response.status_code == 302
    assert "/akun/" in response["Location"]
