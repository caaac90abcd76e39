"""The publication as a PDF (reportlab), built only from a PublicationReport (a payload).

Tables, a bar chart per indicator and the stunting tile map are drawn with reportlab.graphics from
the same geometry as the web page (charts.py), so the PDF and the page agree. The document is
built with reportlab's `invariant` mode: no creation timestamp or random document id, so the PDF
of a frozen snapshot is the same file byte for byte every time it is downloaded.

The standard PDF fonts (Helvetica) cover Windows-1252 only: the few other characters the texts
use (−, ≥, ≤) are written as their ASCII equivalents.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _g
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ranting.publication import charts
from ranting.publication.report import Figure, PublicationReport, UnitRow

MARGIN = 15 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
# The bar chart's 12-unit text printed at about 11 pt.
BAR_CHART_WIDTH = 0.6 * FRAME_WIDTH
TEXT_MAP = str.maketrans({"−": "-", "≥": ">=", "≤": "<=", "→": "->", "▲": "^"})
GRID = colors.HexColor("#d9dde3")
MUTED = colors.HexColor("#5b6473")
INK = colors.HexColor("#1d2430")


@dataclass(frozen=True)
class Edition:
    """What the PDF says about the snapshot itself (not part of the figures)."""

    version: int
    status_label: str
    published_on: str  # already formatted date, "" for a draft
    superseded_by: int | None
    withdrawn: bool
    checksum: str
    intact: bool
    note: str


def clean(text: object) -> str:
    """Text the standard fonts can draw: mapped to ASCII where needed, unknown glyphs as "?"."""
    return str(text).translate(TEXT_MAP).encode("cp1252", "replace").decode("cp1252")


def para(text: object, style) -> Paragraph:
    return Paragraph(escape(clean(text)), style)


def _styles() -> dict:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=9)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=16, alignment=0),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=12, spaceBefore=8),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, textColor=MUTED),
        "warn": ParagraphStyle(
            "warn", parent=body, textColor=colors.HexColor("#b3261e"), fontName="Helvetica-Bold"
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9),
    }


def _pct(figure: Figure) -> str:
    return charts.pct_text(figure)


def _count(figure: Figure) -> str:
    if figure.hidden:
        return f"*/{figure.d}"
    return f"{figure.n}/{figure.d}"


def _ci(figure: Figure) -> str:
    if figure.hidden or figure.ci_low is None or figure.ci_high is None:
        return "*" if figure.hidden else "–"
    return f"{number_format(figure.ci_low, 1)}–{number_format(figure.ci_high, 1)}"


def _delta(figure: Figure) -> str:
    if figure.delta_pp is None:
        return "*" if figure.hidden else "–"
    sign = "+" if figure.delta_pp > 0 else ""
    return f"{sign}{number_format(figure.delta_pp, 1)}"


def _coverage(value: float | None) -> str:
    return "–" if value is None else number_format(value, 1) + "%"


def _summary_table(report: PublicationReport, styles) -> Table:
    head = [
        _g("Indikator"),
        _g("Prevalensi"),
        _g("IK 95%"),
        _g("Anak"),
        report.previous_label,
        _g("Selisih (poin)"),
        _g("Kelas"),
    ]
    rows = [[clean(h) for h in head]]
    for info, (now, before) in zip(report.indicators, report.total.pairs, strict=True):
        rows.append(
            [
                clean(info.label),
                clean(_pct(now)),
                clean(_ci(now)),
                clean(_count(now)),
                clean(_pct(before)),
                clean(_delta(now)),
                clean(charts.class_text(now)),
            ]
        )
    widths = [0.2, 0.12, 0.14, 0.12, 0.14, 0.12, 0.16]
    table = Table(rows, colWidths=[w * FRAME_WIDTH for w in widths], repeatRows=1)
    table.setStyle(_table_style())
    return table


def _table_style(bold_rows: tuple[int, ...] = ()) -> TableStyle:
    commands = [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTNAME", (0, 1), (-1, -1), "Helvetica"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ]
    for row in bold_rows:
        commands.append(("FONTNAME", (0, row), (-1, row), "Helvetica-Bold"))
        commands.append(("BACKGROUND", (0, row), (-1, row), colors.HexColor("#f1f3f5")))
    return TableStyle(commands)


def _figure_cell(figure: Figure) -> str:
    return clean(f"{_pct(figure)}\n{_count(figure)}\nd {_delta(figure)}")


def _unit_line(row: UnitRow) -> list[str]:
    return [
        clean(row.name),
        str(row.registered),
        str(row.measured),
        clean(_coverage(row.coverage)),
        *[_figure_cell(f) for f in row.figures],
    ]


def _units_table(report: PublicationReport) -> Table:
    head = [_g("Wilayah"), _g("Terdaftar"), _g("Diukur"), _g("Cakupan")]
    head += [info.label for info in report.indicators]
    rows = [[clean(h) for h in head], _unit_line(report.total)]
    bold = [1]
    for group in report.groups:
        if group.code != report.total.code:
            rows.append(_unit_line(group))
            bold.append(len(rows) - 1)
        rows.extend(_unit_line(unit) for unit in group.units)
    widths = [0.22, 0.1, 0.09, 0.1, 0.163, 0.163, 0.164]
    table = Table(rows, colWidths=[w * FRAME_WIDTH for w in widths], repeatRows=1)
    table.setStyle(_table_style(tuple(bold)))
    return table


def _drawing(width: float, height: float, target_width: float) -> tuple[Drawing, Group]:
    scale = min(target_width / width, 1.4)
    drawing = Drawing(width * scale, height * scale)
    group = Group(transform=(scale, 0, 0, scale, 0, 0))
    drawing.add(group)
    return drawing, group


def _text(x, y, text, size, height, fill=INK, bold=False, anchor="start") -> String:
    return String(
        x,
        height - y,
        clean(text),
        fontName="Helvetica-Bold" if bold else "Helvetica",
        fontSize=size,
        fillColor=fill,
        textAnchor=anchor,
    )


def bar_chart_drawing(chart: charts.BarChart, target_width: float = FRAME_WIDTH) -> Drawing:
    """The bar chart geometry drawn with reportlab.graphics (y flipped to PDF coordinates)."""
    drawing, g = _drawing(chart.width, chart.height, target_width)
    h = chart.height
    for tick in chart.ticks:
        g.add(
            Line(tick["x"], h - chart.grid_top, tick["x"], h - chart.grid_bottom, strokeColor=GRID)
        )
        g.add(_text(tick["x"], chart.axis_y, tick["label"], 10, h, MUTED, anchor="middle"))
    for bar in chart.bars:
        g.add(_text(chart.plot_left, bar.label_y, bar.label, chart.font_size, h, bold=bar.is_total))
        g.add(
            _text(
                chart.plot_right,
                bar.label_y,
                bar.value,
                chart.value_size,
                h,
                bold=bar.is_total,
                anchor="end",
            )
        )
        if bar.bar_w > 0:
            g.add(
                Rect(
                    bar.bar_x,
                    h - bar.bar_y - bar.bar_h,
                    bar.bar_w,
                    bar.bar_h,
                    fillColor=colors.HexColor(bar.fill),
                    strokeColor=INK,
                    strokeWidth=0.5,
                )
            )
        if bar.ci_x1 is not None and bar.ci_x2 is not None:
            g.add(
                Line(
                    bar.ci_x1,
                    h - bar.ci_y,
                    bar.ci_x2,
                    h - bar.ci_y,
                    strokeColor=INK,
                    strokeWidth=1.2,
                )
            )
    if chart.target is not None:
        t = chart.target
        g.add(
            Line(
                t["x"],
                h - t["y1"],
                t["x"],
                h - t["y2"],
                strokeColor=colors.HexColor("#1f5fa8"),
                strokeWidth=1.2,
                strokeDashArray=[4, 3],
            )
        )
        g.add(
            _text(
                t["x"], t["text_y"], t["label"], 10, h, colors.HexColor("#1f5fa8"), anchor="middle"
            )
        )
    return drawing


def tile_map_drawing(tmap: charts.TileMap, target_width: float = FRAME_WIDTH) -> Drawing:
    drawing, g = _drawing(tmap.width, tmap.height, target_width)
    h = tmap.height
    for block in tmap.blocks:
        g.add(_text(block.title_x, block.title_y, block.title, 12, h, bold=True))
    for tile in tmap.tiles:
        g.add(
            Rect(
                tile.x,
                h - tile.y - tile.h,
                tile.w,
                tile.h,
                fillColor=colors.HexColor(tile.fill),
                strokeColor=MUTED,
                strokeWidth=0.6,
                strokeDashArray=[3, 2] if tile.empty else None,
            )
        )
        fill = colors.HexColor(tile.text_fill)
        for line in tile.lines:
            g.add(
                _text(
                    line["x"],
                    line["y"],
                    line["text"],
                    line["size"],
                    h,
                    fill,
                    bold=line.get("bold", False),
                )
            )
    for item in tmap.legend:
        g.add(
            Rect(
                item["x"],
                h - item["y"] - 14,
                14,
                14,
                fillColor=colors.HexColor(item["fill"]),
                strokeColor=MUTED,
                strokeWidth=0.6,
            )
        )
        g.add(_text(item["text_x"], item["text_y"], item["text"], 11, h))
    return drawing


def _notes(report: PublicationReport, edition: Edition, styles) -> list:
    small = styles["small"]
    out = [para(_g("Catatan"), styles["h2"])]
    for info in report.indicators:
        out.append(
            para(
                _g("%(ind)s (%(short)s). Pembilang: %(num)s Penyebut: %(den)s Kelas: %(src)s.")
                % {
                    "ind": info.label,
                    "short": info.short,
                    "num": info.numerator,
                    "den": info.denominator,
                    "src": info.class_source,
                },
                small,
            )
        )
    out.append(
        para(
            _g(
                "Sumber: pengukuran bulan penimbangan dari laporan posyandu yang sudah disetujui "
                "admin kelurahan (data terverifikasi), balita 0–59 bulan. Cakupan = balita "
                "diukur ÷ balita terdaftar aktif × 100. IK 95%% = interval kepercayaan skor "
                "Wilson. Selisih dalam poin persentase terhadap %(prev)s."
            )
            % {"prev": report.previous_label},
            small,
        )
    )
    if report.public:
        out.append(
            para(
                _g(
                    "* = disembunyikan: penyebut kurang dari %(d)s anak atau pembilang 1 sampai "
                    "%(n)s, ditambah sel pelengkap agar nilai yang disembunyikan tidak dapat "
                    "dihitung dari total. Nama dan NIK anak tidak pernah dimuat."
                )
                % {"d": report.rule.min_denominator, "n": report.rule.min_numerator - 1},
                small,
            )
        )
    if edition.note:
        out.append(para(_g("Catatan versi: %(note)s") % {"note": edition.note}, small))
    out.append(
        para(
            _g("Sidik data (SHA-256): %(sum)s. Angka dihitung %(at)s.")
            % {"sum": edition.checksum, "at": report.computed_at},
            small,
        )
    )
    return out


def render_pdf(report: PublicationReport, edition: Edition) -> bytes:
    """The whole publication as PDF bytes."""
    styles = _styles()
    buffer = io.BytesIO()
    title = _g("Prevalensi gizi balita %(kota)s, bulan penimbangan %(round)s") % {
        "kota": report.kota_name,
        "round": report.round_label,
    }
    footer = clean(
        f"RANTING · {report.kota_name} · {report.round_label} · "
        + _g("versi %(v)s") % {"v": edition.version}
        + (" · " + _g("versi publik") if report.public else " · " + _g("versi lengkap dinas"))
    )

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 8 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 8 * mm, clean(_g("halaman %(n)s") % {"n": doc.page}))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=clean(title),
        author="RANTING",
        invariant=1,
        pageCompression=1,
    )
    story: list = [para(title, styles["title"])]
    status = f"{_g('Versi')} {edition.version} · {edition.status_label}"
    if edition.published_on:
        status += f" {edition.published_on}"
    story.append(para(status, styles["body"]))
    if report.public:
        story.append(para(_g("Versi publik: sel kecil disembunyikan (*)."), styles["body"]))
    else:
        story.append(
            para(
                _g("Versi lengkap dinas: memuat sel kecil, bukan untuk disebarluaskan."),
                styles["warn"],
            )
        )
    if edition.withdrawn:
        story.append(para(_g("Versi ini sudah DITARIK dan tidak berlaku."), styles["warn"]))
    elif edition.superseded_by:
        story.append(
            para(
                _g("Versi ini sudah digantikan oleh versi %(v)s.") % {"v": edition.superseded_by},
                styles["warn"],
            )
        )
    if not edition.intact:
        story.append(
            para(
                _g("Peringatan: sidik data tidak cocok, data mungkin telah diubah."), styles["warn"]
            )
        )
    story.append(para(_g("Ringkasan %(region)s") % {"region": report.region_name}, styles["h2"]))
    story.append(_summary_table(report, styles))
    total = report.total
    story.append(Spacer(1, 4))
    story.append(
        para(
            _g(
                "%(m)s balita diukur dari %(r)s terdaftar (cakupan %(c)s; %(prev)s: %(pc)s). "
                "Laporan posyandu terverifikasi: %(a)s dari %(t)s posyandu aktif."
            )
            % {
                "m": total.measured,
                "r": total.registered,
                "c": _coverage(total.coverage),
                "prev": report.previous_label,
                "pc": _coverage(total.previous_coverage),
                "a": total.posyandu_approved,
                "t": total.posyandu_total,
            },
            styles["body"],
        )
    )
    for info in report.indicators:
        chart = charts.build_bar_chart(report, info.code)
        drawing = bar_chart_drawing(chart, BAR_CHART_WIDTH)
        story.append(KeepTogether([para(chart.title, styles["h2"]), drawing]))
    tmap = charts.build_tile_map(report, report.indicators[0].code, charts.PRINT)
    story.append(KeepTogether([para(tmap.title, styles["h2"]), tile_map_drawing(tmap)]))
    story.append(para(_g("Per kecamatan dan kelurahan"), styles["h2"]))
    story.append(
        para(
            _g("Tiap sel indikator: prevalensi, pembilang/penyebut, selisih (d) dari %(prev)s.")
            % {"prev": report.previous_label},
            styles["small"],
        )
    )
    story.append(_units_table(report))
    story.extend(_notes(report, edition, styles))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
