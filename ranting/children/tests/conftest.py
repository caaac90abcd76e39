import datetime as dt

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def child_data(**fields):
    data = {
        "name": "Budi  Santoso",
        "nik": "",
        "sex": "L",
        "birth_date": "2024-03-15",
        "birth_weight_kg": "3,1",
        "birth_length_cm": "49",
        "mother_name": "Siti Aminah",
        "mother_nik": "",
        "father_name": "",
        "phone": "",
        "no_kk": "",
        "address": "Jl. Mawar 3",
        "rt": "002",
        "rw": "01",
        "has_kia_book": "on",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}
