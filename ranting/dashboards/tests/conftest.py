"""Dashboard fixtures: measurements and monthly reports created directly with chosen values
(z-scores, flags, statuses), independent of the growth engine."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

PERIOD = dt.date(2025, 5, 1)


@pytest.fixture
def measure(make_child):
    """measure(posyandu, period=PERIOD, zlen=..., zwfl=..., zwei=..., flags="", oedema=False)."""
    counter = itertools.count(1)

    def _measure(posyandu, period=PERIOD, child=None, **fields):
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
def report():
    """report(posyandu, status, period=PERIOD, submitted_on=date or None)."""

    def _report(posyandu, status, period=PERIOD, submitted_on=None):
        from ranting.recaps.models import MonthlyReport

        submitted_at = None
        if submitted_on is not None:
            submitted_at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(10)))
        return MonthlyReport.objects.create(
            posyandu=posyandu, period=period, status=status, submitted_at=submitted_at
        )

    return _report


@pytest.fixture
def may_data(regions, measure, report):
    """A small May 2025 picture.

    Posyandu A (Medansatria): approved on time; 4 children: stunted, normal, flagged zlen
      (-7, not counted), oedema (wasted and underweight, zwfl/zwei blank).
    Posyandu A2 (Medansatria): submitted late; 2 children, both stunted (unverified data).
    Posyandu B (Kalibaru): no report; 1 child, wasted.
    Posyandu C (Bekasi Timur): approved on time; 1 child, underweight.
    """
    a, a2, b, c = (regions[k] for k in ("posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c"))
    report(a, "approved", submitted_on=dt.date(2025, 5, 20))
    report(a2, "submitted", submitted_on=dt.date(2025, 5, 28))
    report(c, "approved", submitted_on=dt.date(2025, 5, 25))
    measure(a, zlen=-2.5, zwfl=0.1, zwei=-1.0)
    measure(a, zlen=0.3, zwfl=-1.0, zwei=0.2)
    measure(a, zlen=-7.0, zwfl=0.0, zwei=-1.5, flags="zlen")
    measure(a, zlen=-1.0, oedema=True)
    measure(a2, zlen=-3.2, zwfl=0.5, zwei=-1.0)
    measure(a2, zlen=-2.1, zwfl=0.5, zwei=-1.0)
    measure(b, zlen=0.0, zwfl=-2.4, zwei=-1.9)
    measure(c, zlen=0.0, zwfl=-1.0, zwei=-2.2)
    return regions
