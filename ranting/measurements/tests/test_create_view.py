import datetime as dt

from django.urls import reverse

from ranting.measurements.models import Measurement, MeasurementRevision


def _post(client, child, **fields):
    data = {"measured_on": "2025-06-10", "weight_kg": "9,5", "lenhei_cm": "76,2", "position": "l"}
    data.update(fields)
    return client.post(reverse("measurements:create", args=[child.pk]), data)


def test_it_shows_the_form_with_position_default_by_age(child, people, login, make_child):
    response = login(people["kader"]).get(reverse("measurements:create", args=[child.pk]))
    assert response.status_code == 200
    assert response.context["form"]["position"].initial == "l"  # 15 months
    older = make_child(birth_date=dt.date(2022, 1, 1))
    response = login(people["kader"]).get(reverse("measurements:create", args=[older.pk]))
    assert response.context["form"]["position"].initial == "h"
    assert not response.context["form"].show_breastfeeding


def test_it_saves_and_redirects_to_the_result(child, people, login):
    response = _post(login(people["kader"]), child)
    m = Measurement.objects.get(child=child)
    assert response.status_code == 302
    assert response["Location"] == reverse("measurements:result", args=[m.pk])
    assert str(m.weight_kg) == "9.50"
    assert str(m.lenhei_cm) == "76.2"


def test_it_redisplays_impossible_values_with_the_reason(child, people, login):
    response = _post(login(people["kader"]), child, weight_kg="9500", lenhei_cm="0,76")
    assert response.status_code == 200
    form = response.context["form"]
    assert "bukan gram" in form.errors["weight_kg"][0]
    assert "bukan meter" in form.errors["lenhei_cm"][0]
    assert not Measurement.objects.exists()


def test_it_asks_to_confirm_implausible_values(child, people, login):
    client = login(people["kader"])
    response = _post(client, child, weight_kg="25")
    assert response.status_code == 200
    assert response.context["warnings"]
    assert "Ya, nilai ini benar" in response.content.decode()
    assert not Measurement.objects.exists()
    response = _post(client, child, weight_kg="25", confirm="on")
    assert response.status_code == 302
    assert Measurement.objects.get().confirmed_implausible


def test_it_turns_a_second_entry_of_the_month_into_a_correction(child, people, login, record):
    first = record(child, dt.date(2025, 6, 2), 9.5)
    response = _post(login(people["kader"]), child, weight_kg="9,8")
    assert response.status_code == 200
    assert response.context["measurement"] == first
    assert "sudah diukur" in response.context["notice"]
    body = response.content.decode()
    assert reverse("measurements:correct", args=[first.pk]) in body
    assert 'value="9,8"' in body  # what the kader typed is not lost
    assert not MeasurementRevision.objects.exists()


def test_it_shows_the_locked_message(child, people, login, approve):
    approve(child.posyandu, dt.date(2025, 6, 1))
    response = _post(login(people["kader"]), child)
    assert response.status_code == 200
    assert "sudah disetujui dan terkunci" in response.content.decode()
    assert not Measurement.objects.exists()


def test_it_rejects_wrong_methods(child, people, login):
    response = login(people["kader"]).put(reverse("measurements:create", args=[child.pk]))
    assert response.status_code == 405


def test_it_hides_children_of_other_posyandu(child, people, login):
    response = _post(login(people["kader_b"]), child)
    assert response.status_code == 404


def test_it_is_read_only_for_the_admin_kelurahan(child, people, login):
    client = login(people["admin_kelurahan"])
    assert client.get(reverse("measurements:create", args=[child.pk])).status_code == 403
    assert _post(client, child).status_code == 403
    assert not Measurement.objects.exists()


def test_it_writes_negative_z_in_the_warning_with_a_true_minus_sign(child, people, login):
    response = _post(login(people["kader"]), child, weight_kg="2,5")
    warnings = " ".join(str(w) for w in response.context["warnings"])
    assert "z = −" in warnings  # U+2212, as on the result and recap pages (zfmt)
    assert "z = -" not in warnings
