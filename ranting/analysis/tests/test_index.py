from __future__ import annotations

from django.urls import reverse

URL = reverse("analysis:skdn")


def test_it_sends_a_kader_to_their_posyandu_keeping_the_month(regions, people, login):
    response = login(people["kader"]).get(URL, {"bulan": "2025-05"})
    assert response.status_code == 302
    expected = reverse("analysis:skdn_posyandu", args=[regions["posyandu_a"].pk])
    assert response["Location"] == expected + "?bulan=2025-05"


def test_it_lists_the_posyandu_of_a_kader_with_several(regions, people, login):
    kader = people["kader"]
    kader.posyandus.add(regions["posyandu_a2"])
    response = login(kader).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("analysis:skdn_posyandu", args=[regions["posyandu_a2"].pk]) in body
    assert reverse("analysis:skdn_posyandu", args=[regions["posyandu_b"].pk]) not in body


def test_it_sends_region_users_to_their_region(regions, people, login):
    for persona, code in [
        ("admin_kelurahan", "32.75.06.1001"),
        ("kecamatan", "32.75.06"),
        ("dinas", "32.75"),
        ("superadmin", "32.75"),
    ]:
        response = login(people[persona]).get(URL)
        assert response.status_code == 302, persona
        assert response["Location"] == reverse("analysis:skdn_region", args=[code])


def test_it_forbids_a_user_without_region_or_posyandu(regions, login):
    from ranting.accounts.models import User

    orphan = User.objects.create_user(username="tanpa", password="x", role="admin_kelurahan")
    assert login(orphan).get(URL).status_code == 403


def test_it_asks_anonymous_users_to_log_in(regions, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_rejects_post(regions, people, login):
    assert login(people["dinas"]).post(URL).status_code == 405
