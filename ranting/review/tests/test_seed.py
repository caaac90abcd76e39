"""seed_review: the demo's example matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ranting.review.models import ReviewYear
from ranting.review.seed import EXAMPLE_ROWS, seed_review


def test_it_creates_the_example_rows_once(regions, people):
    review = seed_review("32.75", 2024, people["dinas"])
    assert review.rows.count() == len(EXAMPLE_ROWS)
    assert set(review.rows.values_list("section", flat=True)) == {"A", "B"}
    assert seed_review("32.75", 2024) == review
    assert ReviewYear.objects.count() == 1
    assert review.rows.count() == len(EXAMPLE_ROWS)


def test_ranting_rows_are_filled_when_there_is_verified_data(regions, people, make_child):
    from ranting.measurements.models import Measurement
    from ranting.recaps.models import MonthlyReport

    a = regions["posyandu_a"]
    december = dt.date(2024, 12, 1)
    MonthlyReport.objects.create(posyandu=a, period=december, status="approved")
    for i, zlen in enumerate([-2.5, 0.3, 0.1, -0.4]):
        Measurement.objects.create(
            child=make_child(name=f"Anak {i}", birth_date=dt.date(2023, 5, 1)),
            posyandu=a,
            period=december,
            measured_on=dt.date(2024, 12, 10),
            weight_kg=Decimal("10"),
            age_months=19,
            zlen=zlen,
            growth="B",
        )
    review = seed_review("32.75", 2024)
    stunting = review.rows.get(source="stunting")
    assert stunting.realisation == Decimal("25.00")  # 1 of 4
    assert stunting.direction == "turun"
    # (2 × 14 − 25) / 14 = 21.43%
    assert stunting.physical_pct == Decimal("21.43")
    ds = review.rows.get(source="ds")
    assert ds.realisation == Decimal("100.00")  # 4 weighed of 4 registered balita
