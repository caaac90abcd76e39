"""Excel (.xlsx) and CSV downloads of an SkdnReport (the same object the page shows).

xlsx: sheet "F1" in the form's layout (title, region, month, source line, rows 01–12 by age
group × sex, totals, ratios, checks) and sheet "Per unit" (one row per child unit plus the total).
csv: one tidy table, UTF-8 with BOM so Excel reads the accents, comma-separated: a row per unit ×
age group × sex and a total row per unit, so it can be pivoted without losing the F1 breakdown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ranting.analysis import skdn
from ranting.analysis.report import SkdnReport
from ranting.analysis.skdn import AGE_GROUPS, SEXES, F1Counts

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
# Metric columns of the per-unit sheet and the csv, in F1 order.
UNIT_METRICS = (
    ("S", "s"),
    ("K", "k"),
    ("D", "d"),
    ("N", "n"),
    ("T", "t"),
    ("O", "o"),
    ("B", "b"),
    ("BGM", "bgm"),
    ("2T", "two_t"),
    ("vitamin_A", "vit_a"),
    ("ASI_eksklusif", "asi"),
)
RATIO_DECIMALS = 1


def filename(report: SkdnReport, extension: str) -> str:
    """SKDN_<code>_<YYYY-MM>[_semua].<ext>; "_semua" marks a file that includes unverified data."""
    suffix = "" if report.approved_only else "_semua"
    return f"SKDN_{report.code}_{report.period:%Y-%m}{suffix}.{extension}"


def attachment(response: HttpResponse | StreamingHttpResponse, name: str):
    """`response` as a download named `name` (every export of the analysis and quality pages)."""
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def write_cell(sheet, row: int, col: int, value, style) -> None:
    """A number as a number, "" or None as an empty cell, anything else as text (never as a
    formula or link, whatever it starts with)."""
    if value == "" or value is None:
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, style)
    else:
        sheet.write_string(row, col, str(value), style)


# --- xlsx ------------------------------------------------------------------------------------


def xlsx_response(report: SkdnReport) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format(
            {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
        ),
        "cell": book.add_format({"border": 1}),
        "text": book.add_format({"border": 1, "text_wrap": True}),
        "na": book.add_format({"border": 1, "bg_color": "#D9D9D9"}),
        "total": book.add_format({"border": 1, "bold": True}),
        "pct": book.add_format({"border": 1, "num_format": "0.0"}),
        "warn": book.add_format({"font_color": "#B3261E", "bold": True}),
    }
    _f1_sheet(book, styles, report)
    _unit_sheet(book, styles, report)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    return attachment(response, filename(report, "xlsx"))


def _header_lines(sheet, styles, report: SkdnReport) -> int:
    """Title, subject, month and source line; returns the next free row."""
    sheet.write(0, 0, _("Laporan Bulanan F1 / SKDN Posyandu"), styles["title"])
    sheet.write(1, 0, report.subject_label)
    if report.kelurahan_name:
        sheet.write(2, 0, _("Kelurahan %(name)s") % {"name": report.kelurahan_name})
    sheet.write(3, 0, _("Bulan: %(month)s") % {"month": date_format(report.period, "F Y")})
    sheet.write(4, 0, report.source_label, styles["bold"])
    return 6


def _f1_sheet(book, styles, report: SkdnReport) -> None:
    sheet = book.add_worksheet("F1")
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 6)
    sheet.set_column(3, 3 + 2 * len(AGE_GROUPS) + 2, 8)
    row = _header_lines(sheet, styles, report)
    head = styles["head"]
    sheet.merge_range(row, 0, row + 1, 0, "No.", head)
    sheet.merge_range(row, 1, row + 1, 1, _("Keterangan"), head)
    sheet.merge_range(row, 2, row + 1, 2, _("Kode"), head)
    col = 3
    for group in AGE_GROUPS:
        sheet.merge_range(row, col, row, col + 1, str(group.label), head)
        for offset, sex in enumerate(SEXES):
            sheet.write(row + 1, col + offset, sex, head)
        col += 2
    sheet.merge_range(row, col, row, col + 2, _("Jumlah"), head)
    for offset, label in enumerate((*SEXES, "L+P")):
        sheet.write(row + 1, col + offset, label, head)
    row += 2
    for line in report.grid:
        sheet.write_string(row, 0, line.row.number, styles["cell"])
        sheet.write(row, 1, str(line.row.label), styles["text"])
        sheet.write(row, 2, line.row.code, styles["cell"])
        for offset, value in enumerate(line.cells):
            if value is None:
                sheet.write_blank(row, 3 + offset, None, styles["na"])
            else:
                sheet.write_number(row, 3 + offset, value, styles["cell"])
        for offset, value in enumerate((line.total_l, line.total_p, line.total)):
            sheet.write_number(row, col + offset, value, styles["total"])
        row += 1
    if not report.is_vitamin_a_month:
        sheet.write(row, 1, _("Baris 10–11: bulan ini bukan bulan vitamin A (Februari/Agustus)."))
        row += 1
    row += 1
    row = _ratio_block(sheet, styles, report, row)
    row += 1
    sheet.write(row, 0, _("Pemeriksaan"), styles["bold"])
    row += 1
    ok = report.identity_ok
    sheet.write(
        row,
        1,
        _("D = N + T + O + B: sesuai") if ok else _("D = N + T + O + B: TIDAK sesuai"),
        None if ok else styles["warn"],
    )
    for warning in report.warnings:
        row += 1
        sheet.write(row, 1, str(warning), styles["warn"])


def _ratio_block(sheet, styles, report: SkdnReport, row: int) -> int:
    head = styles["head"]
    for offset, label in enumerate(
        (_("Rasio"), _("Indikator"), "%", _("Pembilang"), _("Penyebut"))
    ):
        sheet.write(row, offset, label, head)
    row += 1
    for cell in report.ratios:
        ratio = cell["ratio"]
        sheet.write(row, 0, ratio.code, styles["cell"])
        sheet.write(row, 1, str(ratio.label), styles["text"])
        if cell["pct"] is None:
            sheet.write(row, 2, "–", styles["cell"])
        else:
            sheet.write_number(row, 2, cell["pct"], styles["pct"])
        sheet.write_number(row, 3, cell["num"], styles["cell"])
        sheet.write_number(row, 4, cell["den"], styles["cell"])
        row += 1
    return row


def _unit_sheet(book, styles, report: SkdnReport) -> None:
    sheet = book.add_worksheet(_("Per unit"))
    row = _header_lines(sheet, styles, report)
    units = report.units if not report.is_posyandu else []
    head = styles["head"]
    columns = [
        _("Kode"),
        report.unit_level_label or _("Posyandu"),
        *[code for code, _metric in UNIT_METRICS],
        *[r.code for r in skdn.RATIOS],
        "D=N+T+O+B",
        _("Laporan disetujui"),
    ]
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 30)
    for col, label in enumerate(columns):
        sheet.write(row, col, label, head)
    row += 1
    rows = [*units, report.units_total] if units else [report.units_total]
    for unit in rows:
        is_total = unit is rows[-1]
        style = styles["total"] if is_total else styles["cell"]
        totals = unit.totals
        sheet.write(row, 0, unit.code, style)
        sheet.write(row, 1, unit.name if not is_total else f"{_('Jumlah')} {report.name}", style)
        col = 2
        for _code, metric in UNIT_METRICS:
            sheet.write_number(row, col, totals[metric], style)
            col += 1
        for cell in unit.ratios:
            if cell["pct"] is None:
                sheet.write(row, col, "–", style)
            else:
                sheet.write_number(row, col, cell["pct"], styles["pct"])
            col += 1
        sheet.write(row, col, _("ya") if unit.identity_ok else _("TIDAK"), style)
        sheet.write(row, col + 1, _approval_text(report, unit, is_total), style)
        row += 1


def _approval_text(report: SkdnReport, unit, is_total: bool) -> str:
    """Report status of a posyandu unit, or "approved/active posyandu" for a region unit."""
    if report.is_posyandu:
        return ""
    if report.units_are_posyandu and not is_total:
        return unit.report_label
    return f"{unit.posyandu_approved}/{unit.posyandu_total}"


# --- csv -------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def _fmt_pct(value: float | None) -> str:
    return "" if value is None else f"{value:.{RATIO_DECIMALS}f}"


def _csv_line(report: SkdnReport, code: str, name: str, group: str, sex: str, totals) -> list:
    return [
        f"{report.period:%Y-%m}",
        "terverifikasi" if report.approved_only else "semua",
        code,
        name,
        group,
        sex,
        *[totals[metric] for _code, metric in UNIT_METRICS],
        *[_fmt_pct(r.value(totals)) for r in skdn.RATIOS],
    ]


def _cell_totals(counts: F1Counts, group: str, sex: str) -> dict[str, int]:
    return {metric: counts.value(metric, [group], sex) for metric in skdn.METRICS}


def csv_rows(report: SkdnReport) -> Iterator[list]:
    """Header, then per unit (the report's own total first): age group × sex rows and a total."""
    yield [
        "bulan",
        "sumber",
        "kode",
        "nama",
        "kelompok_umur",
        "jenis_kelamin",
        *[code for code, _metric in UNIT_METRICS],
        *[r.code.replace("′", "'") for r in skdn.RATIOS],
    ]
    subjects = [(report.code, report.name, report.counts)]
    subjects += [(u.code, u.name, u.counts) for u in report.units]
    for code, name, counts in subjects:
        for group in AGE_GROUPS:
            for sex in SEXES:
                yield _csv_line(
                    report, code, name, group.code, sex, _cell_totals(counts, group.code, sex)
                )
        yield _csv_line(report, code, name, "0-59", "L+P", counts.totals())


def csv_response(report: SkdnReport) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield BOM
        for row in csv_rows(report):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    return attachment(response, filename(report, "csv"))
