"""A crafted August 2025 round (and February 2025 before it), z-scores written directly.

Counts (verified = posyandu report approved), August 2025:
  kelurahan Medansatria 32.75.06.1001, posyandu A (approved): 12 measured
      stunting 3/12, wasting 0/12, underweight 5/12
  posyandu A2 (same kelurahan, report only submitted): 2 measured, both stunted → not counted
  kelurahan Kalibaru 32.75.06.1004, posyandu B (approved): 20 measured, 3 more registered
      stunting 6/20, wasting 5/20, underweight 0/20
  kelurahan Bekasijaya 32.75.01.1001, posyandu C (approved): 10 measured
      stunting 0/10, wasting 2/10, underweight 0/10
  kecamatan Medansatria: stunting 9/32, wasting 5/32, underweight 5/32
  kecamatan Bekasi Timur: stunting 0/10, wasting 2/10, underweight 0/10
  kota: stunting 9/42, wasting 7/42, underweight 5/42; 42 measured of 47 registered
February 2025 (previous round): posyandu A approved, the first 10 children of A measured,
  stunting 5/10, wasting 0/10, underweight 0/10.
Every child has a distinctive name and NIK, to check that no page or PDF leaks them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

AUGUST = dt.date(2025, 8, 1)
FEBRUARY = dt.date(2025, 2, 1)
BIRTH = dt.date(2023, 6, 15)
ROUND = {"tahun": "2025", "ronde": "8"}
NAME_PREFIX = "Zulaikha Purnamasari"
NIK_PREFIX = "3275069900"


@pytest.fixture
def measure():
    """measure(child, period, **z): a Measurement with the given z-scores (0 otherwise)."""

    def _measure(child, period, **z):
        from ranting.measurements.models import Measurement

        values = {
            "child": child,
            "posyandu": child.posyandu,
            "period": period,
            "measured_on": period.replace(day=10),
            "weight_kg": Decimal("11.5"),
            "age_months": 26 if period == AUGUST else 20,
            "zlen": 0.0,
            "zwei": 0.0,
            "zwfl": 0.0,
        }
        values.update(z)
        return Measurement.objects.create(**values)

    return _measure


@pytest.fixture
def report():
    def _report(posyandu, status, period=AUGUST):
        from ranting.recaps.models import MonthlyReport

        return MonthlyReport.objects.create(posyandu=posyandu, period=period, status=status)

    return _report


@pytest.fixture
def round_data(regions, report):
    """The data set above, written in bulk (a few queries instead of ~150 saves)."""
    from ranting.children.models import Child
    from ranting.measurements.models import Measurement

    a, a2, b, c = (regions[k] for k in ("posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c"))
    for posyandu in (a, b, c):
        report(posyandu, "approved")
    report(a2, "submitted")
    report(a, "approved", FEBRUARY)

    # (posyandu, count) in creation order; numbers in names and NIK run across all of them.
    plan = [(a, 12), (a2, 2), (b, 23), (c, 10)]
    children = []
    for posyandu, count in plan:
        for _ in range(count):
            number = len(children) + 1
            children.append(
                Child(
                    posyandu=posyandu,
                    kota_code="32.75",
                    name=f"{NAME_PREFIX} {number:03d}",
                    nik=f"{NIK_PREFIX}{number:06d}",
                    mother_name=f"Ibu Rahasia {number:03d}",
                    sex="L",
                    birth_date=BIRTH,
                )
            )
    children = Child.objects.bulk_create(children)
    kids_a, kids_a2 = children[:12], children[12:14]
    kids_b, kids_c = children[14:37], children[37:]

    def row(kid, period, **z):
        values = {"zlen": 0.0, "zwei": 0.0, "zwfl": 0.0, **z}
        return Measurement(
            child=kid,
            posyandu=kid.posyandu,
            kota_code="32.75",
            period=period,
            measured_on=period.replace(day=10),
            weight_kg=Decimal("11.5"),
            age_months=26 if period == AUGUST else 20,
            **values,
        )

    rows = []
    for i, kid in enumerate(kids_a):
        rows.append(row(kid, AUGUST, zlen=-2.5 if i < 3 else 0.0, zwei=-2.5 if i < 5 else 0.0))
    for i, kid in enumerate(kids_a[:10]):
        rows.append(row(kid, FEBRUARY, zlen=-2.5 if i < 5 else 0.0))
    rows.extend(row(kid, AUGUST, zlen=-3.0) for kid in kids_a2)
    # Kalibaru: 20 measured, the last 3 registered only.
    for i, kid in enumerate(kids_b[:20]):
        rows.append(row(kid, AUGUST, zlen=-2.5 if i < 6 else 0.0, zwfl=-2.5 if i < 5 else 0.0))
    for i, kid in enumerate(kids_c):
        rows.append(row(kid, AUGUST, zwfl=-2.5 if i < 2 else 0.0))
    Measurement.objects.bulk_create(rows)
    return regions
