"""Fixtures of the measurement tests: a fixed 'today' and a helper that records a weighing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

TODAY = dt.date(2025, 6, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def child(make_child):
    """A boy born 2024-03-15 in posyandu A (14 months old in June 2025)."""
    return make_child()


def values(on, weight, length=None, position="", **extra):
    data = {
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
    data.update(extra)
    return data


@pytest.fixture
def record(people):
    from ranting.measurements.services import record_measurement

    def _record(child, on, weight, length=None, position="", confirm=True, **extra):
        return record_measurement(
            child, people["kader"], values(on, weight, length, position, **extra), confirm=confirm
        )

    return _record


@pytest.fixture
def approve(regions):
    """approve(posyandu, period) → an approved (locked) MonthlyReport."""
    from ranting.recaps.models import MonthlyReport

    def _approve(posyandu, period):
        return MonthlyReport.objects.create(
            posyandu=posyandu, period=period, status=MonthlyReport.Status.APPROVED
        )

    return _approve
