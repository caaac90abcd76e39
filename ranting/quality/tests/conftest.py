"""Quality fixtures: one past month (May 2025) of hand-made measurements with chosen derived
values (z-scores, WHO flags, corrected length), entry times and report submissions, so every
expected figure in the tests is computed by hand, independent of the growth engine.

Default submit deadline: the 25th (RANTING_SUBMIT_DEADLINE_DAY), so 25 May 2025 23:59:59
Jakarta is on time and 26 May 00:00 is late.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

PERIOD = dt.date(2025, 5, 1)
APRIL = dt.date(2025, 4, 1)
BULAN = "2025-05"
JAKARTA = ZoneInfo("Asia/Jakarta")


def jakarta(year: int, month: int, day: int, hour=0, minute=0, second=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=JAKARTA)


ON_TIME_ENTRY = jakarta(2025, 5, 10, 10, 0)


@pytest.fixture
def measure():
    """measure(child, period=PERIOD, entered=ON_TIME_ENTRY, **fields) → a saved Measurement.

    `clenhei_cm` defaults to the typed length; `created_at` is set to `entered` after saving
    (auto_now_add would stamp today).
    """
    from ranting.measurements.models import Measurement

    def _measure(child, period=PERIOD, entered=ON_TIME_ENTRY, **fields):
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
        if values["lenhei_cm"] is not None:
            values.setdefault("clenhei_cm", float(values["lenhei_cm"]))
        m = Measurement.objects.create(**values)
        Measurement.objects.filter(pk=m.pk).update(created_at=entered)
        return m

    return _measure


@pytest.fixture
def report_in(regions):
    """report_in(posyandu, status, submitted_at=None, period=PERIOD) → a MonthlyReport."""
    from ranting.recaps.models import MonthlyReport

    def _report(posyandu, status, submitted_at=None, period=PERIOD):
        approved_at = submitted_at if status == "approved" else None
        return MonthlyReport.objects.create(
            posyandu=posyandu,
            period=period,
            status=status,
            submitted_at=submitted_at,
            approved_at=approved_at,
        )

    return _report


@pytest.fixture
def quality_month(regions, people, make_child, measure, report_in):
    """May 2025 in kecamatan Medansatria (expected values: see the tests).

    Posyandu A (kelurahan Medansatria), report submitted late (27 May), not approved:
      10 target children: c1–c8 measured, c9 and c10 not; plus one inactive child and one aged
      61 months (not targets). c1–c6 entered by `kader`, c7–c8 by `kader2`.
      weight kg   c1 10.50 c2 9.00 c3 12.30 c4 8.75 c5 11.10 c6 10.00 c7 7.20 c8 9.90
      April       c1 11.60 (−1.1 kg) c2 6.90 (+2.1 kg) c3 12.00 c4 9.00 but length 81.5 → 80.0
      zlen        −2, −1, 0, 1, 2, none, 0, −6.5 (c8 flagged "zlen")
      birth day   c1 on the 1st, c2 on the 15th, the others on the 10th
      entered     c5 25 May 23:59:59 (on time), c6–c8 26 May 00:00 (late), the rest 10 May
    Posyandu A2 (kelurahan Medansatria), submitted 20 May and approved: 2 children measured by a
      deleted account (created_by NULL).
    Posyandu B (kelurahan Kalibaru), no report: 1 child measured by kader_b.
    """
    from ranting.accounts.models import User

    a, a2, b = regions["posyandu_a"], regions["posyandu_a2"], regions["posyandu_b"]
    kader2 = User.objects.create_user(username="kader2", role="kader", first_name="Sari")
    kader2.posyandus.set([a])
    kader = people["kader"]
    report_in(a, "submitted", jakarta(2025, 5, 27, 9, 0))
    report_in(a2, "approved", jakarta(2025, 5, 20, 9, 0))

    born = {1: dt.date(2024, 3, 1), 2: dt.date(2024, 3, 15)}
    children = {
        i: make_child(
            posyandu=a, name=f"Anak {i:02d}", birth_date=born.get(i, dt.date(2024, 3, 10))
        )
        for i in range(1, 11)
    }
    make_child(posyandu=a, name="Anak nonaktif", is_active=False)
    make_child(posyandu=a, name="Anak 61 bulan", birth_date=dt.date(2020, 4, 10))

    weights = ["10.50", "9.00", "12.30", "8.75", "11.10", "10.00", "7.20", "9.90"]
    zlen = [-2.0, -1.0, 0.0, 1.0, 2.0, None, 0.0, -6.5]
    entered = {5: jakarta(2025, 5, 25, 23, 59, 59)} | {i: jakarta(2025, 5, 26) for i in (6, 7, 8)}
    for i in range(1, 9):
        measure(
            children[i],
            weight_kg=Decimal(weights[i - 1]),
            zlen=zlen[i - 1],
            flags="zlen" if i == 8 else "",
            created_by=kader if i <= 6 else kader2,
            entered=entered.get(i, ON_TIME_ENTRY),
        )
    for i, weight in ((1, "11.60"), (2, "6.90"), (3, "12.00"), (4, "9.00")):
        measure(
            children[i],
            period=APRIL,
            weight_kg=Decimal(weight),
            lenhei_cm=Decimal("81.5") if i == 4 else Decimal("79.0"),
            created_by=kader,
        )

    for name in ("A2 satu", "A2 dua"):
        measure(make_child(posyandu=a2, name=name))
    measure(make_child(posyandu=b, name="B satu"), created_by=people["kader_b"])
    return {"children": children, "kader2": kader2}
