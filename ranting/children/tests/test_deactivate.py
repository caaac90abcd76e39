from django.urls import reverse

from ranting.children.models import Child


def test_it_deactivates_with_a_reason_and_keeps_the_record(make_child, people, login):
    child = make_child()
    client = login(people["kader"])
    url = reverse("children:deactivate", args=[child.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # reason required
    response = client.post(url, {"reason": "pindah ke luar kota"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert not child.is_active
    assert child.inactive_reason == "pindah ke luar kota"
    assert Child.objects.count() == 1


def test_it_reactivates(make_child, people, login):
    child = make_child(is_active=False, inactive_reason="x")
    response = login(people["kader"]).post(reverse("children:reactivate", args=[child.pk]))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.is_active
    assert child.inactive_reason == ""


def test_it_rejects_wrong_methods(make_child, people, login):
    child = make_child()
    client = login(people["kader"])
    assert client.get(reverse("children:reactivate", args=[child.pk])).status_code == 405
    assert client.put(reverse("children:deactivate", args=[child.pk])).status_code == 405


def test_it_hides_other_posyandu(make_child, people, login):
    child = make_child()
    url = reverse("children:deactivate", args=[child.pk])
    assert login(people["kader_b"]).post(url, {"reason": "x"}).status_code == 404


def test_it_is_read_only_for_the_kecamatan(make_child, people, login):
    child = make_child()
    url = reverse("children:deactivate", args=[child.pk])
    assert login(people["kecamatan"]).post(url, {"reason": "x"}).status_code == 403
    child.refresh_from_db()
    assert child.is_active
