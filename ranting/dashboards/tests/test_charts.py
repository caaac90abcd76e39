from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from ranting.dashboards import charts, svg
from ranting.dashboards.charts import Sample


@pytest.mark.parametrize(
    ("table", "sex", "index", "z", "published"),
    [
        # WHO Child Growth Standards, published SD tables (1 decimal).
        pytest.param("weianthro.csv", 1, 0, -2.0, 2.5, id="boys-weight-birth-minus2"),
        pytest.param("weianthro.csv", 1, 0, 3.0, 5.0, id="boys-weight-birth-plus3"),
        pytest.param("weianthro.csv", 2, 0, -3.0, 2.0, id="girls-weight-birth-minus3"),
        pytest.param("lenanthro.csv", 1, 0, -2.0, 46.1, id="boys-length-birth-minus2"),
        pytest.param("lenanthro.csv", 2, 0, 0.0, 49.1, id="girls-length-birth-median"),
    ],
)
def test_it_reproduces_published_who_sd_values(table, sex, index, z, published):
    lms = charts.load_lms(table)[sex]
    value = charts.lms_inverse(z, lms.L[index], lms.M[index], lms.S[index])
    assert float(value) == pytest.approx(published, abs=0.05)


def test_it_handles_a_zero_box_cox_power():
    value = charts.lms_inverse(1.0, np.array([0.0]), np.array([10.0]), np.array([0.1]))
    assert value[0] == pytest.approx(10.0 * np.exp(0.1))


def test_it_places_the_childs_points_on_the_axes():
    samples = [
        Sample(dt.date(2024, 3, 20), 5, 3.4, 50.0),
        Sample(dt.date(2025, 3, 15), 365, 9.5, 74.0),
    ]
    chart = charts.build_growth_chart(charts.KINDS["wfa"], "L", samples, "Budi")
    frame = chart.frame
    assert [p.x for p in chart.points] == [
        svg.fmt(frame.px(5 / 30.4375)),
        svg.fmt(frame.px(365 / 30.4375)),
    ]
    assert chart.points[1].y == svg.fmt(frame.py(9.5))
    assert chart.line.startswith("M")
    assert chart.line.count("L") == 1
    assert "9,5 kg" in chart.points[1].title
    assert chart.title.endswith("Budi")


def test_it_draws_the_median_through_the_table_median():
    chart = charts.build_growth_chart(charts.KINDS["wfa"], "L", [])
    median = next(c for c in chart.curves if c["median"])
    first = median["d"].split()[0]
    assert first == f"M{svg.fmt(chart.frame.px(0))},{svg.fmt(chart.frame.py(3.3464))}"
    assert sum(c["main"] for c in chart.curves) == 5
    assert len(chart.bands) == 4


def test_it_picks_length_or_height_tables_by_age():
    young = [Sample(dt.date(2025, 1, 1), 400, 9.0, 75.0)]
    older = [Sample(dt.date(2025, 1, 1), 800, 12.0, 88.0)]
    assert charts.choose_kind("wfl", young).code == "wfl"
    assert charts.choose_kind("wfl", older).code == "wfh"
    assert charts.choose_kind("wfl", young, "tinggi").code == "wfh"
    assert charts.choose_kind("lhfa", older).code == "lhfa"


def test_it_picks_by_age_today_for_a_child_without_measurements():
    assert charts.choose_kind("wfl", [], "", age_today_days=880).code == "wfh"  # 29 months
    assert charts.choose_kind("wfl", [], "", age_today_days=300).code == "wfl"


def test_it_leaves_out_points_it_cannot_place():
    samples = [
        Sample(dt.date(2025, 1, 1), 400, 9.0, None),  # no corrected length yet
        Sample(dt.date(2025, 2, 1), 430, 9.2, 76.0),
        Sample(dt.date(2025, 3, 1), 900, 12.0, 88.0),  # standing height: the BB/TB chart
    ]
    chart = charts.build_growth_chart(charts.KINDS["wfl"], "P", samples)
    assert len(chart.points) == 1
    assert "2 pengukuran tidak tampil" in chart.description
