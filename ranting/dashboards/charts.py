"""The child's growth chart (KMS style) as server-rendered SVG geometry.

WHO reference curves come from the LMS tables the growth engine ships in ranting/growth/data
(WHO Child Growth Standards 2006, exported from WHO's anthro R package; see its README). A curve
at z SD is the inverse LMS transform y = M·(1 + L·S·z)^(1/L) (y = M·exp(S·z) when L = 0). Only
this inverse is computed here; the child's z-scores themselves always come from ranting.growth.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from ranting.dashboards import svg

LMS_DIR = Path(__file__).resolve().parent.parent / "growth" / "data"

# WHO convention for converting age in days to months (anthro: days / 30.4375).
DAYS_PER_MONTH = 30.4375
# WHO 2006 age tables end at 1826 days (60 completed months); z is not computed beyond it.
MAX_AGE_DAYS = 1826
# Below 731 days (24 months) length is measured lying down (PB), from then on standing (TB).
LENGTH_AGE_LIMIT_DAYS = 731
AGE_SAMPLE_DAYS = 15  # curve resolution on the age axis (about half a month)
SIZE_SAMPLE_ROWS = 5  # curve resolution on the length axis: every 5th 0.1 cm row = 0.5 cm
AGE_TICK_MONTHS = 6
SIZE_TICK_CM = 10
Y_MAX_TICKS = 8  # keeps the 14-unit labels of the value axis apart on the small canvas
# Canvas in SVG units, narrow on purpose: on a 360 px phone the chart is drawn ~300 px wide, so
# one unit is ~0.75 px and the 14-unit tick labels still read as ~10.5 px text.
CANVAS_WIDTH, CANVAS_HEIGHT = 400, 340
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 50, 26, 34, 46
CURVE_SDS = (-3.0, -2.0, 0.0, 2.0, 3.0)

SEX_CODE = {"L": 1, "P": 2}

# Band colours of the KMS: red = severe, yellow = moderate, green = normal, orange = above normal.
RED, YELLOW, GREEN, PALE_YELLOW, ORANGE, BLUE = (
    "#f4b6b0",
    "#fbe59c",
    "#c9e8c4",
    "#fdf3c8",
    "#fcd2a0",
    "#d6e6f7",
)


@dataclass(frozen=True)
class LmsTable:
    x: np.ndarray
    L: np.ndarray
    M: np.ndarray
    S: np.ndarray

    def values(self, z: float) -> np.ndarray:
        return lms_inverse(z, self.L, self.M, self.S)


def lms_inverse(z: float | np.ndarray, L: np.ndarray, M: np.ndarray, S: np.ndarray) -> np.ndarray:
    """Measurement at z SD for LMS parameters: M·(1 + L·S·z)^(1/L), or M·exp(S·z) when L = 0."""
    z_arr = np.asarray(z, dtype=np.float64)
    L = np.asarray(L, dtype=np.float64)
    M = np.asarray(M, dtype=np.float64)
    S = np.asarray(S, dtype=np.float64)
    zero = np.isclose(L, 0.0)
    safe_L = np.where(zero, 1.0, L)
    with np.errstate(invalid="ignore", divide="ignore"):
        box_cox = M * np.power(1.0 + safe_L * S * z_arr, 1.0 / safe_L)
    return np.where(zero, M * np.exp(S * z_arr), box_cox)


@cache
def load_lms(filename: str) -> dict[int, LmsTable]:
    """An LMS table from ranting/growth/data, per sex (1 male, 2 female), sorted by its index."""
    with (LMS_DIR / filename).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for row in reader if row]
    x_col = header[1]
    if x_col not in {"age", "length", "height"}:
        raise ValueError(f"{filename}: unexpected index column {x_col!r}")
    data = np.array([[float(v) for v in row[:5]] for row in rows], dtype=np.float64)
    tables = {}
    for sex in (1, 2):
        part = data[data[:, 0] == sex]
        part = part[np.argsort(part[:, 1])]
        tables[sex] = LmsTable(part[:, 1], part[:, 2], part[:, 3], part[:, 4])
    return tables


@dataclass(frozen=True)
class ChartKind:
    code: str
    title: Promise
    table: str
    x_label: Promise
    y_label: Promise
    by_age: bool
    # (z from, z to, colour); None is the edge of the plot.
    bands: tuple[tuple[float | None, float | None, str], ...]
    extra_lines: tuple[float, ...] = ()  # band edges drawn thin besides CURVE_SDS
    heading: Promise | str = ""  # the short title printed on the chart itself


_BANDS_WFA = ((None, -3.0, RED), (-3.0, -2.0, YELLOW), (-2.0, 1.0, GREEN), (1.0, None, ORANGE))
_BANDS_LHFA = ((None, -3.0, RED), (-3.0, -2.0, YELLOW), (-2.0, 3.0, GREEN), (3.0, None, BLUE))
_BANDS_WFL = (
    (None, -3.0, RED),
    (-3.0, -2.0, YELLOW),
    (-2.0, 1.0, GREEN),
    (1.0, 2.0, PALE_YELLOW),
    (2.0, 3.0, ORANGE),
    (3.0, None, RED),
)

KINDS: dict[str, ChartKind] = {
    "wfa": ChartKind(
        "wfa",
        _("Berat badan menurut umur (BB/U)"),
        "weianthro.csv",
        _("Umur (bulan)"),
        _("Berat badan (kg)"),
        True,
        _BANDS_WFA,
        (1.0,),
        _("BB/U · berat badan menurut umur"),
    ),
    "lhfa": ChartKind(
        "lhfa",
        _("Panjang/tinggi badan menurut umur (PB/U–TB/U)"),
        "lenanthro.csv",
        _("Umur (bulan)"),
        _("Panjang/tinggi badan (cm)"),
        True,
        _BANDS_LHFA,
        (),
        _("PB/U–TB/U · panjang/tinggi menurut umur"),
    ),
    "wfl": ChartKind(
        "wfl",
        _("Berat badan menurut panjang badan (BB/PB, 0–24 bulan)"),
        "wflanthro.csv",
        _("Panjang badan (cm)"),
        _("Berat badan (kg)"),
        False,
        _BANDS_WFL,
        (1.0,),
        _("BB/PB · berat menurut panjang (0–24 bln)"),
    ),
    "wfh": ChartKind(
        "wfh",
        _("Berat badan menurut tinggi badan (BB/TB, 24–60 bulan)"),
        "wfhanthro.csv",
        _("Tinggi badan (cm)"),
        _("Berat badan (kg)"),
        False,
        _BANDS_WFL,
        (1.0,),
        _("BB/TB · berat menurut tinggi (24–60 bln)"),
    ),
}
# The URL indicators; "wfl" picks BB/PB or BB/TB by the child's age (see choose_kind).
INDICATORS = ("wfa", "lhfa", "wfl")


@dataclass(frozen=True)
class Sample:
    """One measurement of the child, as the chart needs it."""

    measured_on: dt.date
    age_days: int
    weight_kg: float | None
    clenhei_cm: float | None
    oedema: bool = False


def choose_kind(
    indicator: str, samples: Sequence[Sample], mode: str = "", age_today_days: int = 0
) -> ChartKind:
    """The chart for a URL indicator. For "wfl", `mode` "panjang"/"tinggi" forces BB/PB or BB/TB;
    otherwise the age at the latest measurement decides (below 24 months: BB/PB), so the chart
    shows the child's latest point. Without measurements the child's age today decides: a
    29-month-old will be measured standing, on the BB/TB chart."""
    if indicator != "wfl":
        return KINDS[indicator]
    if mode in {"panjang", "tinggi"}:
        return KINDS["wfl" if mode == "panjang" else "wfh"]
    age = samples[-1].age_days if samples else age_today_days
    return KINDS["wfl" if age < LENGTH_AGE_LIMIT_DAYS else "wfh"]


def _point(kind: ChartKind, s: Sample) -> tuple[float, float] | None:
    xy: tuple[float | None, float | None]
    if kind.code == "wfa":
        xy = (s.age_days / DAYS_PER_MONTH, s.weight_kg)
    elif kind.code == "lhfa":
        xy = (s.age_days / DAYS_PER_MONTH, s.clenhei_cm)
    else:
        length_mode = kind.code == "wfl"
        if (s.age_days < LENGTH_AGE_LIMIT_DAYS) != length_mode:
            return None  # measured in the other position: belongs to the other chart
        xy = (s.clenhei_cm, s.weight_kg)
    if xy[0] is None or xy[1] is None or s.age_days > MAX_AGE_DAYS:
        return None
    return (float(xy[0]), float(xy[1]))


@dataclass
class ChartPoint:
    x: str
    y: str
    title: str
    oedema: bool


@dataclass
class GrowthChart:
    kind: ChartKind
    title: str
    description: str
    frame: svg.Frame
    bands: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    x_ticks: list[dict] = field(default_factory=list)
    y_ticks: list[dict] = field(default_factory=list)
    points: list[ChartPoint] = field(default_factory=list)
    line: str = ""

    @property
    def axis(self) -> dict:
        """Pixel positions of the plot area, axes and axis labels, as attribute strings."""
        f = self.frame
        return {
            "left": svg.fmt(f.plot_left),
            "right": svg.fmt(f.plot_right),
            "top": svg.fmt(f.plot_top),
            "bottom": svg.fmt(f.plot_bottom),
            "width": svg.fmt(f.plot_width),
            "height": svg.fmt(f.plot_height),
            "y_tick_x": svg.fmt(f.plot_left - 5),
            "x_tick_y": svg.fmt(f.plot_bottom + 17),
            "x_label_x": svg.fmt(f.plot_left + f.plot_width / 2),
            "x_label_y": svg.fmt(f.height - 6),
            "y_label_x": svg.fmt(14),
            "y_label_y": svg.fmt(f.plot_top + f.plot_height / 2),
            "title_x": svg.fmt(8),
            "title_y": svg.fmt(20),
        }


def _curve_range(kind: ChartKind, table: LmsTable) -> tuple[np.ndarray, np.ndarray]:
    """Sampled x positions (months or cm) and the row indices of the table to draw."""
    if kind.by_age:
        days = np.arange(0, MAX_AGE_DAYS + 1, AGE_SAMPLE_DAYS)
        days = np.unique(np.append(days, MAX_AGE_DAYS))
        rows = np.searchsorted(table.x, days)
        return days / DAYS_PER_MONTH, rows
    rows = np.arange(0, table.x.size, SIZE_SAMPLE_ROWS)
    rows = np.unique(np.append(rows, table.x.size - 1))
    return table.x[rows], rows


def _y_limits(kind: ChartKind, low: float, high: float) -> tuple[float, float, float]:
    low_edge = 0.0 if kind.code == "wfa" else low
    step = svg.nice_step(high - low_edge, Y_MAX_TICKS)
    return math.floor(low_edge / step) * step, math.ceil(high / step) * step, step


def build_growth_chart(
    kind: ChartKind, sex: str, samples: Sequence[Sample], child_name: str = ""
) -> GrowthChart:
    """Geometry of the growth chart for one child: bands, SD curves, ticks and the child's line."""
    table = load_lms(kind.table)[SEX_CODE[sex]]
    xs, rows = _curve_range(kind, table)
    curve_values = {z: table.values(z)[rows] for z in {*CURVE_SDS, *kind.extra_lines}}
    points = [(s, _point(kind, s)) for s in samples]
    shown = [(s, p) for s, p in points if p is not None]

    y_low = min([float(curve_values[-3.0].min())] + [p[1] for _, p in shown])
    y_high = max([float(curve_values[3.0].max())] + [p[1] for _, p in shown])
    y_min, y_max, y_step = _y_limits(kind, y_low, y_high)
    x_min, x_max = (0.0, MAX_AGE_DAYS / DAYS_PER_MONTH) if kind.by_age else (xs[0], xs[-1])
    frame = svg.Frame(
        CANVAS_WIDTH,
        CANVAS_HEIGHT,
        MARGIN_LEFT,
        MARGIN_RIGHT,
        MARGIN_TOP,
        MARGIN_BOTTOM,
        float(x_min),
        float(x_max),
        y_min,
        y_max,
    )

    def curve_pixels(z: float | None, edge: float) -> list[tuple[float, float]]:
        if z is None:
            return [(frame.px(x), edge) for x in xs]
        return [(frame.px(x), frame.py(y)) for x, y in zip(xs, curve_values[z], strict=True)]

    chart = GrowthChart(kind, "", "", frame)
    for low, high, colour in kind.bands:
        lower = curve_pixels(low, frame.plot_bottom)
        upper = curve_pixels(high, frame.plot_top)
        chart.bands.append({"points": svg.polygon_points(lower + upper[::-1]), "colour": colour})
    for z in sorted(curve_values):
        pixels = curve_pixels(z, 0.0)
        label = "0" if z == 0 else f"{z:+.0f}".replace("-", "−")
        chart.curves.append(
            {
                "d": svg.path_d(pixels),
                "main": z in CURVE_SDS,
                "median": z == 0,
                "label": label,
                "label_x": svg.fmt(frame.plot_right + 4),
                "label_y": svg.fmt(min(max(pixels[-1][1], frame.plot_top), frame.plot_bottom) + 4),
            }
        )
    x_step = AGE_TICK_MONTHS if kind.by_age else SIZE_TICK_CM
    for value in svg.ticks(frame.x_min, frame.x_max, x_step):
        chart.x_ticks.append({"pos": svg.fmt(frame.px(value)), "label": svg.tick_label(value)})
    for value in svg.ticks(frame.y_min, frame.y_max, y_step):
        chart.y_ticks.append({"pos": svg.fmt(frame.py(value)), "label": svg.tick_label(value)})
    pixel_line = []
    for sample, point in shown:
        px, py = frame.px(point[0]), frame.py(point[1])
        pixel_line.append((px, py))
        chart.points.append(
            ChartPoint(svg.fmt(px), svg.fmt(py), _point_title(kind, sample, point), sample.oedema)
        )
    chart.line = svg.path_d(pixel_line)
    chart.title = f"{kind.title} — {child_name}" if child_name else str(kind.title)
    chart.description = _describe(kind, sex, len(shown), len(samples) - len(shown), shown)
    return chart


def _point_title(kind: ChartKind, sample: Sample, point: tuple[float, float]) -> str:
    months = int(sample.age_days // DAYS_PER_MONTH)
    unit = "cm" if kind.code == "lhfa" else "kg"
    text = _g("%(date)s, umur %(months)s bulan: %(value)s %(unit)s") % {
        "date": sample.measured_on.strftime("%d-%m-%Y"),
        "months": months,
        "value": number_format(point[1], 1),
        "unit": unit,
    }
    if not kind.by_age:
        text += " " + _g("pada %(size)s cm") % {"size": number_format(point[0], 1)}
    if sample.oedema:
        text += " " + _g("(edema)")
    return text


def _describe(
    kind: ChartKind,
    sex: str,
    shown: int,
    hidden: int,
    points: Iterable[tuple[Sample, tuple[float, float]]],
) -> str:
    sex_label = _g("laki-laki") if sex == "L" else _g("perempuan")
    text = _g(
        "Kurva standar WHO 2006 untuk anak %(sex)s: garis −3, −2, 0 (median), +2 dan +3 SD. "
        "Titik anak: %(count)s pengukuran."
    ) % {"sex": sex_label, "count": shown}
    last = list(points)[-1:]
    if last:
        text += " " + _g("Terakhir: %(point)s.") % {"point": _point_title(kind, *last[0])}
    if hidden:
        text += " " + _g(
            "%(count)s pengukuran tidak tampil (di luar rentang grafik, data kurang, "
            "atau cara ukur lain)."
        ) % {"count": hidden}
    return text


def samples_for(child) -> list[Sample]:
    """The child's measurements, oldest first (one query). Age comes from the stored age_days,
    or from the birth and measurement dates while the engine has not filled it in yet."""
    rows = child.measurements.order_by("measured_on").values(
        "measured_on", "age_days", "weight_kg", "clenhei_cm", "oedema"
    )
    return [
        Sample(
            measured_on=row["measured_on"],
            age_days=(
                row["age_days"]
                if row["age_days"] is not None
                else (row["measured_on"] - child.birth_date).days
            ),
            weight_kg=float(row["weight_kg"]) if row["weight_kg"] is not None else None,
            clenhei_cm=row["clenhei_cm"],
            oedema=row["oedema"],
        )
        for row in rows
    ]
