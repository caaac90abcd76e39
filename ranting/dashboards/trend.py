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
# Canvas in SVG units. It is narrow on purpose: on a 360 px phone the chart is drawn about
# 300 px wide, so one unit is ~0.75 px and FONT_SIZE 15 still reads as ~11 px text. On wide
# screens CSS caps the drawn width (dashboards.css).
WIDTH, HEIGHT = 400, 290
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 46, 14, 44, 52
FONT_SIZE = 15
LABEL_EVERY = 2  # label every other month (counted back from the latest) so labels never touch
LEGEND_SWATCH = 24  # legend line length; the text starts 6 units after it
LEGEND_GAP = 16  # space after each legend entry
CHAR_WIDTH = 0.6 * FONT_SIZE  # rough average glyph width, to place legend entries side by side


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
            "x_label_y": svg.fmt(f.plot_bottom + 20),
            "year_y": svg.fmt(f.plot_bottom + 38),
            "legend_y": svg.fmt(20),
            "legend_line_y": svg.fmt(15),
            "font_size": str(FONT_SIZE),
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
    frame = svg.Frame(
        WIDTH,
        HEIGHT,
        MARGIN_LEFT,
        MARGIN_RIGHT,
        MARGIN_TOP,
        MARGIN_BOTTOM,
        -0.5,
        count - 0.5,
        0.0,
        y_max,
    )

    chart = TrendChart(frame, "")
    labelled = [i for i in range(len(trend)) if (len(trend) - 1 - i) % LABEL_EVERY == 0]
    for index in labelled:
        period = trend[index][0]
        chart.x_ticks.append(
            {
                "pos": svg.fmt(frame.px(index)),
                "label": dateformat.format(period, "M"),
                # The year under the first labelled month and under each January.
                "year": period.year if index == labelled[0] or period.month == 1 else "",
            }
        )
    for value in svg.ticks(0.0, y_max, step):
        chart.y_ticks.append({"pos": svg.fmt(frame.py(value)), "label": svg.tick_label(value)})

    summary = []
    legend_x = 8.0
    for order, ind in enumerate(indicators.INDICATORS):
        colour, dash = SERIES_STYLE[ind.code]
        pixels: list[tuple[float, float] | None] = []
        points = []
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
                "legend_x": svg.fmt(legend_x),
                "legend_x2": svg.fmt(legend_x + LEGEND_SWATCH),
                "legend_text_x": svg.fmt(legend_x + LEGEND_SWATCH + 6),
            }
        )
        legend_x += LEGEND_SWATCH + 6 + CHAR_WIDTH * len(str(ind.label)) + LEGEND_GAP
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
