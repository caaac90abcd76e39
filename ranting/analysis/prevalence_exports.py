"""Excel (.xlsx) and CSV downloads of a PrevalenceReport (the same object the page shows).

xlsx: sheet "Ringkasan" (per indicator: prevalence, 95% CI, numerator, denominator, previous
month, same month last year, differences in percentage points, target, city average, and the
definitions), "Rincian" (by sex and age group) and "Per unit" (one row per unit one level down).
csv: one tidy table, UTF-8 with BOM, a row per (part, unit or group, indicator).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ranting.analysis.exports import BOM, CSV_TYPE, XLSX_TYPE, attachment, write_cell
from ranting.analysis.prevalence import Estimate, Indicator
from ranting.analysis.prevalence_report import PrevalenceReport, Row
from ranting.analysis.skdn import KOTA_CODE_LENGTH

DECIMALS = 2


def filename(report: PrevalenceReport, extension: str) -> str:
    """Prevalensi_<code>_<YYYY-MM>[_semua].<ext>; "_semua" marks unverified data included."""
    suffix = "" if report.approved_only else "_semua"
    return f"Prevalensi_{report.region.code}_{report.period:%Y-%m}{suffix}.{extension}"


def _num(value: float | None) -> float | str:
    """Rounded number for a cell, or "" when unknown (no denominator, no target)."""
    return "" if value is None else round(value, DECIMALS)


# --- xlsx ------------------------------------------------------------------------------------


def xlsx_response(report: PrevalenceReport) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format({"bold": True, "border": 1, "text_wrap": True}),
        "cell": book.add_format({"border": 1}),
        "text": book.add_format({"border": 1, "text_wrap": True}),
        "pct": book.add_format({"border": 1, "num_format": "0.0"}),
        "warn": book.add_format({"border": 1, "font_color": "#B3261E", "bold": True}),
    }
    _summary_sheet(book, styles, report)
    _rows_sheet(book, styles, report, _("Rincian"), report.breakdown, _("Kelompok"))
    _rows_sheet(book, styles, report, _("Per unit"), report.units, report.unit_level_label)
    book.close()
    return attachment(
        HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename(report, "xlsx")
    )


def _header_lines(sheet, styles, report: PrevalenceReport) -> int:
    sheet.write(0, 0, _("Prevalensi masalah gizi balita"), styles["title"])
    sheet.write(1, 0, report.subject_label)
    sheet.write(2, 0, _("Bulan: %(month)s") % {"month": date_format(report.period, "F Y")})
    sheet.write(3, 0, report.source_label, styles["bold"])
    sheet.write(4, 0, _("IK 95%: interval kepercayaan 95% metode Wilson."))
    return 6


def _summary_sheet(book, styles, report: PrevalenceReport) -> None:
    sheet = book.add_worksheet(_("Ringkasan"))
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 14, 11)
    sheet.set_column(15, 16, 50)
    row = _header_lines(sheet, styles, report)
    columns = [
        _("Indikator"),
        _("Batas"),
        "%",
        _("IK 95% bawah"),
        _("IK 95% atas"),
        _("Pembilang"),
        _("Penyebut"),
        _("Bulan lalu %"),
        _("Selisih bulan lalu (poin %)"),
        _("Tahun lalu %"),
        _("Selisih tahun lalu (poin %)"),
        _("Target %"),
        _("Selisih dari target (poin %)"),
        _("Rata-rata %(kota)s %%") % {"kota": report.kota_label},
        _("Bermakna di atas rata-rata kota"),
        _("Pembilang (definisi)"),
        _("Penyebut (definisi)"),
    ]
    for col, label in enumerate(columns):
        sheet.write(row, col, label, styles["head"])
    row += 1
    for s in report.summaries:
        values = [
            str(s.indicator.label),
            str(s.indicator.short),
            _num(s.current.pct),
            _num(s.current.ci_low),
            _num(s.current.ci_high),
            s.current.count,
            s.current.n,
            _num(s.previous.pct),
            _num(s.delta_previous),
            _num(s.last_year.pct),
            _num(s.delta_last_year),
            _num(s.target),
            _num(s.target_gap),
            _num(s.city_pct),
            _("ya") if s.above_city else _("tidak"),
            str(s.indicator.numerator),
            str(s.indicator.denominator),
        ]
        for col, value in enumerate(values):
            style = styles["text"] if col >= len(values) - 2 else styles["cell"]
            write_cell(sheet, row, col, value, style)
        row += 1


def _rows_sheet(book, styles, report: PrevalenceReport, title, rows: list[Row], label) -> None:
    sheet = book.add_worksheet(title)
    sheet.set_column(0, 1, 24)
    row = _header_lines(sheet, styles, report)
    head = [_("Kode"), str(label), _("Diukur")]
    for cell in rows[0].cells if rows else []:
        name = str(cell.indicator.label)
        head += [f"{name} %", f"{name} IK bawah", f"{name} IK atas", f"{name} n/N"]
    head.append(_("Di atas rata-rata kota (bermakna)"))
    for col, text in enumerate(head):
        sheet.write(row, col, text, styles["head"])
    row += 1
    for line in rows:
        values: list = [line.key, str(line.label), line.measured]
        for cell in line.cells:
            e = cell.estimate
            values += [_num(e.pct), _num(e.ci_low), _num(e.ci_high), f"{e.count}/{e.n}"]
        hot = ", ".join(str(c.indicator.label) for c in line.cells if c.above_city)
        values.append(hot)
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value, styles["warn"] if hot else styles["cell"])
        row += 1


# --- csv -------------------------------------------------------------------------------------


CSV_HEADER = [
    "bulan",
    "sumber",
    "bagian",
    "kode",
    "nama",
    "indikator",
    "pembilang",
    "penyebut",
    "persen",
    "ik95_bawah",
    "ik95_atas",
    "target",
    "rata_rata_kota",
    "di_atas_rata_rata_kota",
]


def csv_rows(report: PrevalenceReport) -> Iterator[list]:
    """Header, then: the region for the month, previous month and last year; the kota; sex and
    age-group rows; one row per unit. Each × indicator."""
    source = "terverifikasi" if report.approved_only else "semua"
    city = {s.indicator.code: s.city_pct for s in report.summaries}
    targets = {s.indicator.code: s.target for s in report.summaries}

    def line(period, part, code, name, ind: Indicator, e: Estimate, above: bool | None):
        return [
            f"{period:%Y-%m}",
            source,
            part,
            code,
            name,
            ind.code,
            e.count,
            e.n,
            _num(e.pct),
            _num(e.ci_low),
            _num(e.ci_high),
            _num(targets[ind.code]),
            _num(city[ind.code]),
            "" if above is None else ("ya" if above else "tidak"),
        ]

    yield CSV_HEADER
    code, name = report.region.code, report.region.label
    for s in report.summaries:
        yield line(report.period, "wilayah", code, name, s.indicator, s.current, s.above_city)
    for s in report.summaries:
        yield line(report.previous_period, "bulan_lalu", code, name, s.indicator, s.previous, None)
    for s in report.summaries:
        yield line(
            report.last_year_period, "tahun_lalu", code, name, s.indicator, s.last_year, None
        )
    kota = report.region.code[:KOTA_CODE_LENGTH]
    for s in report.summaries:
        if s.city is not None and not report.region_is_kota:
            yield line(report.period, "kota", kota, report.kota_label, s.indicator, s.city, None)
    for row in report.breakdown:
        part = "jenis_kelamin" if row.key in ("L", "P") else "kelompok_umur"
        for c in row.cells:
            yield line(report.period, part, row.key, str(row.label), c.indicator, c.estimate, None)
    for row in report.units:
        for c in row.cells:
            yield line(
                report.period,
                "unit",
                row.key,
                str(row.label),
                c.indicator,
                c.estimate,
                c.above_city,
            )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(report: PrevalenceReport) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield BOM
        for row in csv_rows(report):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    return attachment(response, filename(report, "csv"))
