"""Geometry of the publication's bar chart and kelurahan tile map, shared by SVG and PDF.

Coordinates are in canvas units with the origin top left (SVG); the PDF flips them. Values are
rounded to 0.1 unit so the SVG attributes stay short. Text is measured with a rough average glyph
width (AVG_GLYPH × font size), enough to keep labels inside their box on a 360 px phone.

The tile map is a cartogram, not a geographic map: one equal tile per kelurahan, grouped in a
block per kecamatan (in Kemendagri code order), coloured by prevalence class and labelled with
the name, the percentage and the class, so it reads without colour too. No external map tiles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _g

from ranting.dashboards import svg
from ranting.publication import classes
from ranting.publication.report import Figure, PublicationReport, UnitRow

AVG_GLYPH = 0.56
LEGEND_COLUMN = 190.0  # room for "sangat rendah (<2,5%)" beside its swatch
MIN_AXIS_PCT = 10.0


def pct_text(figure: Figure) -> str:
    """ "12,3%", "*" for a hidden figure, "–" when nobody was assessed."""
    if figure.hidden:
        return "*"
    if figure.pct is None:
        return "–"
    return number_format(figure.pct, 1) + "%"


def class_text(figure: Figure) -> str:
    if figure.hidden:
        return _g("disembunyikan")
    if figure.pct is None:
        return _g("tidak ada data")
    return figure.class_label


def describe(name: str, label: str, figure: Figure) -> str:
    """Tooltip / alternative text of one figure."""
    if figure.hidden:
        return _g("%(name)s: %(ind)s disembunyikan (sel kecil), %(d)s anak dinilai") % {
            "name": name,
            "ind": label,
            "d": figure.d,
        }
    if figure.pct is None:
        return _g("%(name)s: %(ind)s tidak ada data") % {"name": name, "ind": label}
    return _g("%(name)s: %(ind)s %(pct)s (%(n)s dari %(d)s anak), %(cls)s") % {
        "name": name,
        "ind": label,
        "pct": pct_text(figure),
        "n": figure.n,
        "d": figure.d,
        "cls": figure.class_label,
    }


def _fit(text: str, size: float, width: float) -> str:
    limit = max(int(width / (AVG_GLYPH * size)), 3)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrap(text: str, size: float, width: float, lines: int = 2) -> list[str]:
    """Greedy word wrap into at most `lines` lines, the last one shortened with "…"."""
    limit = max(int(width / (AVG_GLYPH * size)), 3)
    out: list[str] = []
    words = text.split()
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[index:])
            break
    out.append(current)
    return [_fit(line, size, width) for line in out[:lines]]


# --- bar chart ---------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    label_y: float  # baseline of the name and value line above the bar
    bar_x: float
    bar_y: float
    bar_w: float
    bar_h: float
    fill: str
    value: str
    title: str
    is_total: bool = False
    ci_x1: float | None = None
    ci_x2: float | None = None
    ci_y: float = 0.0


@dataclass
class BarChart:
    """One row per unit: its name (left) and value with class (right) on a line, the bar below.

    Narrow on purpose (320 units): on a 360 px phone the chart is drawn ~290 px wide, so the
    12-unit text reads as ~11 px."""

    width: float
    height: float
    plot_left: float
    plot_right: float
    axis_y: float
    grid_top: float
    grid_bottom: float
    font_size: float
    value_size: float
    bars: list[Bar] = field(default_factory=list)
    ticks: list[dict] = field(default_factory=list)
    target: dict | None = None
    title: str = ""
    description: str = ""


BAR_WIDTH, BAR_ROW, BAR_HEIGHT, BAR_TOP, BAR_BOTTOM = 320.0, 40.0, 13.0, 24.0, 22.0
BAR_MARGIN, BAR_FONT, VALUE_FONT = 6.0, 12.0, 11.0


def _bar_rows(report: PublicationReport) -> list[UnitRow]:
    if report.region_is_kota:
        return [report.total, *report.groups]
    group = report.groups[0] if report.groups else report.total
    return [report.total, *group.units]


def build_bar_chart(report: PublicationReport, code: str) -> BarChart:
    """Horizontal bars of one indicator: the region first, then each kecamatan (kota report)
    or kelurahan (kecamatan report), with the 95% CI as a whisker and the target line."""
    index = report.indicator_index(code)
    info = report.indicators[index]
    rows = _bar_rows(report)
    figures = [row.figures[index] for row in rows]
    highest = max(
        [f.ci_high or f.pct or 0.0 for f in figures if not f.hidden] + [info.target or 0.0]
    )
    highest = max(highest, MIN_AXIS_PCT)
    step = svg.nice_step(highest, max_ticks=5)
    x_max = step * math.ceil(highest / step)
    height = BAR_TOP + BAR_ROW * len(rows) + BAR_BOTTOM
    plot_left, plot_right = BAR_MARGIN + 4, BAR_WIDTH - BAR_MARGIN - 8
    scale = (plot_right - plot_left) / x_max

    def px(value: float) -> float:
        return round(plot_left + value * scale, 1)

    chart = BarChart(
        width=BAR_WIDTH,
        height=round(height, 1),
        plot_left=plot_left,
        plot_right=plot_right,
        axis_y=BAR_TOP - 10,
        grid_top=BAR_TOP - 6,
        grid_bottom=round(height - BAR_BOTTOM + 2, 1),
        font_size=BAR_FONT,
        value_size=VALUE_FONT,
        title=_g("%(ind)s menurut wilayah, %(round)s")
        % {"ind": info.label, "round": report.round_label},
    )
    for value in svg.ticks(0.0, x_max, step):
        chart.ticks.append({"x": px(value), "label": svg.tick_label(value) + "%"})
    value_room = 19  # characters kept for "28,1% sangat tinggi"
    label_room = plot_right - plot_left - value_room * AVG_GLYPH * VALUE_FONT - 6
    lines = []
    for order, (row, figure) in enumerate(zip(rows, figures, strict=True)):
        top = BAR_TOP + order * BAR_ROW
        bar = Bar(
            label=_fit(row.name, BAR_FONT, label_room),
            label_y=round(top + 13, 1),
            bar_x=plot_left,
            bar_y=round(top + 19, 1),
            bar_w=0.0 if figure.hidden or figure.pct is None else round(figure.pct * scale, 1),
            bar_h=BAR_HEIGHT,
            fill=figure.fill,
            value=f"{pct_text(figure)} {class_text(figure)}",
            title=describe(row.name, info.label, figure),
            is_total=order == 0,
        )
        if figure.ci_low is not None and figure.ci_high is not None:
            bar.ci_x1, bar.ci_x2 = px(figure.ci_low), px(figure.ci_high)
            bar.ci_y = round(top + 19 + BAR_HEIGHT / 2, 1)
        chart.bars.append(bar)
        lines.append(bar.title)
    if info.target is not None:
        chart.target = {
            "x": px(info.target),
            "label": _g("target %(pct)s%%") % {"pct": number_format(info.target, 0)},
            "y1": chart.grid_top,
            "y2": chart.grid_bottom,
            "text_y": round(height - 6, 1),
        }
    chart.description = "; ".join(lines)
    return chart


# --- tile map ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TileLayout:
    blocks_per_row: int
    tiles_per_row: int = 2
    tile_w: float = 92.0
    tile_h: float = 64.0
    gap: float = 4.0
    block_gap: float = 12.0
    margin: float = 6.0
    header_h: float = 22.0
    name_size: float = 11.0
    value_size: float = 14.0
    class_size: float = 10.0

    @property
    def block_w(self) -> float:
        return self.tiles_per_row * self.tile_w + (self.tiles_per_row - 1) * self.gap

    @property
    def width(self) -> float:
        blocks = self.blocks_per_row * self.block_w + (self.blocks_per_row - 1) * self.block_gap
        return 2 * self.margin + blocks


# One kecamatan per row, three tiles across: 308 units, drawn ~290 px wide on a 360 px phone.
PHONE = TileLayout(blocks_per_row=1, tiles_per_row=3)
# Three kecamatan side by side for wide screens (600 units), four for an A4 page (800 units).
WIDE = TileLayout(blocks_per_row=3)
PRINT = TileLayout(blocks_per_row=4)


@dataclass
class Tile:
    x: float
    y: float
    w: float
    h: float
    fill: str
    text_fill: str
    lines: list[dict]
    title: str
    hidden: bool = False
    empty: bool = False


@dataclass
class Block:
    x: float
    y: float
    w: float
    h: float
    title: str
    title_x: float
    title_y: float


@dataclass
class TileMap:
    width: float
    height: float
    layout: TileLayout
    blocks: list[Block] = field(default_factory=list)
    tiles: list[Tile] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    title: str = ""
    description: str = ""


def _tile(layout: TileLayout, x: float, y: float, row: UnitRow, figure: Figure, label: str):
    inner = layout.tile_w - 8

    def line(dy: float, text: str, size: float, bold: bool = False) -> dict:
        return {
            "x": round(x + 4, 1),
            "y": round(y + dy, 1),
            "text": text,
            "size": size,
            "bold": bold,
        }

    # Name on up to two lines, then the percentage (bold) and the class in words.
    lines = [
        line(13 + 12 * number, text, layout.name_size)
        for number, text in enumerate(_wrap(row.name, layout.name_size, inner))
    ]
    lines.append(line(44, pct_text(figure), layout.value_size, bold=True))
    lines.append(line(58, _fit(class_text(figure), layout.class_size, inner), layout.class_size))
    return Tile(
        x=round(x, 1),
        y=round(y, 1),
        w=layout.tile_w,
        h=layout.tile_h,
        fill=figure.fill,
        text_fill=figure.text_fill,
        lines=lines,
        title=describe(row.name, label, figure),
        hidden=figure.hidden,
        empty=not figure.hidden and figure.pct is None,
    )


def build_tile_map(report: PublicationReport, code: str, layout: TileLayout = PHONE) -> TileMap:
    index = report.indicator_index(code)
    info = report.indicators[index]
    tmap = TileMap(
        width=layout.width,
        height=0.0,
        layout=layout,
        title=_g("Peta petak kelurahan: %(ind)s, %(round)s")
        % {"ind": info.label, "round": report.round_label},
    )
    y = layout.margin
    descriptions = []
    for start in range(0, len(report.groups), layout.blocks_per_row):
        row_groups = report.groups[start : start + layout.blocks_per_row]
        row_height = 0.0
        for column, group in enumerate(row_groups):
            x = layout.margin + column * (layout.block_w + layout.block_gap)
            tile_rows = max(math.ceil(len(group.units) / layout.tiles_per_row), 1)
            height = layout.header_h + tile_rows * (layout.tile_h + layout.gap)
            figure = group.figures[index]
            tmap.blocks.append(
                Block(
                    x=round(x, 1),
                    y=round(y, 1),
                    w=layout.block_w,
                    h=round(height, 1),
                    title=_fit(f"{group.name} · {pct_text(figure)}", 12, layout.block_w),
                    title_x=round(x + 2, 1),
                    title_y=round(y + 15, 1),
                )
            )
            for number, unit in enumerate(group.units):
                tx = x + (number % layout.tiles_per_row) * (layout.tile_w + layout.gap)
                ty = (
                    y
                    + layout.header_h
                    + (number // layout.tiles_per_row) * (layout.tile_h + layout.gap)
                )
                tile = _tile(layout, tx, ty, unit, unit.figures[index], info.label)
                tmap.tiles.append(tile)
                descriptions.append(tile.title)
            row_height = max(row_height, height)
        y += row_height + layout.block_gap
    # Legend: one swatch per class, then the marks for hidden and empty tiles.
    entries = [(item["fill"], f"{item['label']} ({item['range']})") for item in info.legend]
    if report.public:
        entries.append((classes.SUPPRESSED_FILL, _g("* disembunyikan (sel kecil)")))
    entries.append((classes.EMPTY_FILL, _g("– tidak ada data")))
    columns = max(1, int((layout.width - 2 * layout.margin) // LEGEND_COLUMN))
    column_w = (layout.width - 2 * layout.margin) / columns
    for number, (fill, text) in enumerate(entries):
        column, line = number % columns, number // columns
        lx = layout.margin + column * column_w
        ly = y + line * 18
        tmap.legend.append(
            {
                "x": round(lx, 1),
                "y": round(ly, 1),
                "text_x": round(lx + 18, 1),
                "text_y": round(ly + 11, 1),
                "fill": fill,
                "text": _fit(text, 11, column_w - 22),
            }
        )
    rows_of_legend = math.ceil(len(entries) / columns)
    tmap.height = round(y + rows_of_legend * 18 + layout.margin, 1)
    tmap.description = "; ".join(descriptions)
    return tmap
