import datetime as dt
from decimal import Decimal

from django.urls import reverse

from ranting.measurements.services import record_measurement
from ranting.measurements.tests.conftest import values

URL = reverse("children:list")


def test_it_lists_the_kaders_children_with_this_months_status(
    make_child, people, login, regions, django_assert_max_num_queries
):
    weighed = make_child(name="Ani")
    make_child(name="Budi")
    make_child(name="Citra", posyandu=regions["posyandu_b"])
    record_measurement(
        weighed, people["kader"], values(dt.date(2025, 6, 10), Decimal("6.2"), 66, "l")
    )
    for i in range(10):
        make_child(name=f"Anak {i}")
    client = login(people["kader"])
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    names = [c.name for c in response.context["children"]]
    assert "Citra" not in names
    assert "Ani" in names
    assert "Budi" in names
    assert response.context["weighed_count"] == 1
    body = response.content.decode()
    assert "Sudah ditimbang" in body
    assert "Berat badan sangat kurang" in body


def test_it_searches_by_name(make_child, people, login):
    make_child(name="Ani")
    make_child(name="Budi")
    response = login(people["kader"]).get(URL, {"q": "bud"})
    assert [c.name for c in response.context["children"]] == ["Budi"]


def test_it_offers_a_selector_for_several_posyandu(make_child, people, login, regions):
    people["kader"].posyandus.add(regions["posyandu_a2"])
    make_child(name="Dewi", posyandu=regions["posyandu_a2"])
    client = login(people["kader"])
    response = client.get(URL)
    assert 'name="posyandu"' in response.content.decode()
    response = client.get(URL, {"posyandu": regions["posyandu_a2"].pk})
    assert [c.name for c in response.context["children"]] == ["Dewi"]


def test_it_hides_deactivated_children_unless_asked(make_child, people, login):
    make_child(name="Eka", is_active=False, inactive_reason="pindah")
    client = login(people["kader"])
    assert client.get(URL).context["children"] == []
    assert [c.name for c in client.get(URL, {"nonaktif": "1"}).context["children"]] == ["Eka"]


def test_it_rejects_wrong_methods(people, login):
    assert login(people["kader"]).post(URL).status_code == 405


def test_it_refuses_a_posyandu_outside_the_scope(people, login, regions):
    response = login(people["kader"]).get(URL, {"posyandu": regions["posyandu_c"].pk})
    assert response.status_code == 404


def test_it_is_read_only_for_the_admin_kelurahan(make_child, people, login):
    make_child(name="Ani")
    response = login(people["admin_kelurahan"]).get(URL)
    assert response.status_code == 200
    assert not response.context["can_record"]
    assert reverse("children:create") not in response.content.decode()
