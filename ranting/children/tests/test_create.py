from django.urls import reverse

from ranting.children.models import Child
from ranting.children.tests.conftest import child_data

URL = reverse("children:create")


def test_it_registers_a_child(people, login, regions):
    response = login(people["kader"]).post(URL, child_data(posyandu=regions["posyandu_a"].pk))
    child = Child.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("children:detail", args=[child.pk])
    assert child.name == "Budi Santoso"  # spaces collapsed
    assert child.posyandu == regions["posyandu_a"]
    assert child.created_by == people["kader"]
    assert str(child.birth_weight_kg) == "3.10"


def test_it_rejects_an_invalid_nik_with_the_reason(people, login, regions):
    data = child_data(posyandu=regions["posyandu_a"].pk, nik="3275061513240001")
    response = login(people["kader"]).post(URL, data)
    assert response.status_code == 200
    assert "bulan lahir" in response.context["form"].errors["nik"][0]
    assert not Child.objects.exists()


def test_it_warns_when_the_nik_disagrees_and_saves_after_confirmation(people, login, regions):
    client = login(people["kader"])
    data = child_data(posyandu=regions["posyandu_a"].pk, nik="3275065503240002")  # a girl's NIK
    response = client.post(URL, data)
    assert response.status_code == 200
    assert any("perempuan" in w for w in response.context["form"].warnings)
    assert not Child.objects.exists()
    response = client.post(URL, {**data, "confirm": "on"})
    assert response.status_code == 302
    assert Child.objects.get().nik == "3275065503240002"


def test_it_warns_about_a_duplicate_in_another_region_naming_only_the_posyandu(
    people, login, regions, make_child
):
    make_child(
        posyandu=regions["posyandu_c"],
        name="Budi Santoso",
        mother_name="SITI AMINAH",
        address="Rahasia 9",
    )
    response = login(people["kader"]).post(URL, child_data(posyandu=regions["posyandu_a"].pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Posyandu Anggrek" in body
    assert "Rahasia 9" not in body
    assert Child.objects.count() == 1


def test_it_refuses_a_future_birth_date_and_an_age_over_59_months(people, login, regions):
    client = login(people["kader"])
    response = client.post(
        URL, child_data(posyandu=regions["posyandu_a"].pk, birth_date="2025-07-01")
    )
    assert "masa depan" in response.context["form"].errors["birth_date"][0]
    response = client.post(
        URL, child_data(posyandu=regions["posyandu_a"].pk, birth_date="2020-06-01")
    )
    assert "0–59 bulan" in response.context["form"].errors["birth_date"][0]
    assert not Child.objects.exists()


def test_it_hints_at_grams_and_metres(people, login, regions):
    data = child_data(
        posyandu=regions["posyandu_a"].pk, birth_weight_kg="3100", birth_length_cm="0,49"
    )
    form = login(people["kader"]).post(URL, data).context["form"]
    assert "gram" in form.errors["birth_weight_kg"][0]
    assert "meter" in form.errors["birth_length_cm"][0]


def test_it_refuses_a_posyandu_the_kader_does_not_serve(people, login, regions):
    response = login(people["kader"]).post(URL, child_data(posyandu=regions["posyandu_b"].pk))
    assert "posyandu" in response.context["form"].errors
    assert not Child.objects.exists()


def test_it_rejects_wrong_methods(people, login):
    assert login(people["kader"]).put(URL).status_code == 405


def test_it_is_forbidden_for_read_only_roles(people, login, regions):
    response = login(people["admin_kelurahan"]).post(
        URL, child_data(posyandu=regions["posyandu_a"].pk)
    )
    assert response.status_code == 403
