"""Role × region matrix of the lokus pages (page and downloads share the access helper).

Kader and admin kelurahan: 403 everywhere (choosing focus kelurahan compares kelurahan across
the kota: a kecamatan and dinas task; their own figures are on the SKDN and prevalence pages).
Kecamatan: their kecamatan and its kelurahan; dinas: the kota; out-of-region regions: 404.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing.access import matrix_cases, region_report_url

MATRIX = {
    "index": [403, 403, 403, 403, 302, 302, 302, 302],
    "kota": [403, 403, 403, 403, 404, 404, 200, 200],
    "kota_xlsx": [403, 403, 403, 403, 404, 404, 200, 200],
    "kota_csv": [403, 403, 403, 403, 404, 404, 200, 200],
    "kecamatan_medansatria": [403, 403, 403, 403, 200, 404, 200, 200],
    "kecamatan_medansatria_csv": [403, 403, 403, 403, 200, 404, 200, 200],
    "kecamatan_bekasi_timur": [403, 403, 403, 403, 404, 200, 200, 200],
    "kelurahan_medansatria": [403, 403, 403, 403, 200, 404, 200, 200],
    "unknown_region": [403, 403, 403, 403, 404, 404, 404, 404],
}


def _url(view):
    return region_report_url("analysis:lokus", "analysis:lokus_region", view)


@pytest.mark.parametrize(
    ("view", "persona", "expected"),
    matrix_cases(MATRIX),
)
def test_it_applies_the_role_region_matrix(regions, people, login, view, persona, expected):
    response = login(people[persona]).get(_url(view))
    assert response.status_code == expected


def test_it_sends_each_regional_user_to_their_region(regions, people, login):
    response = login(people["kecamatan"]).get(reverse("analysis:lokus"), {"bulan": "2025-08"})
    assert response["Location"] == (
        reverse("analysis:lokus_region", args=["32.75.06"]) + "?bulan=2025-08"
    )
    response = login(people["dinas"]).get(reverse("analysis:lokus"))
    assert response["Location"] == reverse("analysis:lokus_region", args=["32.75"])


@pytest.mark.parametrize("view", list(MATRIX))
def test_it_sends_anonymous_users_to_login(regions, client, view):
    response = client.get(_url(view))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("view", ["index", "kota", "kota_csv"])
def test_it_refuses_post(regions, people, login, view):
    assert login(people["dinas"]).post(_url(view)).status_code == 405


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("kader", False),
        ("admin_kelurahan", False),
        ("kecamatan", True),
        ("dinas", True),
        ("superadmin", True),
    ],
)
def test_it_links_the_page_from_the_menu_for_the_roles_that_may_open_it(
    regions, people, login, persona, shown
):
    page = login(people[persona]).get(reverse("guide:index")).content.decode()
    assert (f'href="{reverse("analysis:lokus")}"' in page) is shown
