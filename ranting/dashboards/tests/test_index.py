from __future__ import annotations

import pytest
from django.urls import reverse

URL = reverse("dashboards:index")


@pytest.mark.parametrize(
    ("persona", "start"),
    [
        ("kecamatan", "32.75.06"),
        ("kecamatan_other", "32.75.01"),
        ("dinas", "32.75"),
        ("superadmin", "32.75"),
        ("admin_kelurahan", "32.75.06.1001"),
    ],
)
def test_it_starts_each_role_at_its_region(people, login, persona, start):
    response = login(people[persona]).get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:region", args=[start])


def test_it_lists_several_top_regions_for_superadmin(people, login):
    from ranting.regions.models import Region

    Region.objects.create(code="32.16", name="Kabupaten Bekasi", level="kota", kota_code="32.16")
    response = login(people["superadmin"]).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("dashboards:region", args=["32.16"]) in body
    assert reverse("dashboards:region", args=["32.75"]) in body


def test_it_forbids_kader(people, login):
    assert login(people["kader"]).get(URL).status_code == 403


def test_it_forbids_a_user_without_region(people, login):
    from ranting.accounts.models import User

    lost = User.objects.create_user(username="tanpa", password="x-123456789", role="kecamatan")
    assert login(lost).get(URL).status_code == 403


def test_it_rejects_post(people, login):
    assert login(people["dinas"]).post(URL).status_code == 405
