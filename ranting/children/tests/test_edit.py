import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ranting.children.tests.conftest import child_data
from ranting.measurements.services import record_measurement
from ranting.measurements.tests.conftest import values


@pytest.fixture
def child(make_child):
    return make_child(name="Budi Santoso", mother_name="Siti Aminah")


def _url(child):
    return reverse("children:edit", args=[child.pk])


def test_it_saves_changes(child, people, login):
    response = login(people["kader"]).post(_url(child), child_data(address="Jl. Baru 1"))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.address == "Jl. Baru 1"


def test_it_recomputes_measurements_when_the_birth_date_changes(child, people, login):
    m = record_measurement(child, people["kader"], values(dt.date(2025, 6, 10), Decimal("9.5")))
    response = login(people["kader"]).post(_url(child), child_data(birth_date="2024-01-15"))
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.age_months == 16


def test_it_refuses_a_birth_date_after_a_measurement(child, people, login):
    record_measurement(child, people["kader"], values(dt.date(2025, 6, 10), Decimal("9.5")))
    response = login(people["kader"]).post(_url(child), child_data(birth_date="2025-06-15"))
    assert response.status_code == 200
    assert "sebelum lahir" in response.context["form"].errors["birth_date"][0]
    child.refresh_from_db()
    assert child.birth_date == dt.date(2024, 3, 15)


def test_it_refuses_a_change_that_alters_a_locked_month(child, people, login):
    from ranting.recaps.models import MonthlyReport

    record_measurement(child, people["kader"], values(dt.date(2025, 6, 10), Decimal("9.5")))
    MonthlyReport.objects.create(
        posyandu=child.posyandu, period=dt.date(2025, 6, 1), status="approved"
    )
    response = login(people["kader"]).post(_url(child), child_data(sex="P"))
    assert "terkunci" in response.context["form"].non_field_errors()[0]
    child.refresh_from_db()
    assert child.sex == "L"


def test_it_rejects_wrong_methods(child, people, login):
    assert login(people["kader"]).delete(_url(child)).status_code == 405


def test_it_hides_other_posyandu(child, people, login):
    assert login(people["kader_b"]).get(_url(child)).status_code == 404


def test_it_is_read_only_for_the_dinas(child, people, login):
    assert login(people["dinas"]).post(_url(child), child_data()).status_code == 403
