"""Numbers of the prevalence report on crafted data (see prevalence_data.py)."""

from __future__ import annotations

import pytest

from ranting.analysis.prevalence_report import build_prevalence_report
from ranting.analysis.tests.conftest import PERIOD
from ranting.analysis.tests.prevalence_data import make_prevalence_data


@pytest.fixture
def data(regions, make_child, measure, report):
    return make_prevalence_data(regions, make_child, measure, report)


def _summary(rep, code):
    return next(s for s in rep.summaries if s.indicator.code == code)


def _counts(rep, code):
    est = _summary(rep, code).current
    return est.count, est.n


def test_it_counts_each_indicator_with_its_own_denominator(data):
    rep = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    assert rep.measured == 6
    assert _counts(rep, "stunting") == (2, 4)
    assert _counts(rep, "severe_stunting") == (1, 4)
    assert _counts(rep, "wasting") == (2, 5)
    assert _counts(rep, "underweight") == (2, 6)
    assert _counts(rep, "overweight") == (1, 5)
    assert _summary(rep, "stunting").current.pct == pytest.approx(50.0)
    assert _summary(rep, "underweight").current.pct == pytest.approx(100 / 3)


def test_it_leaves_flagged_z_scores_out_of_numerator_and_denominator(data, measure, make_child):
    # a4 (zlen −6.5, flagged) is neither stunted nor in the stunting denominator, but still
    # counts for the weight-based indicators whose z is not flagged.
    rep = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    assert _counts(rep, "stunting") == (2, 4)
    assert _counts(rep, "wasting")[1] == 5
    # Flag list items are matched exactly: "zlen,zwfl" excludes both, "zwei" leaves zlen in.
    kid = make_child(posyandu=data["posyandu_a"], name="Anak flag")
    measure(kid, age_months=20, zlen=-2.4, zwfl=-2.4, zwei=-2.4, flags="zwei,zwfl")
    rep = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    assert _counts(rep, "stunting") == (3, 5)
    assert _counts(rep, "wasting") == (2, 5)
    assert _counts(rep, "underweight") == (2, 6)


def test_it_counts_oedema_as_wasted_and_underweight_never_overweight(data):
    rep = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    # a5 has oedema and no weight-based z: in wasting 2/5 and underweight 2/6 (a2 and a5), in the
    # overweight denominator (5) but not its numerator (only a3).
    assert _counts(rep, "wasting") == (2, 5)
    assert _counts(rep, "underweight") == (2, 6)
    assert _counts(rep, "overweight") == (1, 5)


def test_it_counts_only_approved_reports_unless_all_data_is_asked(data):
    approved = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    everything = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=False)
    assert approved.measured == 6
    assert everything.measured == 7
    assert _counts(everything, "stunting") == (3, 5)


def test_it_gives_confidence_intervals(data):
    est = _summary(
        build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True), "stunting"
    ).current
    # 2/4: Wilson 95% 15.00–85.00.
    assert est.ci_low == pytest.approx(15.0, abs=0.01)
    assert est.ci_high == pytest.approx(85.0, abs=0.01)


def test_it_compares_with_the_previous_month_and_the_same_month_last_year(data):
    rep = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    assert (rep.previous_period.isoformat(), rep.last_year_period.isoformat()) == (
        "2025-04-01",
        "2024-05-01",
    )
    stunting = _summary(rep, "stunting")
    assert (stunting.previous.count, stunting.previous.n) == (1, 4)
    assert stunting.delta_previous == pytest.approx(25.0)
    assert (stunting.last_year.count, stunting.last_year.n) == (1, 2)
    assert stunting.delta_last_year == pytest.approx(0.0)
    # No earlier weight-based data: no difference rather than a made-up one.
    assert _summary(rep, "wasting").delta_previous is None
    assert rep.previous_measured == 4
    assert rep.last_year_measured == 2


def test_it_compares_with_the_configured_target(data, settings):
    settings.PREVALENCE_TARGETS = {"stunting": 14.0, "overweight": 25.0}
    rep = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    stunting, overweight = _summary(rep, "stunting"), _summary(rep, "overweight")
    assert stunting.target == 14.0
    assert stunting.target_gap == pytest.approx(36.0)
    assert stunting.meets_target is False
    assert overweight.meets_target is True  # 20% ≤ 25%
    assert _summary(rep, "wasting").target is None
    assert _summary(rep, "wasting").meets_target is None


def test_it_compares_with_the_city_average(data):
    rep = build_prevalence_report(data["32.75.06"], PERIOD, approved_only=True)
    assert rep.kota_label == "Kota Bekasi"
    stunting = _summary(rep, "stunting")
    assert (stunting.current.count, stunting.current.n) == (2, 6)
    assert (stunting.city.count, stunting.city.n) == (2, 10)
    assert stunting.city_pct == pytest.approx(20.0)
    assert stunting.above_city is False  # 2/6: lower bound 9.7% is not above 20%


def test_it_uses_its_own_figures_as_city_average_for_the_kota(data):
    rep = build_prevalence_report(data["kota"], PERIOD, approved_only=True)
    assert rep.region_is_kota
    stunting = _summary(rep, "stunting")
    assert stunting.city_pct == stunting.current.pct == pytest.approx(20.0)


def test_it_breaks_down_by_sex_and_age_group(data):
    rep = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    rows = {row.key: row for row in rep.breakdown}
    assert list(rows) == ["L", "P", "0-5", "6-11", "12-23", "24-59"]

    def counts(key, code):
        cell = next(c for c in rows[key].cells if c.indicator.code == code)
        return cell.estimate.count, cell.estimate.n

    # Boys a1, a3, a5; girls a2, a4, a6.
    assert (rows["L"].measured, rows["P"].measured) == (3, 3)
    assert counts("L", "stunting") == (1, 3)
    assert counts("P", "stunting") == (1, 1)
    assert counts("L", "wasting") == (1, 3)
    assert counts("P", "underweight") == (1, 3)
    # a1 0–5, a2 6–11, a3 12–23, a4/a5/a6 24–59.
    assert counts("0-5", "stunting") == (1, 1)
    assert counts("6-11", "severe_stunting") == (1, 1)
    assert counts("12-23", "overweight") == (1, 1)
    assert counts("24-59", "stunting") == (0, 1)
    assert counts("24-59", "underweight") == (1, 3)
    assert rows["24-59"].measured == 3


def test_it_lists_one_unit_per_child_region_or_posyandu(data):
    kota = build_prevalence_report(data["kota"], PERIOD, approved_only=True)
    assert [u.key for u in kota.units] == ["32.75.01", "32.75.06"]
    assert kota.units[1].measured == 8
    kelurahan = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    assert kelurahan.units_are_posyandu
    assert [u.key for u in kelurahan.units] == ["32.75.06.1001.01", "32.75.06.1001.02"]
    assert [u.measured for u in kelurahan.units] == [6, 0]
    assert kelurahan.units[1].cells[0].estimate.pct is None


def test_it_marks_a_unit_whose_interval_lies_above_the_city_average(
    regions, make_child, measure, report
):
    a, c = regions["posyandu_a"], regions["posyandu_c"]
    report(a, "approved")
    report(c, "approved")
    for i in range(40):
        measure(make_child(posyandu=a, name=f"A{i}"), age_months=20, zlen=0.0)
        measure(make_child(posyandu=c, name=f"C{i}"), age_months=20, zlen=-2.5 if i < 30 else 0.0)
    rep = build_prevalence_report(regions["kota"], PERIOD, approved_only=True)
    units = {u.key: u for u in rep.units}
    # City 30/80 = 37.5%; Bekasi Timur 30/40, Wilson lower bound 59.8% > 37.5%.
    assert units["32.75.01"].is_hotspot
    assert units["32.75.01"].cells[0].above_city
    assert not units["32.75.06"].is_hotspot
    assert rep.hotspots == [units["32.75.01"]]


def test_it_keeps_unknown_ages_in_the_totals_and_leaves_out_children_of_60_months(
    data, measure, make_child
):
    a = data["posyandu_a"]
    measure(make_child(posyandu=a, name="Umur kosong"), zlen=-2.5)  # age not derived
    measure(make_child(posyandu=a, name="Lima tahun"), age_months=60, zlen=-2.5)
    rep = build_prevalence_report(data["32.75.06.1001"], PERIOD, approved_only=True)
    assert rep.measured == 7
    assert _counts(rep, "stunting") == (3, 5)
    by_age = sum(row.measured for row in rep.breakdown if row.key not in ("L", "P"))
    assert by_age == 6
