"""Role × view matrix of the prevalence pages (page and downloads share the access helper)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing.access import matrix_cases, region_report_url

# view → expected status per persona (same order as PERSONAS). The index redirects (302) every
# region user to their region; kader have no region-level analysis (403 on the index and on the
# kelurahan of their own posyandu; other regions are invisible: 404).
MATRIX = {
    "index": [403, 403, 302, 302, 302, 302, 302, 302],
    "kelurahan_medansatria": [403, 404, 200, 404, 200, 404, 200, 200],
    "kelurahan_kalibaru": [404, 403, 404, 200, 200, 404, 200, 200],
    "kecamatan_medansatria": [404, 404, 404, 404, 200, 404, 200, 200],
    "kecamatan_bekasi_timur": [404, 404, 404, 404, 404, 200, 200, 200],
    "kota": [404, 404, 404, 404, 404, 404, 200, 200],
    "kota_csv": [404, 404, 404, 404, 404, 404, 200, 200],
    "kelurahan_medansatria_xlsx": [403, 404, 200, 404, 200, 404, 200, 200],
}


def _url(view):
    return region_report_url("analysis:prevalence", "analysis:prevalence_region", view)


@pytest.mark.parametrize(
    ("view", "persona", "expected"),
    matrix_cases(MATRIX),
)
def test_it_applies_the_role_region_matrix(regions, people, login, view, persona, expected):
    response = login(people[persona]).get(_url(view))
    assert response.status_code == expected


@pytest.mark.parametrize("view", list(MATRIX))
def test_it_sends_anonymous_users_to_login(regions, client, view):
    response = client.get(_url(view))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("view", ["index", "kota", "kota_csv"])
def test_it_refuses_post(regions, people, login, view):
    assert login(people["dinas"]).post(_url(view)).status_code == 405
