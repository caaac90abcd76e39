"""Interop fixtures: a fixed 'today' and a child with a history of weighings."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def weighing(on, weight, length=None, position="", **extra):
    values = {
        "measured_on": on,
        "weight_kg": Decimal(str(weight)),
        "lenhei_cm": None if length is None else Decimal(str(length)),
        "position": position,
        "oedema": False,
        "armc_cm": None,
        "headc_cm": None,
        "vitamin_a": False,
        "exclusive_breastfeeding": False,
        "notes": "",
    }
    values.update({k: None if v is None else Decimal(str(v)) for k, v in extra.items()})
    return values


@pytest.fixture
def history(people, make_child):
    """A girl (NIK, mother's NIK) in posyandu A with three weighings, one of them corrected."""
    from ranting.measurements.services import correct_measurement, record_measurement

    child = make_child(
        name="Siti Aminah",
        sex="P",
        birth_date=dt.date(2024, 3, 15),
        nik="3275065503240002",
        mother_name="Rina Wati",
        mother_nik="3275064101950002",
        no_kk="3275060101200003",
        father_name="Agus",
        phone="081234567890",
        address="Jl. Mawar 3",
        rt="002",
        rw="01",
        birth_weight_kg=Decimal("3.10"),
    )
    kader = people["kader"]
    april = record_measurement(
        child,
        kader,
        weighing(dt.date(2025, 4, 9), 8.1, 74.2, "l", armc_cm=14.1, headc_cm=44.3),
        True,
    )
    may = record_measurement(child, kader, weighing(dt.date(2025, 5, 12), 8.3, 75.0, "l"), True)
    record_measurement(child, kader, weighing(dt.date(2025, 6, 10), 8.6, 76.4, "h"), True)
    correct_measurement(may, kader, weighing(dt.date(2025, 5, 12), 8.4, 75.0, "l"), True, "salah")
    return child, april
