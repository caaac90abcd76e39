"""Quality rows built from the database: posyandu, region and kader rows of `quality_month`.

Expected values are worked out by hand from the fixture's table (tests/conftest.py).
"""

from __future__ import annotations

import pytest

from ranting.quality.loading import LATE, ON_TIME, PENDING, report_state
from ranting.quality.metrics import Grade
from ranting.quality.report import build_posyandu_report, build_region_report
from ranting.quality.tests.conftest import PERIOD, jakarta

pytestmark = pytest.mark.django_db


def _values(row):
    return {code: cell.result for code, cell in row.cells.items()}


def test_it_computes_every_metric_of_posyandu_a(regions, quality_month):
    report = build_posyandu_report(regions["posyandu_a"], PERIOD)
    r = _values(report.total)

    # c1–c8 of 10 targets measured (the inactive and the 61-month child are not targets).
    assert (r["completeness"].count, r["completeness"].n) == (8, 10)
    assert r["completeness"].value == pytest.approx(80.0)
    assert r["completeness"].grade == Grade.ATTENTION
    children = quality_month["children"]
    assert report.total.missing == [children[9].pk, children[10].pk]

    # Submitted 27 May, after the 25 May deadline.
    assert (r["report_timeliness"].value, r["report_timeliness"].n) == (0.0, 1)
    assert r["report_timeliness"].grade == Grade.POOR

    # c6–c8 entered 26 May 00:00 (late); c5 at 25 May 23:59:59 is on time: 5 / 8 = 62.5 %.
    assert (r["entry_timeliness"].count, r["entry_timeliness"].n) == (5, 8)
    assert r["entry_timeliness"].value == pytest.approx(62.5)

    # c8 flagged: 1 / 8 = 12.5 % → buruk.
    assert (r["who_flags"].count, r["who_flags"].n) == (1, 8)
    assert r["who_flags"].grade == Grade.POOR

    # c1 −1.1 kg, c2 +2.1 kg, c4 81.5 → 80.0 cm; c3 fine: 3 of the 4 children with April.
    assert (r["implausible_change"].count, r["implausible_change"].n) == (3, 4)
    assert r["implausible_change"].detail == {"loss": 1, "gain": 1, "shrink": 1}

    # zlen −2, −1, 0, 1, 2, 0 (c6 none, c8 flagged): Σz² = 10, SD = sqrt(10 / 5) = 1.41421.
    assert r["sd_haz"].n == 6
    assert r["sd_haz"].value == pytest.approx(1.414214, abs=1e-6)
    assert r["sd_haz"].grade == Grade.TOO_SMALL

    # Tenths digits 5, 0, 3, 7, 1, 0, 2, 9: χ² = (3 × 0.64 + 6 × 0.04 + 1.44) / 0.8 = 4.5,
    # DPS = 100 × sqrt(4.5 / 72) = 25.
    assert r["dps_weight"].value == pytest.approx(25.0)
    assert r["dps_weight"].detail["counts"] == [2, 1, 1, 1, 0, 1, 0, 1, 0, 1]
    assert r["dps_weight"].grade == Grade.TOO_SMALL
    # Every length is 80.0 cm: all end in 0 → DPS 100.
    assert r["dps_length"].value == pytest.approx(100.0)

    # c1 born on the 1st, c2 on the 15th: 2 / 8 = 25 %; 0.25 × 365.25 / 24 × 100 = 380.47.
    assert r["birthday_heaping"].count == 2
    assert r["birthday_heaping"].value == pytest.approx(380.46875)


def test_it_splits_posyandu_a_by_kader(regions, people, quality_month):
    report = build_posyandu_report(regions["posyandu_a"], PERIOD)
    rows = {row.name: row for row in report.kaders}
    assert set(rows) == {"kader", "Sari"}
    # kader entered c1–c6, Sari (kader2) c7–c8 including the flagged c8.
    assert rows["kader"].cells["who_flags"].result.n == 6
    assert rows["Sari"].cells["who_flags"].result.count == 1
    assert rows["Sari"].cells["who_flags"].result.value == pytest.approx(50.0)
    assert rows["Sari"].cells["entry_timeliness"].result.value == pytest.approx(0.0)
    # Register metrics belong to the posyandu, not to a kader.
    assert "completeness" not in rows["kader"].cells
    assert "report_timeliness" not in rows["kader"].cells


def test_it_adds_up_the_kelurahan_from_its_posyandu(regions, quality_month):
    report = build_region_report(regions["32.75.06.1001"], PERIOD, approved_only=False)
    r = _values(report.total)
    # A: 8 of 10, A2: 2 of 2 → 10 / 12 = 83.3 %.
    assert (r["completeness"].count, r["completeness"].n) == (10, 12)
    assert r["completeness"].value == pytest.approx(100 * 10 / 12)
    # A late, A2 on time (20 May) → 50 %.
    assert (r["report_timeliness"].count, r["report_timeliness"].n) == (1, 2)
    assert r["who_flags"].n == 10
    assert report.units_are_posyandu
    assert [row.name for row in report.units] == [
        str(regions["posyandu_a"]),
        str(regions["posyandu_a2"]),
    ]
    # A2's measurements were entered by a deleted account: their own kader row.
    names = sorted(row.name for row in report.kaders)
    assert names == ["(pengguna dihapus)", "Sari", "kader"]


def test_it_counts_only_approved_reports_when_asked(regions, quality_month):
    report = build_region_report(regions["32.75.06.1001"], PERIOD, approved_only=True)
    r = _values(report.total)
    # Only A2 is approved: 2 measurements; the register and reports still count whole.
    assert r["who_flags"].n == 2
    assert (r["completeness"].count, r["completeness"].n) == (10, 12)
    assert r["report_timeliness"].n == 2


def test_it_gives_a_kecamatan_one_row_per_kelurahan(regions, quality_month):
    report = build_region_report(regions["32.75.06"], PERIOD, approved_only=False, details=False)
    assert [row.code for row in report.units] == ["32.75.06.1001", "32.75.06.1004"]
    kalibaru = _values(report.units[1])
    # Posyandu B: 1 child measured, no report although the deadline has passed → late.
    assert (kalibaru["completeness"].count, kalibaru["completeness"].n) == (1, 1)
    assert (kalibaru["report_timeliness"].value, kalibaru["report_timeliness"].n) == (0.0, 1)
    assert _values(report.total)["who_flags"].n == 11
    assert report.posyandus == []
    assert report.kaders == []


def test_it_leaves_other_kecamatan_out(regions, quality_month):
    report = build_region_report(regions["32.75.01"], PERIOD, approved_only=False)
    assert _values(report.total)["who_flags"].n == 0
    assert _values(report.total)["completeness"].grade == Grade.NO_DATA


@pytest.mark.parametrize(
    ("submitted", "now", "state"),
    [
        pytest.param(jakarta(2025, 5, 25, 23, 59), jakarta(2025, 6, 5), ON_TIME, id="on-time"),
        pytest.param(jakarta(2025, 5, 26, 0, 0), jakarta(2025, 6, 5), LATE, id="late"),
        pytest.param(None, jakarta(2025, 5, 25, 12, 0), PENDING, id="not-yet-due"),
        pytest.param(None, jakarta(2025, 5, 26, 0, 1), LATE, id="overdue"),
    ],
)
def test_it_judges_the_report_against_the_submit_deadline(regions, submitted, now, state):
    from ranting.recaps.models import MonthlyReport

    report = MonthlyReport(posyandu=regions["posyandu_a"], period=PERIOD, submitted_at=submitted)
    assert report_state(report if submitted else None, PERIOD, now) == state


def test_it_loads_a_region_in_a_fixed_number_of_queries(
    regions, quality_month, make_child, measure, django_assert_max_num_queries
):
    from ranting.regions.models import Posyandu

    for i in range(5):
        extra = Posyandu.objects.create(
            code=f"32.75.06.1004.1{i}", name=f"Extra {i}", kelurahan=regions["32.75.06.1004"]
        )
        measure(make_child(posyandu=extra, name=f"Extra {i}"))
    # Posyandu, measurements, April, register, reports, kader names, child regions.
    with django_assert_max_num_queries(7):
        build_region_report(regions["32.75.06"], PERIOD, approved_only=False)
