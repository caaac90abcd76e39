"""Small helpers shared by the server-rendered SVG charts (no chart library).

Coordinates are formatted here as plain strings ("12.5"), so templates never run them through
number localisation (Indonesian writes 12,5, which would break SVG attributes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Candidate tick steps, in data units; the first giving at most MAX_TICKS ticks wins.
TICK_STEPS = (0.5, 1, 2, 5, 10, 20, 25, 50, 100)
MAX_TICKS = 12


def fmt(value: float) -> str:
    """A coordinate for an SVG attribute: one decimal, dot separator."""
    return f"{value:.1f}"


def nice_step(span: float, max_ticks: int = MAX_TICKS) -> float:
    for step in TICK_STEPS:
        if span / step <= max_ticks:
            return step
    return TICK_STEPS[-1] * math.ceil(span / (TICK_STEPS[-1] * max_ticks))


def ticks(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step) * step
    count = int(math.floor((high - first) / step + 1e-9)) + 1
    return [first + i * step for i in range(max(count, 0))]


def tick_label(value: float) -> str:
    """A tick label: integers without decimals, otherwise one decimal with a comma (Indonesian)."""
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Frame:
    """The plot area inside the SVG canvas and the data range it shows."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_min: float
    x_max: float
    y_min: float
    y_max: float

    @property
    def plot_left(self) -> float:
        return float(self.left)

    @property
    def plot_right(self) -> float:
        return float(self.width - self.right)

    @property
    def plot_top(self) -> float:
        return float(self.top)

    @property
    def plot_bottom(self) -> float:
        return float(self.height - self.bottom)

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.plot_top

    def px(self, x: float) -> float:
        return self.plot_left + (x - self.x_min) / (self.x_max - self.x_min) * self.plot_width

    def py(self, y: float) -> float:
        return self.plot_bottom - (y - self.y_min) / (self.y_max - self.y_min) * self.plot_height


def path_d(points: Iterable[tuple[float, float] | None]) -> str:
    """An SVG path through pixel points; None breaks the line (a gap in the data)."""
    parts: list[str] = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(("L" if pen_down else "M") + f"{fmt(point[0])},{fmt(point[1])}")
        pen_down = True
    return " ".join(parts)


def polygon_points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
