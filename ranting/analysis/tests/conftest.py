"""SKDN fixtures: children, measurements and monthly reports created directly with chosen values
(age in months, N/T/O/B, BGM, 2T, vitamin A, ASI), independent of the growth engine."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

PERIOD = dt.date(2025, 5, 1)
BULAN = {"bulan": "2025-05"}


@pytest.fixture
def measure():
    """measure(child, period=PERIOD, **fields): a Measurement at the child's posyandu."""

    def _measure(child, period=PERIOD, **fields):
        from ranting.measurements.models import Measurement

        values = {
            "child": child,
            "posyandu": child.posyandu,
            "period": period,
            "measured_on": period.replace(day=10),
            "weight_kg": Decimal("9.5"),
        }
        values.update(fields)
        return Measurement.objects.create(**values)

    return _measure


@pytest.fixture
def report():
    """report(posyandu, status, period=PERIOD): the posyandu's MonthlyReport."""

    def _report(posyandu, status, period=PERIOD):
        from ranting.recaps.models import MonthlyReport

        return MonthlyReport.objects.create(posyandu=posyandu, period=period, status=status)

    return _report


@pytest.fixture
def skdn_data(regions, make_child, measure, report):
    """May 2025.

    Posyandu A (Medansatria, report approved): 12 children, 9 of them in S (aged 0–59 completed
    months on 1 May), 8 with KMS; 4 weighed: N (0–5 L, ASI), T (6–11 P, BGM, 2T, vitamin A),
    O (12–23 L), B (24–59 P, vitamin A).
      S by cell: 0–5 L 1, 0–5 P 2, 6–11 L 1, 6–11 P 1, 12–23 L 1, 24–59 L 1, 24–59 P 2.
    Posyandu A2 (Medansatria, report submitted, not approved): 1 child 6–11 L, weighed N.
    Posyandu B (Kalibaru, no report): 1 child 12–23 P, weighed N.
    Posyandu C (Bekasi Timur, approved): 1 child 24–59 L, weighed T.
    """
    a, a2, b, c = (regions[k] for k in ("posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c"))
    names = (f"Anak {i}" for i in itertools.count(1))

    def child(posyandu, sex, born, **fields):
        return make_child(posyandu=posyandu, name=next(names), sex=sex, birth_date=born, **fields)

    report(a, "approved")
    report(a2, "submitted")
    report(c, "approved")

    c1 = child(a, "L", dt.date(2025, 2, 10))  # 2 months
    c2 = child(a, "P", dt.date(2024, 9, 15), has_kia_book=False)  # 7 months
    c3 = child(a, "L", dt.date(2024, 1, 1))  # 16 months
    c4 = child(a, "P", dt.date(2022, 6, 20))  # 34 months
    child(a, "L", dt.date(2023, 3, 3))  # 25 months, not weighed
    child(a, "L", dt.date(2020, 4, 1))  # 61 months: not a balita
    child(a, "P", dt.date(2025, 5, 20))  # born during the month: 0 months
    child(a, "L", dt.date(2024, 1, 1), is_active=False)  # inactive: not in S
    child(a, "P", dt.date(2020, 5, 2))  # 59 months on 1 May
    child(a, "P", dt.date(2020, 5, 1))  # exactly 60 months on 1 May: not a balita
    child(a, "L", dt.date(2024, 11, 1))  # exactly 6 months: 6–11
    child(a, "P", dt.date(2024, 11, 2))  # 5 months: 0–5
    measure(c1, age_months=2, growth="N", exclusive_breastfeeding=True)
    measure(c2, age_months=7, growth="T", bgm=True, two_t=True, vitamin_a=True)
    measure(c3, age_months=16, growth="O")
    measure(c4, age_months=34, growth="B", vitamin_a=True)

    measure(child(a2, "L", dt.date(2024, 7, 10)), age_months=9, growth="N")
    measure(child(b, "P", dt.date(2024, 2, 1)), age_months=15, growth="N")
    measure(child(c, "L", dt.date(2022, 1, 1)), age_months=40, growth="T")
    return regions
