"""Role × view matrix for every recap page (posyandu A of kelurahan Medansatria, May 2025).

404 = the posyandu is invisible to the persona; 403 = visible but the action is not theirs.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing.access import PERSONAS

pytestmark = pytest.mark.django_db


# view → (HTTP method, report status set up beforehand, POST data)
VIEWS = {
    "index": ("get", None, None),
    "detail": ("get", "submitted", None),
    "submit": ("post", "draft", {}),
    "return": ("post", "submitted", {"comment": "Mohon cek berat badan"}),
    "approve": ("post", "submitted", {"note": ""}),
    "reopen": ("post", "approved", {"reason": "Koreksi tinggi badan"}),
}

EXPECTED = {
    #                  index detail submit return approve reopen
    "kader":           (200, 200, 302, 403, 403, 403),
    "kader_b":         (200, 404, 404, 404, 404, 404),
    "admin_kelurahan": (200, 200, 403, 302, 302, 302),
    "admin_other":     (200, 404, 404, 404, 404, 404),
    "kecamatan":       (200, 200, 403, 403, 403, 403),
    "kecamatan_other": (200, 404, 404, 404, 404, 404),
    "dinas":           (200, 200, 403, 403, 403, 403),
    "superadmin":      (200, 200, 302, 302, 302, 302),
}  # fmt: skip

CASES = [
    pytest.param(persona, view, EXPECTED[persona][i], id=f"{persona}-{view}")
    for persona in PERSONAS
    for i, view in enumerate(VIEWS)
]


def _url(view, regions, period):
    if view == "index":
        return reverse("recaps:index")
    return reverse(f"recaps:{view}", args=[regions["posyandu_a"].pk, period])


@pytest.mark.parametrize(("persona", "view", "expected"), CASES)
def test_it_answers_each_persona_as_the_matrix_says(
    login, people, regions, report_in, period, persona, view, expected
):
    method, status, data = VIEWS[view]
    if status is not None:
        report_in(status)
    client = login(people[persona])
    response = getattr(client, method)(_url(view, regions, period), data)
    assert response.status_code == expected


@pytest.mark.parametrize("view", list(VIEWS))
def test_it_sends_anonymous_visitors_to_login(client, regions, period, view):
    method, _status, data = VIEWS[view]
    response = getattr(client, method)(_url(view, regions, period), data)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
