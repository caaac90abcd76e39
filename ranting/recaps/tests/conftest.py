"""Recap fixtures: a fixed past reporting month and measurements created directly.

Derived measurement columns (growth N/T/O/B, flags, BGM, 2T, warnings) are filled in here by
hand, so these tests never depend on the growth engine.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

PERIOD = dt.date(2025, 5, 1)


@pytest.fixture
def period():
    return PERIOD


@pytest.fixture
def measure():
    """measure(child, period, **derived) → a Measurement row at the child's posyandu."""
    from ranting.measurements.models import Measurement

    def _measure(child, period=PERIOD, **fields):
        values = {
            "child": child,
            "posyandu": child.posyandu,
            "period": period,
            "measured_on": period + dt.timedelta(days=9),
            "weight_kg": Decimal("10.50"),
            "lenhei_cm": Decimal("80.0"),
            "position": "l",
            "growth": "N",
        }
        values.update(fields)
        return Measurement.objects.create(**values)

    return _measure


@pytest.fixture
def report_in(regions):
    """report_in(status, posyandu=A, period=PERIOD) → a saved MonthlyReport in that status."""
    from django.utils import timezone

    from ranting.recaps.models import MonthlyReport

    def _report(status="draft", posyandu=None, period=PERIOD, **fields):
        if status in {"submitted", "returned", "approved"}:
            fields.setdefault("submitted_at", timezone.now())
        if status == "approved":
            fields.setdefault("approved_at", timezone.now())
        return MonthlyReport.objects.create(
            posyandu=posyandu or regions["posyandu_a"], period=period, status=status, **fields
        )

    return _report


@pytest.fixture
def month_fixture(regions, make_child, measure):
    """Posyandu A in May 2025: S = 6, D = 4, 3 flagged, N/T/O/B 1 each, 1 BGM, 1 2T.

    Not weighed: "Dewi" (40 months) and "Eka" (59 months on 1 May, 60 during the month).
    """
    a, a2 = regions["posyandu_a"], regions["posyandu_a2"]
    ani = make_child(name="Ani", birth_date=dt.date(2024, 3, 15))
    budi = make_child(name="Budi", birth_date=dt.date(2023, 1, 10))
    citra = make_child(name="Citra", birth_date=dt.date(2025, 5, 20), sex="P")
    dewi = make_child(name="Dewi", birth_date=dt.date(2022, 1, 1), sex="P")
    make_child(name="Lima Tahun", birth_date=dt.date(2020, 5, 1))  # 60 months on 1 May
    eka = make_child(name="Eka", birth_date=dt.date(2020, 5, 2))
    make_child(name="Pindah", birth_date=dt.date(2023, 6, 1), is_active=False)
    make_child(name="Belum Lahir", birth_date=dt.date(2025, 6, 1))
    fajar = make_child(name="Fajar", birth_date=dt.date(2023, 8, 8))
    other = make_child(posyandu=a2, name="Gita", birth_date=dt.date(2024, 1, 1))

    measure(ani, growth="N")
    measure(ani, period=dt.date(2025, 4, 1), growth="B")
    measure(
        budi, growth="T", bgm=True, two_t=True, flags="zwei", zwei=-6.4, weight_kg=Decimal("6.10")
    )
    measure(citra, growth="B", confirmed_implausible=True, weight_kg=Decimal("2.00"))
    measure(fajar, growth="O", warnings="bb_turun")
    measure(other, growth="N", flags="zlen")
    return {"posyandu": a, "not_weighed": [dewi, eka], "children": [ani, budi, citra, fajar]}
