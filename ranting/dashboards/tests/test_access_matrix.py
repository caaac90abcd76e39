"""Role × view matrix for every dashboards view (who gets 200/302, 403 or 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

VIEWS = ("index", "kota", "kecamatan", "kelurahan", "posyandu", "growth_chart")

# persona → expected status per view, in VIEWS order.
MATRIX = {
    "kader": (403, 403, 403, 403, 403, 200),
    "kader_b": (403, 403, 403, 403, 403, 404),
    "admin_kelurahan": (302, 404, 404, 200, 200, 200),
    "admin_other": (302, 404, 404, 404, 404, 404),
    "kecamatan": (302, 404, 200, 200, 200, 200),
    "kecamatan_other": (302, 404, 404, 404, 404, 404),
    "dinas": (302, 200, 200, 200, 200, 200),
    "superadmin": (302, 200, 200, 200, 200, 200),
}


def _urls(regions, child):
    return {
        "index": reverse("dashboards:index"),
        "kota": reverse("dashboards:region", args=["32.75"]),
        "kecamatan": reverse("dashboards:region", args=["32.75.06"]),
        "kelurahan": reverse("dashboards:region", args=["32.75.06.1001"]),
        "posyandu": reverse("dashboards:posyandu", args=[regions["posyandu_a"].pk]),
        "growth_chart": reverse("dashboards:growth_chart", args=[child.pk, "wfa"]),
    }


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_it_applies_the_role_matrix(regions, people, login, make_child, persona):
    urls = _urls(regions, make_child())
    client = login(people[persona])
    got = tuple(client.get(urls[view]).status_code for view in VIEWS)
    assert got == MATRIX[persona]


def test_it_sends_anonymous_users_to_login(regions, client, make_child):
    for url in _urls(regions, make_child()).values():
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
