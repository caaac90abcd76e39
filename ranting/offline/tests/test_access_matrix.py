"""Role × region matrix of the offline views.

The shell page is for whoever may record somewhere; the child list of a posyandu is 404 when
the posyandu is invisible and 403 when it is visible but read-only. The manifest, the service
worker and the WHO reference tables hold no personal data and are public (browsers fetch the
manifest without cookies).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing.access import matrix_cases

# view → expected status per persona (same order as PERSONAS).
MATRIX = {
    "shell": [200, 200, 403, 403, 403, 403, 403, 200],
    "children_a": [200, 404, 403, 404, 403, 404, 403, 200],
    "children_b": [404, 200, 404, 403, 403, 404, 403, 200],
    "children_c": [404, 404, 404, 404, 404, 403, 403, 200],
    "children_missing": [404, 404, 404, 404, 404, 404, 404, 404],
    "manifest": [200] * 8,
    "sw": [200] * 8,
    "reference": [200] * 8,
}


def _url(view: str, regions) -> str:
    match view.split("_"):
        case ["children", "missing"]:
            return reverse("offline:children") + "?posyandu=999999"
        case ["children", letter]:
            return reverse("offline:children") + f"?posyandu={regions[f'posyandu_{letter}'].pk}"
        case _:
            return reverse(f"offline:{view}")


@pytest.mark.parametrize(
    ("view", "persona", "expected"),
    matrix_cases(MATRIX),
)
def test_it_applies_the_role_region_matrix(regions, people, login, view, persona, expected):
    response = login(people[persona]).get(_url(view, regions))
    assert response.status_code == expected


def test_it_sends_anonymous_users_to_login_for_the_page(regions, client):
    response = client.get(reverse("offline:shell"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_answers_401_json_to_an_anonymous_child_list(regions, client):
    response = client.get(_url("children_a", regions))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("view", ["manifest", "sw", "reference"])
def test_it_serves_the_public_files_without_signing_in(regions, client, view):
    assert client.get(_url(view, regions)).status_code == 200


@pytest.mark.parametrize("view", ["shell", "children_a", "manifest", "sw", "reference"])
def test_it_refuses_post(regions, people, login, view):
    assert login(people["kader"]).post(_url(view, regions)).status_code == 405


def test_it_refuses_an_inactive_kader(regions, people, login):
    people["kader"].is_active = False
    people["kader"].save()
    client = login(people["kader"])
    assert client.get(reverse("offline:shell")).status_code == 302
    assert client.get(_url("children_a", regions)).status_code == 401
