"""The "Ekspor FHIR" download: kader and admin kelurahan of the child's posyandu only."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from ranting.audit.models import LogEntry
from ranting.testing.access import PERSONAS

# The child is in posyandu A (kelurahan Medansatria). Kecamatan and dinas see the child but do
# not keep or verify its register: 403.
EXPECTED = [200, 404, 200, 404, 403, 404, 403, 200]


@pytest.fixture
def child(make_child):
    return make_child(nik="3275061503240001")


def _url(child):
    return reverse("interop:child_export", args=[child.pk])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [pytest.param(p, s, id=p) for p, s in zip(PERSONAS, EXPECTED, strict=True)],
)
def test_it_applies_the_role_region_matrix(people, login, child, persona, expected):
    assert login(people[persona]).get(_url(child)).status_code == expected


def test_it_downloads_a_valid_bundle_and_records_who_took_it(people, login, child):
    response = login(people["admin_kelurahan"]).get(_url(child))
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="fhir-anak-{child.pk}.json"'
    bundle = json.loads(response.content)
    Bundle.model_validate(bundle)
    [patient] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert patient["identifier"][0]["value"] == "3275061503240001"
    export = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert export.actor == people["admin_kelurahan"]
    assert export.object_pk == str(child.pk)


def test_it_sends_anonymous_users_to_login(client, child):
    response = client.get(_url(child))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_rejects_other_methods(people, login, child):
    assert login(people["kader"]).post(_url(child)).status_code == 405


def test_it_answers_404_for_an_unknown_child(people, login, regions):
    url = reverse("interop:child_export", args=[999999])
    assert login(people["superadmin"]).get(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("kader", True), ("admin_kelurahan", True), ("kecamatan", False), ("dinas", False)],
)
def test_the_child_page_shows_the_button_to_those_allowed(people, login, child, persona, shown):
    page = login(people[persona]).get(reverse("children:detail", args=[child.pk]))
    assert page.status_code == 200
    assert ("Ekspor FHIR" in page.content.decode()) is shown
    assert (_url(child) in page.content.decode()) is shown
