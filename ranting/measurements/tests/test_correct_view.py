import datetime as dt

from django.urls import reverse

from ranting.measurements.models import MeasurementRevision

JUNE = dt.date(2025, 6, 10)


def _url(m):
    return reverse("measurements:correct", args=[m.pk])


def _data(**fields):
    data = {"measured_on": "2025-06-10", "weight_kg": "9,9", "reason": "salah ketik"}
    data.update(fields)
    return data


def test_it_prefills_the_saved_values(child, people, login, record):
    m = record(child, JUNE, 9.5)
    response = login(people["kader"]).get(_url(m))
    assert response.status_code == 200
    assert response.context["form"]["weight_kg"].initial == m.weight_kg


def test_it_corrects_and_keeps_a_revision(child, people, login, record):
    m = record(child, JUNE, 9.5)
    response = login(people["kader"]).post(_url(m), _data())
    assert response.status_code == 302
    m.refresh_from_db()
    assert str(m.weight_kg) == "9.90"
    assert MeasurementRevision.objects.get(measurement=m).previous["weight_kg"] == "9.50"


def test_it_requires_a_reason(child, people, login, record):
    m = record(child, JUNE, 9.5)
    response = login(people["kader"]).post(_url(m), _data(reason=""))
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not MeasurementRevision.objects.exists()


def test_it_refuses_a_locked_month(child, people, login, record, approve):
    m = record(child, JUNE, 9.5)
    approve(child.posyandu, dt.date(2025, 6, 1))
    response = login(people["kader"]).post(_url(m), _data())
    assert "terkunci" in response.context["form"].non_field_errors()[0]
    m.refresh_from_db()
    assert str(m.weight_kg) == "9.50"


def test_it_rejects_wrong_methods(child, people, login, record):
    m = record(child, JUNE, 9.5)
    assert login(people["kader"]).delete(_url(m)).status_code == 405


def test_it_hides_other_posyandu(child, people, login, record):
    m = record(child, JUNE, 9.5)
    assert login(people["kader_b"]).get(_url(m)).status_code == 404


def test_it_is_read_only_for_the_kecamatan(child, people, login, record):
    m = record(child, JUNE, 9.5)
    assert login(people["kecamatan"]).post(_url(m), _data()).status_code == 403


def test_it_asks_the_reason_in_a_two_row_textarea(child, people, login, record):
    m = record(child, JUNE, 9.5)
    html = login(people["kader"]).get(_url(m)).content.decode()
    assert '<textarea name="reason" cols="40" rows="2"' in html
