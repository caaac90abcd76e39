"""Review fixtures: a second kota with its own dinas user, a review of Kota Bekasi with rows,
and helpers to create measurements and posyandu reports with chosen values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest


@pytest.fixture
def dinas_other(other_kota, password):
    from ranting.accounts.models import User

    return User.objects.create_user(
        username="dinas_bogor", password=password, role="dinas", region=other_kota["kota"]
    )


@pytest.fixture
def review(regions, people):
    """Kota Bekasi's 2024 review with one row in each section."""
    from ranting.review.models import ReviewRow, ReviewYear

    year = ReviewYear.objects.create(kota_code="32.75", year=2024, created_by=people["dinas"])
    ReviewRow.objects.create(
        review=year,
        kota_code="32.75",
        section="A",
        order=1,
        program="Pembinaan Kesehatan Masyarakat",
        activity="Peningkatan Kesehatan Ibu",
        indicator="Ibu hamil diperiksa K4",
        opd="Dinas Kesehatan",
        unit="%",
        target=Decimal("95"),
        realisation=Decimal("76"),
        budget_allocated=Decimal("1250"),
        budget_realised=Decimal("1000"),
        problem="Data ibu pindah",
        recommendation="Pendataan bersama kader",
    )
    ReviewRow.objects.create(
        review=year,
        kota_code="32.75",
        section="B",
        order=1,
        indicator="Rembuk Stunting",
        opd="BAPPEDA",
        unit="kali",
        target=Decimal("1"),
        realisation=Decimal("1"),
        realisation_text="Ya, Maret",
    )
    return year


@pytest.fixture
def measure():
    """measure(child, period, **fields): a Measurement at the child's posyandu."""

    def _measure(child, period, **fields):
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
def approve():
    """approve(posyandu, period): the posyandu's report for the month, approved."""

    def _approve(posyandu, period: dt.date):
        from ranting.recaps.models import MonthlyReport

        return MonthlyReport.objects.create(posyandu=posyandu, period=period, status="approved")

    return _approve
