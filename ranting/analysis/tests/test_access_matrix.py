"""Role × view matrix of the SKDN pages (page and downloads share the access helpers)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing.access import matrix_cases

# view → expected status per persona (same order as PERSONAS).
MATRIX = {
    "posyandu_a": [200, 404, 200, 404, 200, 404, 200, 200],
    "kelurahan_medansatria": [403, 404, 200, 404, 200, 404, 200, 200],
    "kecamatan_medansatria": [404, 404, 404, 404, 200, 404, 200, 200],
    "kota": [404, 404, 404, 404, 404, 404, 200, 200],
    "posyandu_a_csv": [200, 404, 200, 404, 200, 404, 200, 200],
}


def _url(view, regions):
    match view:
        case "posyandu_a":
            return reverse("analysis:skdn_posyandu", args=[regions["posyandu_a"].pk])
        case "posyandu_a_csv":
            return reverse("analysis:skdn_posyandu", args=[regions["posyandu_a"].pk]) + (
                "?format=csv"
            )
        case "kelurahan_medansatria":
            return reverse("analysis:skdn_region", args=["32.75.06.1001"])
        case "kecamatan_medansatria":
            return reverse("analysis:skdn_region", args=["32.75.06"])
        case _:
            return reverse("analysis:skdn_region", args=["32.75"])


@pytest.mark.parametrize(
    ("view", "persona", "expected"),
    matrix_cases(MATRIX),
)
def test_it_applies_the_role_region_matrix(regions, people, login, view, persona, expected):
    response = login(people[persona]).get(_url(view, regions))
    assert response.status_code == expected


@pytest.mark.parametrize("view", list(MATRIX))
def test_it_sends_anonymous_users_to_login(regions, client, view):
    response = client.get(_url(view, regions))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
