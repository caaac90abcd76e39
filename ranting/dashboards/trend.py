"""Geometry of the 12-month prevalence trend chart (inline SVG on the monitoring pages)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _g

from ranting.dashboards import indicators, svg
from ranting.dashboards.queries import IndicatorCounts

# Line style per indicator: colour plus a dash pattern, so lines differ without colour vision.
SERIES_STYLE = {
    "stunting": ("#b3261e", ""),
    "wasting": ("#b26a00", "6 4"),
    "underweight": ("#1f5fa8", "2 3"),
}
MIN_Y_MAX = 10.0  # percent; keeps small prevalences from filling the whole height
Y_STEP_CANDIDATES = (2.0, 5.0, 10.0, 20.0, 25.0)
LEGEND_SPACING = 150  # px between legend entries


@dataclass
class TrendChart:
    frame: svg.Frame
    description: str
    series: list[dict] = field(default_factory=list)
    x_ticks: list[dict] = field(default_factory=list)
    y_ticks: list[dict] = field(default_factory=list)

    @property
    def axis(self) -> dict:
        """Pixel positions of the axes and their labels, as attribute strings."""
        f = self.frame
        return {
            "left": svg.fmt(f.plot_left),
            "right": svg.fmt(f.plot_right),
            "top": svg.fmt(f.plot_top),
            "bottom": svg.fmt(f.plot_bottom),
            "y_label_x": svg.fmt(f.plot_left - 6),
            "x_label_y": svg.fmt(f.plot_bottom + 18),
        }


def _pct_label(pct: float) -> str:
    return number_format(pct, 1) + "%"


def build_trend_chart(trend: list[tuple[dt.date, IndicatorCounts]]) -> TrendChart:
    """Lines of stunting, wasting and underweight prevalence per month; gaps where nobody was
    assessed that month."""
    values = {
        ind.code: [counts.cells()[i]["pct"] for _, counts in trend]
        for i, ind in enumerate(indicators.INDICATORS)
    }
    highest = max([v for series in values.values() for v in series if v is not None] + [0.0])
    y_max = max(MIN_Y_MAX, highest)
    step = next((s for s in Y_STEP_CANDIDATES if y_max / s <= 6), 25.0)
    y_max = math.ceil(y_max / step) * step
    count = max(len(trend), 2)
    frame = svg.Frame(640, 300, 48, 16, 40, 40, -0.5, count - 0.5, 0.0, y_max)

    chart = TrendChart(frame, "")
    for index, (period, _counts) in enumerate(trend):
        chart.x_ticks.append(
            {"pos": svg.fmt(frame.px(index)), "label": dateformat.format(period, "M y")}
        )
    for value in svg.ticks(0.0, y_max, step):
        chart.y_ticks.append({"pos": svg.fmt(frame.py(value)), "label": svg.tick_label(value)})

    summary = []
    for order, ind in enumerate(indicators.INDICATORS):
        colour, dash = SERIES_STYLE[ind.code]
        pixels, points = [], []
        for index, (period, counts) in enumerate(trend):
            cell = counts.cells()[order]
            if cell["pct"] is None:
                pixels.append(None)
                continue
            px, py = frame.px(index), frame.py(cell["pct"])
            pixels.append((px, py))
            points.append(
                {
                    "x": svg.fmt(px),
                    "y": svg.fmt(py),
                    "title": _g("%(name)s %(month)s: %(pct)s (%(n)s dari %(d)s anak)")
                    % {
                        "name": ind.label,
                        "month": dateformat.format(period, "F Y"),
                        "pct": _pct_label(cell["pct"]),
                        "n": cell["n"],
                        "d": cell["d"],
                    },
                }
            )
        chart.series.append(
            {
                "code": ind.code,
                "label": ind.label,
                "colour": colour,
                "dash": dash,
                "d": svg.path_d(pixels),
                "points": points,
                "legend_x": svg.fmt(frame.plot_left + order * LEGEND_SPACING),
                "legend_x2": svg.fmt(frame.plot_left + order * LEGEND_SPACING + 24),
                "legend_text_x": svg.fmt(frame.plot_left + order * LEGEND_SPACING + 30),
            }
        )
        last = next((p for p in reversed(values[ind.code]) if p is not None), None)
        summary.append(
            _g("%(name)s terakhir %(pct)s")
            % {"name": ind.label, "pct": _pct_label(last) if last is not None else "–"}
        )
    chart.description = _g("Tren prevalensi %(months)s bulan. %(summary)s.") % {
        "months": len(trend),
        "summary": "; ".join(summary),
    }
    return chart
