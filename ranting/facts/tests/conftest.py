"""Facts fixtures: a fixed 'today' (June 2025) and rows created directly with chosen values."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
import time_machine

MAY = dt.date(2025, 5, 1)
JUNE = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def measure(make_child):
    """measure(posyandu, period=MAY, child=None, **fields) → a Measurement saved with .create()."""
    counter = itertools.count(1)

    def _measure(posyandu, period=MAY, child=None, **fields):
        from ranting.measurements.models import Measurement

        child = child or make_child(posyandu=posyandu, name=f"Anak {next(counter)}")
        values = {
            "child": child,
            "posyandu": posyandu,
            "period": period,
            "measured_on": period.replace(day=10),
            "weight_kg": Decimal("10.0"),
        }
        values.update(fields)
        return Measurement.objects.create(**values)

    return _measure


@pytest.fixture
def fact():
    """fact(posyandu, period) → its MonthlyFact, or None when there is no row."""

    def _fact(posyandu, period=MAY):
        from ranting.facts.models import MonthlyFact

        return MonthlyFact.objects.filter(posyandu=posyandu, period=period).first()

    return _fact


@pytest.fixture
def report_approved():
    """report_approved(posyandu, period=MAY) → an approved MonthlyReport, created directly."""

    def _approved(posyandu, period=MAY):
        from ranting.recaps.models import MonthlyReport

        return MonthlyReport.objects.create(posyandu=posyandu, period=period, status="approved")

    return _approved
