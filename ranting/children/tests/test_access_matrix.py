"""Role × view matrix of the child register (child in posyandu A, kelurahan Medansatria)."""

import pytest
from django.urls import reverse

# persona: (list, detail, create, edit, move, deactivate) GET status codes
MATRIX = {
    "kader": (200, 200, 200, 200, 200, 200),
    "kader_b": (200, 404, 200, 404, 404, 404),
    "admin_kelurahan": (200, 200, 403, 403, 403, 403),
    "admin_other": (200, 404, 403, 404, 404, 404),
    "kecamatan": (200, 200, 403, 403, 403, 403),
    "kecamatan_other": (200, 404, 403, 404, 404, 404),
    "dinas": (200, 200, 403, 403, 403, 403),
    "superadmin": (200, 200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_it_applies_the_role_matrix(persona, make_child, people, login):
    child = make_child()
    client = login(people[persona])
    urls = [
        reverse("children:list"),
        reverse("children:detail", args=[child.pk]),
        reverse("children:create"),
        reverse("children:edit", args=[child.pk]),
        reverse("children:move", args=[child.pk]),
        reverse("children:deactivate", args=[child.pk]),
    ]
    assert tuple(client.get(url).status_code for url in urls) == MATRIX[persona]


def test_it_sends_anonymous_users_to_login(client, regions):
    response = client.get(reverse("children:list"))
    assert response.status_code == 302
