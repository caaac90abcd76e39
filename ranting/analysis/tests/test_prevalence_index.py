from __future__ import annotations

from django.urls import reverse


def _index():
    return reverse("analysis:prevalence")


def test_it_sends_region_users_to_their_region(regions, people, login):
    for persona, code in [
        ("admin_kelurahan", "32.75.06.1001"),
        ("kecamatan", "32.75.06"),
        ("dinas", "32.75"),
    ]:
        response = login(people[persona]).get(_index(), {"bulan": "2025-05"})
        assert response.status_code == 302
        target = reverse("analysis:prevalence_region", args=[code])
        assert response["Location"] == f"{target}?bulan=2025-05"


def test_it_sends_superadmin_to_the_only_top_region(regions, people, login):
    response = login(people["superadmin"]).get(_index())
    assert response["Location"] == reverse("analysis:prevalence_region", args=["32.75"])


def test_it_lists_top_regions_when_there_are_several(regions, people, login):
    from ranting.regions.models import Region

    Region.objects.create(code="32.73", name="Kota Bandung", level="kota", kota_code="32.73")
    response = login(people["superadmin"]).get(_index())
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("analysis:prevalence_region", args=["32.73"]) in body
    assert reverse("analysis:prevalence_region", args=["32.75"]) in body


def test_it_forbids_kader(regions, people, login):
    assert login(people["kader"]).get(_index()).status_code == 403


def test_it_refuses_post(regions, people, login):
    assert login(people["dinas"]).post(_index()).status_code == 405
