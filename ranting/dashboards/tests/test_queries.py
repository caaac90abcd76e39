from __future__ import annotations

import datetime as dt

import pytest

from ranting.dashboards import indicators, queries
from ranting.dashboards.tests.conftest import PERIOD

DEADLINE = indicators.submit_deadline(PERIOD, 25)


def _cells(counts):
    return {c["code"]: (c["n"], c["d"]) for c in counts.cells()}


def test_it_counts_only_approved_reports_by_default(may_data):
    by_kel = queries.indicators_by_group(may_data["32.75.06"], PERIOD)
    medansatria = by_kel["32.75.06.1001"]
    assert medansatria.measured == 4  # posyandu A only; A2 is not approved yet
    assert _cells(medansatria) == {"stunting": (1, 3), "wasting": (1, 4), "underweight": (1, 4)}
    assert "32.75.06.1004" not in by_kel  # Kalibaru has no report at all


def test_it_includes_unverified_data_when_asked(may_data):
    by_kel = queries.indicators_by_group(may_data["32.75.06"], PERIOD, approved_only=False)
    assert by_kel["32.75.06.1001"].measured == 6
    assert _cells(by_kel["32.75.06.1001"]) == {
        "stunting": (3, 5),
        "wasting": (1, 6),
        "underweight": (1, 6),
    }
    assert _cells(by_kel["32.75.06.1004"]) == {
        "stunting": (0, 1),
        "wasting": (1, 1),
        "underweight": (0, 1),
    }


def test_it_groups_the_kota_by_kecamatan(may_data):
    by_kec = queries.indicators_by_group(may_data["kota"], PERIOD)
    assert set(by_kec) == {"32.75.06", "32.75.01"}
    assert _cells(by_kec["32.75.01"]) == {
        "stunting": (0, 1),
        "wasting": (0, 1),
        "underweight": (1, 1),
    }


def test_it_groups_a_kelurahan_by_posyandu(may_data):
    by_pos = queries.indicators_by_group(may_data["32.75.06.1001"], PERIOD, approved_only=False)
    assert by_pos[may_data["posyandu_a"].pk].measured == 4
    assert by_pos[may_data["posyandu_a2"].pk].measured == 2


def test_it_ignores_other_months(may_data, measure):
    measure(may_data["posyandu_c"], period=dt.date(2025, 4, 1), zlen=-4.0)
    by_kec = queries.indicators_by_group(may_data["kota"], PERIOD, approved_only=False)
    assert by_kec["32.75.01"].measured == 1


def test_it_matches_the_row_functions_on_every_row(may_data, measure):
    from ranting.measurements.models import Measurement

    pos = may_data["posyandu_c"]
    for zlen, zwfl, zwei, flags, oedema in [
        (-2.0, -2.0, -2.0, "", False),
        (None, None, None, "", False),
        (-6.5, -5.5, -6.5, "zlen,zwfl,zwei", False),
        (-2.5, None, None, "zwfl", True),
        (-2.5, -2.5, -2.5, "zwflx", False),
    ]:
        measure(pos, zlen=zlen, zwfl=zwfl, zwei=zwei, flags=flags, oedema=oedema)
    rows = Measurement.objects.filter(posyandu=pos)
    expected = {code: [0, 0] for code in indicators.ROW_FUNCTIONS}
    for m in rows:
        results = {
            "stunting": indicators.stunting(m.zlen, m.flags),
            "wasting": indicators.wasting(m.zwfl, m.flags, m.oedema),
            "underweight": indicators.underweight(m.zwei, m.flags, m.oedema),
        }
        for code, result in results.items():
            expected[code][0] += result == indicators.YES
            expected[code][1] += result != indicators.NOT_ASSESSABLE
    by_pos = queries.indicators_by_group(may_data["32.75.01.1001"], PERIOD, approved_only=False)
    assert _cells(by_pos[pos.pk]) == {code: tuple(v) for code, v in expected.items()}


def test_it_counts_report_timeliness_per_kelurahan(may_data):
    by_kel = queries.reports_by_group(may_data["32.75.06"], PERIOD, DEADLINE)
    medansatria, kalibaru = by_kel["32.75.06.1001"], by_kel["32.75.06.1004"]
    assert (medansatria.posyandu, medansatria.on_time, medansatria.late) == (2, 1, 1)
    assert medansatria.missing == 0
    assert (kalibaru.posyandu, kalibaru.on_time, kalibaru.late, kalibaru.missing) == (1, 0, 0, 1)


def test_it_counts_the_deadline_day_as_on_time(may_data):
    by_kec = queries.reports_by_group(may_data["kota"], PERIOD, DEADLINE)
    assert by_kec["32.75.01"].on_time == 1  # posyandu C, submitted on the 25th


def test_it_counts_drafts_and_inactive_posyandu_correctly(regions, report):
    from ranting.regions.models import Posyandu

    report(regions["posyandu_b"], "draft")
    Posyandu.objects.create(
        code="32.75.06.1004.09", name="Tutup", kelurahan=regions["32.75.06.1004"], is_active=False
    )
    by_kel = queries.reports_by_group(regions["32.75.06"], PERIOD, DEADLINE)
    kalibaru = by_kel["32.75.06.1004"]
    assert (kalibaru.posyandu, kalibaru.missing) == (1, 1)


def test_it_treats_a_sent_report_without_time_as_late(regions, report):
    report(regions["posyandu_b"], "submitted", submitted_on=None)
    by_kel = queries.reports_by_group(regions["32.75.06"], PERIOD, DEADLINE)
    assert by_kel["32.75.06.1004"].late == 1


def test_it_gives_the_report_status_per_posyandu(may_data):
    by_pos = queries.reports_by_group(may_data["32.75.06.1001"], PERIOD, DEADLINE)
    assert by_pos[may_data["posyandu_a"].pk].status == "approved"
    assert by_pos[may_data["posyandu_a2"].pk].status == "submitted"


def test_it_builds_a_twelve_month_trend_with_empty_months(may_data, measure, report):
    report(
        may_data["posyandu_c"],
        "approved",
        period=dt.date(2025, 1, 1),
        submitted_on=dt.date(2025, 1, 3),
    )
    measure(may_data["posyandu_c"], period=dt.date(2025, 1, 1), zlen=-2.5)
    periods = queries.trend_periods(PERIOD)
    trend = queries.indicator_trend(periods, region_code="32.75")
    assert [p for p, _ in trend][0] == dt.date(2024, 6, 1)
    assert len(trend) == 12
    by_period = dict(trend)
    assert _cells(by_period[dt.date(2025, 1, 1)])["stunting"] == (1, 1)
    assert by_period[dt.date(2025, 3, 1)].measured == 0
    assert by_period[PERIOD].measured == 5  # A (4) + C (1), approved only


def test_it_limits_the_trend_to_a_posyandu(may_data):
    periods = queries.trend_periods(PERIOD)
    trend = dict(
        queries.indicator_trend(
            periods, posyandu_id=may_data["posyandu_a2"].pk, approved_only=False
        )
    )
    assert trend[PERIOD].measured == 2


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2025, 1, 1), -1, dt.date(2024, 12, 1)),
        (dt.date(2025, 12, 1), 1, dt.date(2026, 1, 1)),
        (dt.date(2025, 5, 1), -11, dt.date(2024, 6, 1)),
    ],
)
def test_it_adds_months_across_years(start, months, expected):
    assert queries.add_months(start, months) == expected


def test_it_runs_one_query_per_aggregate(may_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        queries.indicators_by_group(may_data["kota"], PERIOD)
    with django_assert_num_queries(1):
        queries.reports_by_group(may_data["kota"], PERIOD, DEADLINE)
    with django_assert_num_queries(1):
        queries.indicator_trend(queries.trend_periods(PERIOD), region_code="32.75")
