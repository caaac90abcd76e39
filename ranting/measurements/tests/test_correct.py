import datetime as dt
from decimal import Decimal

import pytest

from ranting.measurements.models import MeasurementRevision
from ranting.measurements.services import (
    LOCKED_MESSAGE,
    MeasurementRefused,
    NeedsConfirmation,
    correct_measurement,
)
from ranting.measurements.tests.conftest import values

APRIL = dt.date(2025, 4, 10)
MAY = dt.date(2025, 5, 10)
JUNE = dt.date(2025, 6, 10)


def test_it_keeps_the_previous_values_in_a_revision(child, record, people):
    m = record(child, JUNE, 9.5, 76, "l")
    old_z = m.zwei
    correct_measurement(m, people["kader"], values(JUNE, 9.9, 76, "l"), reason="salah ketik")
    m.refresh_from_db()
    assert m.weight_kg == Decimal("9.9")
    assert m.zwei > old_z
    revision = MeasurementRevision.objects.get(measurement=m)
    assert revision.reason == "salah ketik"
    assert revision.changed_by == people["kader"]
    assert revision.previous["weight_kg"] == "9.50"
    assert revision.previous["zwei"] == old_z
    assert revision.previous["measured_on"] == "2025-06-10"


def test_it_requires_a_reason(child, record, people):
    m = record(child, JUNE, 9.5)
    with pytest.raises(MeasurementRefused) as info:
        correct_measurement(m, people["kader"], values(JUNE, 9.9), reason="  ")
    assert "alasan" in info.value.errors["reason"][0]
    assert not MeasurementRevision.objects.exists()


def test_it_keeps_the_correction_in_the_same_month(child, record, people):
    m = record(child, JUNE, 9.5)
    with pytest.raises(MeasurementRefused) as info:
        correct_measurement(m, people["kader"], values(MAY, 9.5), reason="tanggal")
    assert "bulan" in info.value.errors["measured_on"][0]


def test_it_refuses_a_correction_without_change(child, record, people):
    m = record(child, JUNE, 9.5)
    with pytest.raises(MeasurementRefused) as info:
        correct_measurement(m, people["kader"], values(JUNE, 9.5), reason="cek")
    assert "berubah" in info.value.errors["__all__"][0]


def test_it_recomputes_2t_of_the_later_months(child, record, people):
    record(child, APRIL, 9.0)
    may = record(child, MAY, 9.1)
    june = record(child, JUNE, 9.15)
    assert june.two_t
    correct_measurement(may, people["kader"], values(MAY, 8.8), reason="salah ketik")
    june.refresh_from_db()
    may.refresh_from_db()
    assert may.growth == "T"
    assert june.growth == "N"
    assert not june.two_t


def test_it_asks_confirmation_before_correcting_to_an_implausible_value(child, record, people):
    m = record(child, JUNE, 9.5)
    with pytest.raises(NeedsConfirmation):
        correct_measurement(m, people["kader"], values(JUNE, 30), reason="x")
    m.refresh_from_db()
    assert m.weight_kg == Decimal("9.5")
    assert not MeasurementRevision.objects.exists()


def test_it_refuses_a_locked_month(child, record, people, approve):
    m = record(child, JUNE, 9.5)
    approve(child.posyandu, dt.date(2025, 6, 1))
    with pytest.raises(MeasurementRefused) as info:
        correct_measurement(m, people["kader"], values(JUNE, 9.9), reason="salah")
    assert info.value.errors["__all__"] == [LOCKED_MESSAGE]
    m.refresh_from_db()
    assert m.weight_kg == Decimal("9.5")
