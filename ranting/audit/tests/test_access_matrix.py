"""Role × region matrix of the audit pages: kader 403, other regions 404 for an entry."""

import pytest
from django.urls import reverse

from ranting.audit.tests.conftest import entries_for
from ranting.testing.access import matrix_cases

# page → expected status per persona (same order as PERSONAS). The entry is about a child of
# posyandu A (kelurahan Medansatria, kecamatan Medansatria).
MATRIX = {
    "list": [403, 403, 200, 200, 200, 200, 200, 200],
    "entry_a": [403, 403, 200, 404, 200, 404, 200, 200],
}


@pytest.fixture
def entry_a(make_child):
    return entries_for(make_child())[0]


def _url(page, entry):
    if page == "list":
        return reverse("audit:list")
    return reverse("audit:detail", args=[entry.pk])


@pytest.mark.parametrize(
    ("page", "persona", "expected"),
    matrix_cases(MATRIX),
)
def test_it_applies_the_role_region_matrix(people, login, entry_a, page, persona, expected):
    assert login(people[persona]).get(_url(page, entry_a)).status_code == expected


@pytest.mark.parametrize("page", list(MATRIX))
def test_it_sends_anonymous_users_to_login(regions, client, entry_a, page):
    response = client.get(_url(page, entry_a))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("page", list(MATRIX))
@pytest.mark.parametrize("method", ["post", "delete"])
def test_it_is_read_only(people, login, entry_a, page, method):
    response = getattr(login(people["superadmin"]), method)(_url(page, entry_a))
    assert response.status_code == 405


def test_it_answers_404_for_an_unknown_entry(people, login, regions):
    assert (
        login(people["superadmin"]).get(reverse("audit:detail", args=[999999])).status_code == 404
    )
