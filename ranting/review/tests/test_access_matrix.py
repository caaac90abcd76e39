"""Role × region matrix of every review view (Kota Bekasi's review; a Kota Bogor dinas user)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing import access
from ranting.testing.access import matrix_cases

PERSONAS = [*access.PERSONAS, "dinas_other"]  # the Kota Bogor dinas user
READ = [403, 403, 200, 200, 200, 200, 200, 200, 404]
WRITE = [403, 403, 403, 403, 403, 403, 200, 200, 404]

# view → (method, expected status per persona, same order as PERSONAS)
MATRIX = {
    "index": ("get", [403, 403, 200, 200, 200, 200, 200, 200, 200]),
    "create": ("get", [403, 403, 403, 403, 403, 403, 200, 200, 200]),
    "matrix": ("get", READ),
    "matrix_xlsx": ("get", READ),
    "edit": ("get", WRITE),
    "delete": ("get", WRITE),
    "row_create": ("get", WRITE),
    "row_edit": ("get", WRITE),
    "row_delete": ("get", WRITE),
    "row_fill": ("post", [403, 403, 403, 403, 403, 403, 302, 302, 404]),
}


def _url(view, review):
    row = review.rows.get(section="A")
    match view:
        case "index" | "create":
            return reverse(f"review:{view}")
        case "matrix_xlsx":
            return reverse("review:matrix", args=[review.pk]) + "?format=xlsx"
        case "matrix" | "edit" | "delete" | "row_create":
            return reverse(f"review:{view}", args=[review.pk])
        case _:
            return reverse(f"review:{view}", args=[review.pk, row.pk])


@pytest.mark.parametrize(
    ("view", "persona", "expected"),
    matrix_cases(MATRIX, PERSONAS),
)
def test_it_applies_the_role_region_matrix(
    review, people, dinas_other, login, view, persona, expected
):
    user = dinas_other if persona == "dinas_other" else people[persona]
    method = MATRIX[view][0]
    response = getattr(login(user), method)(_url(view, review))
    assert response.status_code == expected


@pytest.mark.parametrize("view", list(MATRIX))
def test_it_sends_anonymous_users_to_login(review, client, view):
    response = getattr(client, MATRIX[view][0])(_url(view, review))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_row_is_only_reachable_under_its_own_review(review, people, login):
    from ranting.review.models import ReviewYear

    other_year = ReviewYear.objects.create(kota_code="32.75", year=2023)
    row = review.rows.get(section="A")
    response = login(people["dinas"]).get(reverse("review:row_edit", args=[other_year.pk, row.pk]))
    assert response.status_code == 404


def test_readers_see_no_edit_buttons(review, people, login):
    page = login(people["kecamatan"]).get(reverse("review:matrix", args=[review.pk]))
    html = page.content.decode()
    assert "Ibu hamil diperiksa K4" in html
    assert reverse("review:row_create", args=[review.pk]) not in html
    editor = login(people["dinas"]).get(reverse("review:matrix", args=[review.pk]))
    assert reverse("review:row_create", args=[review.pk]) in editor.content.decode()


def test_the_index_lists_only_the_users_kota(review, people, dinas_other, login):
    from ranting.review.models import ReviewYear

    bogor = ReviewYear.objects.create(kota_code="32.71", year=2024)
    mine = login(dinas_other).get(reverse("review:index")).content.decode()
    assert reverse("review:matrix", args=[bogor.pk]) in mine
    assert reverse("review:matrix", args=[review.pk]) not in mine
    everything = login(people["superadmin"]).get(reverse("review:index")).content.decode()
    assert reverse("review:matrix", args=[bogor.pk]) in everything
    assert reverse("review:matrix", args=[review.pk]) in everything
